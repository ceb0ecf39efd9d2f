// A file put at the rejects path while a load runs (hp21 01–03): a hard link to another program's file planted
// before the first reject or swapped in between two, or an edited copy moved over it. Loadline never writes into
// it, and the run stops with an 'output' error (exit 1) instead of ending well.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { Checkpoint } from '../../shared/src/ingest/journal/checkpoint';
import { fileJournalIo } from '../../shared/src/ingest/journal/journalIo';
import { RunJournal } from '../../shared/src/ingest/journal/runJournal';
import { Reject } from '../../shared/src/ingest/reject';

const VICTIM_TEXT = 'another program keeps its data here\n';
const reject = (line: number): Reject => ({ line, code: 'invalid-json', reason: 'invalid JSON', text: 'x' });
const counts = { lines: 10, inserted: 9, duplicates: 0, rejected: 1, blank: 0 };

describe('a file put at the rejects path during a load', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-planted-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  let runs = 0;

  /** A new load's checkpoint in a folder of its own, and another program's file beside it. */
  function plan() {
    const dir = fs.mkdtempSync(path.join(root, `run${runs++}-`));
    const rejectsFile = path.join(dir, 'rejects.jsonl');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, VICTIM_TEXT);
    const checkpoint: Checkpoint = {
      version: 1,
      runKey: 'run',
      file: path.join(dir, 'in.jsonl'),
      size: 30,
      mtimeMs: 1,
      target: 't',
      table: 't',
      ranges: [
        [0, 10],
        [10, 20],
        [20, 30],
      ],
      committed: {},
      rejectsFile,
      rejectsId: null,
      rejectsPrefix: 0,
      rejectsBytes: 0,
    };
    return { dir, checkpoint, victim };
  }
  /** A journal over real files. */
  function start() {
    const { dir, checkpoint, victim } = plan();
    const journal = new RunJournal(checkpoint, fileJournalIo(path.join(dir, 'checkpoint.json'), 0o600));
    return { journal, rejectsFile: checkpoint.rejectsFile, victim };
  }
  const refused = (error: unknown) => error instanceof IngestError && error.kind === 'output' && /replaced by another file/.test(error.message);

  it('a hard link planted before the first reject is not written into', () => {
    const { journal, rejectsFile, victim } = start();
    fs.linkSync(victim, rejectsFile);
    assert.throws(() => journal.commit(0, counts, [reject(3)]), refused);
    assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM_TEXT);
  });

  it('a hard link planted before the journal starts is neither cut nor written into', () => {
    const { dir, checkpoint, victim } = plan();
    fs.linkSync(victim, checkpoint.rejectsFile);
    assert.throws(() => new RunJournal(checkpoint, fileJournalIo(path.join(dir, 'checkpoint.json'), 0o600)), refused);
    assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM_TEXT);
  });

  it('a hard link swapped in between two rejects is not written into', () => {
    const { journal, rejectsFile, victim } = start();
    journal.commit(0, counts, [reject(3)]);
    fs.unlinkSync(rejectsFile);
    fs.linkSync(victim, rejectsFile);
    assert.throws(() => journal.commit(1, counts, [reject(4)]), refused);
    assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM_TEXT);
  });

  it('an edited copy of the same size moved over it fails the run, even after the last reject', () => {
    const { journal, rejectsFile } = start();
    journal.commit(0, counts, [reject(3)]);
    journal.commit(1, { ...counts, rejected: 0, inserted: 10 }, []);
    journal.commit(2, { ...counts, rejected: 0, inserted: 10 }, []);
    const edited = `${rejectsFile}.edited`;
    fs.writeFileSync(edited, fs.readFileSync(rejectsFile, 'utf8').replace('invalid-json', 'invalid-JSON'));
    fs.renameSync(edited, rejectsFile);
    assert.throws(
      () => journal.checkRejectsFile(),
      (error: unknown) => error instanceof IngestError && error.kind === 'output' && /changed by something else/.test(error.message),
    );
  });

  it('its own file, left in place, takes every reject and passes the final check', () => {
    const { journal, rejectsFile } = start();
    journal.commit(0, counts, [reject(3)]);
    journal.commit(1, counts, [reject(4)]);
    journal.commit(2, counts, [reject(5)]);
    journal.checkRejectsFile();
    assert.deepEqual(
      fs
        .readFileSync(rejectsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { line: number }).line),
      [3, 14, 25],
    );
  });
});

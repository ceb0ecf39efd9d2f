// Issue 21, what remained of classes 2 and 8: a rejects file is cut or appended to only when it is this load's, a
// missing folder is named as such, and a resume reaches its input by any name.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cancelAfter, ingest, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { runCli } from '../support/run';

const { dir, database, writeLog, writeGeneratedLog } = ingestWorkspace();
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const dryRun = (file: string, args: string[] = []) => runCli(['ingest', file, '--dry-run', '--json', ...args]);

describe('a rejects file is written only when a checkpoint of this load records it', () => {
  it('a file that reads as a rejects file but that no checkpoint records is refused and kept, on a real run and a dry run', () => {
    const db = database();
    const file = writeGeneratedLog('look-alike.jsonl', 2000, 31, 0.05);
    const lookAlike = writeLog('look-alike-rejects.jsonl', '{"line":1,"reason":"someone else\'s load"}\n');
    const before = sha(lookAlike);
    for (const result of [ingest(file, db.url, ['--rejects', lookAlike]), dryRun(file, ['--rejects', lookAlike])]) {
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /^loadline: .*look-alike-rejects\.jsonl exists and no checkpoint of this load records it, so Loadline leaves it alone: name another place for the rejects file with --rejects\n$/,
      );
    }
    assert.equal(sha(lookAlike), before);
  });

  it('the checkpoint of a load into another table does not make its rejects file this load’s', async () => {
    const db = database();
    const file = writeGeneratedLog('two-loads.jsonl', 20000, 32, 0.05);
    const rejects = path.join(dir, 'first-load-rejects.jsonl');
    const first = await ingestInProcess(file, db.url, { rejectsFile: rejects, rangeBytes: 64 << 10, workers: 1, ...cancelAfter(1) });
    assert.equal(first.cancelled, true);
    const before = sha(rejects);
    const second = ingest(file, db.url, ['--table', 'other', '--checkpoint', first.checkpointFile!, '--rejects', rejects]);
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, /first-load-rejects\.jsonl exists and no checkpoint of this load records it/);
    assert.equal(sha(rejects), before, 'the first load’s rejects are intact');
    const resumed = ingest(file, db.url, ['--resume', '--rejects', rejects]);
    assert.equal(resumed.status, 0, resumed.stderr);
  });

  it('--rejects in a folder that does not exist says so', () => {
    const db = database();
    const file = writeGeneratedLog('no-folder.jsonl', 200, 33, 0.05);
    const missing = path.join(dir, 'no-such-folder', 'rejects.jsonl');
    for (const result of [ingest(file, db.url, ['--rejects', missing]), dryRun(file, ['--rejects', missing])]) {
      assert.equal(result.status, 2, result.stderr);
      assert.equal(
        result.stderr,
        `loadline: the folder ${path.dirname(missing)} of the rejects file ${missing} does not exist: create it, or choose another --rejects\n`,
      );
    }
  });
});

describe('--resume by another name of the same input', () => {
  for (const how of ['a symlinked folder', 'a symlink to the file']) {
    it(`through ${how}`, async () => {
      const db = database();
      const real = fs.mkdtempSync(path.join(dir, 'real-'));
      const file = path.join(real, 'in.jsonl');
      fs.copyFileSync(writeGeneratedLog(`resume-${how.replace(/\W+/g, '-')}.jsonl`, 20000, 34, 0.05), file);
      const checkpoint = path.join(dir, `${path.basename(real)}.checkpoint.json`);
      const first = await ingestInProcess(file, db.url, { checkpointFile: checkpoint, rangeBytes: 64 << 10, workers: 1, ...cancelAfter(1) });
      assert.equal(first.cancelled, true);
      const other = how === 'a symlinked folder' ? path.join(`${real}-link`, 'in.jsonl') : `${file}-link.jsonl`;
      fs.symlinkSync(how === 'a symlinked folder' ? real : file, how === 'a symlinked folder' ? `${real}-link` : other);
      const resumed = ingest(other, db.url, ['--checkpoint', checkpoint, '--resume']);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.ok((resumed.report!.resumedRanges as number) >= 1);
      assert.equal(fs.existsSync(checkpoint), false, 'the finished run removed its checkpoint');
    });
  }
});

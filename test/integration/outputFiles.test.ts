// Issue 21, classes 2, 3 and 8: the rejects file and the checkpoint never destroy, leak or share a user's file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IngestError } from '../../shared/src/ingest/ingestError';
import {
  cancelAfter,
  checkpointOf,
  databaseExists,
  ingest,
  ingestInProcess,
  ingestAsync,
  ingestWorkspace,
  loadRejectsPath,
  rejectsOf,
} from '../support/ingestFixtures';
import { localMariadb } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database, writeLog, writeGeneratedLog } = ingestWorkspace();
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const dryRun = (file: string, args: string[] = []) => runCli(['ingest', file, '--dry-run', '--json', ...args], { env: { ...process.env } });
const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\s+at .+:\d+:\d+/, 'no stack trace');
/** A folder holding a log, and a symlink to that folder: the log's second name. */
function logBehindSymlink(name: string): { file: string; throughLink: string } {
  const real = fs.mkdtempSync(path.join(dir, 'real-'));
  const link = `${real}-link`;
  fs.symlinkSync(real, link);
  const file = path.join(real, 'in.jsonl');
  fs.copyFileSync(writeGeneratedLog(`${name}.jsonl`, 3000, 21, 0.05), file);
  return { file, throughLink: path.join(link, 'in.jsonl') };
}

describe('class 2: an output that reaches the input by another name is refused, and the input is never deleted', () => {
  it('through a symlinked folder or a hard link, on a real run and a dry run', () => {
    const db = database();
    const { file, throughLink } = logBehindSymlink('aliased');
    const hardLink = path.join(dir, 'aliased-hard.jsonl');
    fs.linkSync(file, hardLink);
    const before = sha(file);
    const runs = [
      ...[throughLink, hardLink].flatMap((alias) => [
        ingest(file, db.url, ['--rejects', alias]),
        ingest(file, db.url, ['--checkpoint', alias]),
        dryRun(file, ['--rejects', alias]),
      ]),
      ingest(throughLink, db.url, ['--rejects', file]),
    ];
    for (const result of runs) {
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^loadline: the (rejects|checkpoint) file .* is the input file: choose another --(rejects|checkpoint)\n$/);
      assert.doesNotMatch(result.stderr, /MySQL at .* said/);
      noStack(result.stderr);
    }
    assert.equal(sha(file), before, 'the input is intact, byte for byte');
    assert.equal(databaseExists(db.name), false, 'refused before connecting');
  });
});

describe('class 3: two loads of one log into two tables', () => {
  it('each keeps its own default rejects file, exact, and both exit 0', async () => {
    const db = database();
    const file = writeGeneratedLog('two-tables.jsonl', 40000, 22, 0.02);
    const alone = ingest(writeLog('two-tables-alone.jsonl', fs.readFileSync(file)), database().url);
    const expected = rejectsOf(loadRejectsPath(path.join(dir, 'two-tables-alone.jsonl')));
    const runs = await Promise.all(['first', 'second'].map((table) => ingestAsync(file, db.url, ['--table', table, '--range-bytes', '65536'])));
    for (const run of runs) assert.equal(run.status, 0, run.stderr);
    const [first, second] = runs.map((run) => run.report!.rejectsFile as string);
    assert.notEqual(first, second, 'one rejects file per table');
    for (const rejects of [first, second]) assert.deepEqual(rejectsOf(rejects), expected);
    assert.equal(alone.report!.rejected, expected.length);
  });

  it('a run whose rejects file something else wrote to does not succeed, and --resume rewrites it exactly', async () => {
    const db = database();
    const file = writeGeneratedLog('tampered.jsonl', 40000, 23, 0.02);
    const alone = ingest(writeLog('tampered-alone.jsonl', fs.readFileSync(file)), database().url);
    const rejectsFile = path.join(dir, 'tampered-rejects.jsonl');
    let tampered = false;
    const run = ingestInProcess(file, db.url, {
      rejectsFile,
      rangeBytes: 128 << 10,
      workers: 2,
      onProgress: (p) => {
        if (tampered || p.rangesDone < 2 || !fs.existsSync(rejectsFile)) return;
        tampered = true;
        fs.appendFileSync(rejectsFile, '{"written by":"someone else"}\n');
      },
    });
    await assert.rejects(run, (error: IngestError) => error.kind === 'output' && error.data.reason === 'rejects-changed');
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(resumed.report!.rejected, alone.report!.rejected);
    assert.equal(fs.readFileSync(rejectsFile, 'utf8'), fs.readFileSync(loadRejectsPath(path.join(dir, 'tampered-alone.jsonl')), 'utf8'));
  });
});

describe('class 8: output files', () => {
  it('a symlink planted at the rejects path, the checkpoint path or its temporary file: the victim is untouched', () => {
    const victim = writeLog('victim.txt', 'precious, not Loadline’s\n');
    const before = sha(victim);
    const plant = (at: string) => {
      fs.rmSync(at, { force: true });
      fs.symlinkSync(victim, at);
    };
    // The rejects path and the checkpoint path: refused, in one line, before anything is loaded.
    for (const which of ['rejects', 'checkpoint'] as const) {
      const db = database();
      const file = writeGeneratedLog(`planted-${which}.jsonl`, 2000, 24, 0.05);
      const at = path.join(dir, `planted-${which}.out`);
      plant(at);
      const result = ingest(file, db.url, [`--${which}`, at]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`(is a symlink|is not a Loadline ${which === 'rejects' ? 'rejects file' : 'checkpoint'}), so Loadline leaves it alone`),
      );
      assert.doesNotMatch(result.stderr, /delete/);
      const dry = dryRun(file, ['--rejects', at]);
      assert.equal(dry.status, 2, dry.stderr);
      assert.equal(sha(victim), before, `the victim of a symlink at the ${which} path`);
    }
    // Where the checkpoint's temporary file used to go: the load goes on and the victim stays as it was.
    const db = database();
    const file = writeGeneratedLog('planted-tmp.jsonl', 2000, 25, 0.05);
    plant(`${checkpointOf(file, db.url)}.tmp`);
    const result = ingest(file, db.url);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(sha(victim), before, 'the victim of a symlink at the temporary checkpoint');
  });

  it('a 0600 log gets a rejects file and a checkpoint that group and others cannot read', async () => {
    const db = database();
    const file = writeGeneratedLog('private.jsonl', 20000, 26, 0.05);
    fs.chmodSync(file, 0o600);
    const report = await ingestInProcess(file, db.url, { rangeBytes: 64 << 10, workers: 1, ...cancelAfter(2) });
    assert.equal(report.cancelled, true);
    for (const output of [report.rejectsFile!, report.checkpointFile!]) {
      assert.equal(fs.statSync(output).mode & 0o077, 0, `${output} is ${(fs.statSync(output).mode & 0o777).toString(8)}`);
    }
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(fs.statSync(resumed.report!.rejectsFile as string).mode & 0o077, 0);
  });

  it('--rejects naming a file that is not Loadline’s is refused and the file kept, on a real run and a dry run', () => {
    const db = database();
    const file = writeGeneratedLog('foreign.jsonl', 2000, 27, 0.05);
    const notes = writeLog('notes.jsonl', '{"my":"own notes"}\n');
    const before = sha(notes);
    for (const result of [ingest(file, db.url, ['--rejects', notes]), dryRun(file, ['--rejects', notes])]) {
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /^loadline: .*notes\.jsonl exists and is not a Loadline rejects file, so Loadline leaves it alone: name another place for the rejects file with --rejects\n$/,
      );
    }
    assert.equal(sha(notes), before);
    assert.equal(databaseExists(db.name), false, 'refused before connecting');
  });

  it('--rejects or --checkpoint naming a folder gets a message about a folder', () => {
    const db = database();
    const file = writeGeneratedLog('folder.jsonl', 2000, 28, 0.05);
    const folder = fs.mkdtempSync(path.join(dir, 'a-folder-'));
    for (const [which, result] of [
      ['rejects', ingest(file, db.url, ['--rejects', folder])],
      ['checkpoint', ingest(file, db.url, ['--checkpoint', folder])],
      ['rejects', dryRun(file, ['--rejects', folder])],
    ] as const) {
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^loadline: the ${which} file .* is a folder: give --${which} a file name, not a folder\\n$`));
      assert.doesNotMatch(result.stderr, /free some space/i);
    }
    assert.deepEqual(fs.readdirSync(folder), []);
  });

  it('--checkpoint naming a file that is not a checkpoint: never the advice to delete it', () => {
    const db = database();
    const file = writeGeneratedLog('not-checkpoint.jsonl', 2000, 29, 0.05);
    const notes = writeLog('notes.txt', 'my own notes\n');
    const before = sha(notes);
    for (const args of [[], ['--resume']]) {
      const result = ingest(file, db.url, ['--checkpoint', notes, ...args], localMariadb().password);
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /notes\.txt exists and is not a Loadline checkpoint, so Loadline leaves it alone: name another place for the checkpoint file with --checkpoint/,
      );
      assert.doesNotMatch(result.stderr, /delete/);
    }
    assert.equal(sha(notes), before);
  });
});

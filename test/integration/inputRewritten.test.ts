// Hostile probe of issue 21: a log rewritten in place during the load, its mtime put back as `touch -r` does, is
// noticed (by its ctime), and the run fails with exit 1 (exit 2 is wrong usage or a missing file).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { chatEvent, checkpointOf, ingestAsync, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { fileAppears } from '../support/fileAppears';

const { dir, database, writeLog } = ingestWorkspace();

/** Enough lines for many 64 KiB ranges, with a `touch -r` reference that holds the log's times to the nanosecond. */
function logWithReference(name: string): { file: string; reference: string } {
  const file = writeLog(name, Array.from({ length: 20000 }, (_, i) => chatEvent(`m${String(i).padStart(6, '0')}`)).join('\n') + '\n');
  const reference = path.join(dir, `${name}.times`);
  fs.writeFileSync(reference, '');
  execFileSync('touch', ['-r', file, reference]);
  return { file, reference };
}

/** `dd conv=notrunc` of one byte in the last line's id, then `touch -r`: same size, same inode, same mtime. */
function rewriteKeepingTimes(file: string, reference: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    const offset = size - 200;
    const tail = Buffer.alloc(200);
    fs.readSync(fd, tail, 0, 200, offset);
    const digit = tail.indexOf('"m0') + 3;
    fs.writeSync(fd, Buffer.from('9'), 0, 1, offset + digit);
  } finally {
    fs.closeSync(fd);
  }
  execFileSync('touch', ['-r', reference, file]);
}

describe('a log rewritten in place during the load, with its mtime put back', () => {
  it('fails the run as a changed file', async () => {
    const db = database();
    const { file, reference } = logWithReference('rewritten.jsonl');
    let rewritten = false;
    const run = ingestInProcess(file, db.url, {
      workers: 1,
      rangeBytes: 64 << 10,
      onProgress: (progress) => {
        if (rewritten || progress.rangesDone < 1) return;
        rewritten = true;
        rewriteKeepingTimes(file, reference);
      },
    });
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof IngestError, String(error));
      assert.equal(error.kind, 'file');
      assert.equal(error.data.reason, 'changed');
      return true;
    });
    assert.ok(rewritten, 'the log was rewritten during the run');
  });

  it('the CLI exits 1 and says so', async () => {
    const db = database();
    const { file, reference } = logWithReference('rewritten-cli.jsonl');
    const checkpoint = checkpointOf(file, db.url);
    // The checkpoint is written once the run is planned, before any range loads.
    const planned = fileAppears(checkpoint);
    const run = ingestAsync(file, db.url, ['--workers', '1', '--range-bytes', String(64 << 10)]);
    await planned;
    rewriteKeepingTimes(file, reference);
    const result = await run;
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /rewritten-cli\.jsonl changed while it was loading .*Load a copy that nothing writes to\.\n$/);
  });
});

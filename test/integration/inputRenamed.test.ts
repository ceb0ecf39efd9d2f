// Hostile probe hp21 04/05: the log renamed (logrotate) or removed during the load. The run fails (exit 1) with one
// line that names the file and, once the run was planned, the --resume command (as every mid-run failure); never
// exit 2 (wrong usage) with a raw ENOENT, nor exit 3 (internal error) when the rename comes while the run is planned.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { chatEvent, checkpointOf, countRows, ingest, ingestAsync, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { fileAppears } from '../support/fileAppears';

const { database, writeLog } = ingestWorkspace();

/** Enough lines for many 64 KiB ranges. */
const log = (name: string) => writeLog(name, Array.from({ length: 20000 }, (_, i) => chatEvent(`m${String(i).padStart(6, '0')}`)).join('\n') + '\n');

describe('a log renamed or removed during the load', () => {
  it('fails the run as the input lost, keeping the committed ranges', async () => {
    const db = database();
    const file = log('rotated.jsonl');
    let renamed = false;
    const run = ingestInProcess(file, db.url, {
      workers: 1,
      rangeBytes: 64 << 10,
      onProgress: (progress) => {
        if (renamed || progress.rangesDone < 1) return;
        renamed = true;
        fs.renameSync(file, `${file}.1`);
      },
    });
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof IngestError, String(error));
      assert.equal(error.kind, 'file');
      assert.equal(error.data.reason, 'lost');
      assert.equal(error.message, `${file} was renamed or removed during the load`);
      return true;
    });
    assert.ok(renamed, 'the log was renamed during the run');
    assert.ok(countRows(db.name) > 0, 'ranges were committed');
    assert.ok(fs.existsSync(checkpointOf(file, db.url)), 'the checkpoint is kept');
  });

  it('the CLI exits 1 with the file and the --resume command', async () => {
    const db = database();
    const file = log('rotated-cli.jsonl');
    const checkpoint = checkpointOf(file, db.url);
    // The checkpoint is written once the run is planned, before any range loads.
    const planned = fileAppears(checkpoint);
    const run = ingestAsync(file, db.url, ['--workers', '1', '--range-bytes', String(64 << 10)]);
    await planned;
    fs.renameSync(file, `${file}.1`);
    const result = await run;
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr.split('\n').length, 2, result.stderr);
    assert.match(
      result.stderr,
      /^loadline: \S+rotated-cli\.jsonl was renamed or removed during the load\. Committed ranges are kept; continue with: loadline ingest \S+ --mysql \S+ --resume\n$/,
    );
  });

  it('a failure before anything was planned does not suggest --resume', () => {
    const file = log('unplanned.jsonl');
    const result = ingest(file, database().url, ['--checkpoint', '/proc/self/fd/1']);
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stderr, /--resume/);
  });
});

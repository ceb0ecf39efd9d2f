// A symlink planted at an output path is called a symlink (even a dangling one), and the advice names the flag.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { explainIngestError } from '../../cli/src/ingestMessages';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { readCheckpoint } from '../../shared/src/ingest/journal/checkpoint';
import { checkRejectsPath } from '../../shared/src/ingest/journal/outputFile';

describe('a symlink at an output path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-links-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is named a symlink, with a way to choose another place', () => {
    const checkpoint = path.join(dir, 'a.loadline-checkpoint.json');
    const rejects = path.join(dir, 'a.loadline-rejects.jsonl');
    fs.symlinkSync(path.join(dir, 'nowhere'), checkpoint);
    fs.symlinkSync(path.join(dir, 'nowhere'), rejects);
    for (const [run, flag] of [
      [() => readCheckpoint(checkpoint), 'checkpoint'],
      [() => checkRejectsPath(rejects, { asked: false }), 'rejects'],
    ] as const) {
      assert.throws(run, (error: IngestError) => {
        const text = explainIngestError(error, undefined);
        assert.match(text, /is a symlink/);
        assert.doesNotMatch(text, /exists/);
        assert.match(text, new RegExp(`name another place for the ${flag} file with --${flag}`));
        return true;
      });
    }
  });
});

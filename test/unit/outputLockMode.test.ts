// The lock folder beside a checkpoint or rejects file is this user's alone, whatever the umask.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lockOutput } from '../../shared/src/ingest/journal/outputLock';

describe('an output lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-lock-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is a 0700 folder under umask 000', async () => {
    const file = path.join(dir, 'a.loadline-checkpoint.json');
    const umask = process.umask(0);
    try {
      const release = await lockOutput(file, 'checkpoint', () => undefined);
      const mode = fs.statSync(`${file}.lock`).mode & 0o777;
      await release();
      assert.equal(mode.toString(8), '700');
    } finally {
      process.umask(umask);
    }
  });
});

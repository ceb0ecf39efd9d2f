import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../support/run';

describe('loadline --version', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  for (const flag of ['--version', '-V']) {
    it(`${flag} prints package.json's version and exits 0`, () => {
      const result = runCli([flag]);
      assert.deepEqual(result, { status: 0, stdout: `${version}\n`, stderr: '' });
    });
  }
});

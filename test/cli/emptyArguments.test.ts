// An empty value (an unset shell variable: `--max-warnings "$MAX"`) is refused as a usage error, exit 2, with one
// message: it was read as 0, ignored (--config: discovery used) or as the current folder (a path) (hp26b 02).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('empty option values and paths', () => {
  let dir: string;
  const run = (args: string[]) => runCli(['validate', ...args], { cwd: dir });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-empty-arguments-'));
    fs.writeFileSync(path.join(dir, 'w.csv'), 'id,name\n1,a,extra\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const value of ['', ' ']) {
    it(`--max-warnings ${JSON.stringify(value)} is a usage error`, () => {
      const result = run(['--max-warnings', value, 'w.csv']);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^loadline: option '--max-warnings <n>' argument '\s*' is invalid\. expected a whole number\n$/);
    });
  }

  // Number() reads these as 1, 16 and 1000: a typo'd or templated count silently meant something else (hp26 15).
  for (const value of ['0b1', '0x10', '1e3']) {
    it(`--max-warnings ${value} and --max-problems ${value} are usage errors, not numbers`, () => {
      const warnings = run(['--max-warnings', value, 'w.csv']);
      assert.equal(warnings.status, 2, warnings.stderr);
      assert.equal(warnings.stderr, `loadline: option '--max-warnings <n>' argument '${value}' is invalid. expected a whole number\n`);
      const problems = run(['--max-problems', value, 'w.csv']);
      assert.equal(problems.status, 2, problems.stderr);
      assert.match(problems.stderr, /^loadline: option '--max-problems <n>' argument '\w+' is invalid\. expected a whole number of 1 or more\n$/);
    });
  }

  it('--config "" is a usage error', () => {
    const result = run(['--config', '', 'w.csv']);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^loadline: option '--config <file>' argument '' is invalid\. expected a path, not an empty value\n$/);
  });

  it('a path "" is a usage error', () => {
    const result = run(['', 'w.csv']);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'loadline: an empty path was given: name a file, a folder or a glob\n');
  });
});

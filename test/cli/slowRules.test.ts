// A strptime format too slow for the check budget ends `loadline validate` with one check-failed error that
// names the rule, and the next file is still checked (issue 22, class 2, for formats and the CLI).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

/** 1,000 adjacent %m before a letter: RE2 follows a thousand ways to split a run of digits, seconds a cell. */
const SLOW_FORMAT = `%Y${'%m'.repeat(1_000)}T`;
const SLOW_CELL = `2020${'1'.repeat(1_500)}T`;

describe('loadline validate with a strptime format too slow for the budget', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-slow-format-'));
    fs.writeFileSync(
      path.join(dir, '.loadline.json'),
      JSON.stringify({
        contracts: [
          { files: ['slow.csv'], headers: { d: { type: 'date', format: SLOW_FORMAT } } },
          { files: ['fast.csv'], headers: { n: { type: 'integer' } } },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, 'slow.csv'), `d\n${`${SLOW_CELL}\n`.repeat(5)}`);
    fs.writeFileSync(path.join(dir, 'fast.csv'), 'n\n1\nx\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops that file with one check-failed error naming the format and its column, then checks the next', () => {
    const started = performance.now();
    const result = runCli(['validate', 'slow.csv', 'fast.csv'], { cwd: dir, env: { ...process.env, LOADLINE_CHECK_BUDGET_MS: '1000' }, timeout: 20_000 });
    const took = performance.now() - started;
    assert.equal(result.status, 1, `exit ${result.status} after ${took.toFixed(0)} ms: ${result.stderr}`);
    assert.equal(
      result.stdout,
      'slow.csv:1:1: error check-failed The check was stopped: testing the format of column "d" on one cell took longer than 1 s. ' +
        'Simplify that format in the contract (or set LOADLINE_CHECK_BUDGET_MS for a longer budget)\n' +
        'fast.csv:3:1: error type-error Value "x" in n (row 3) is not an integer\n',
    );
    assert.equal(result.stderr, '2 files checked: 2 errors, 0 other problems\n');
    assert.ok(took < 10_000, `took ${took.toFixed(0)} ms`);
  });
});

// A pattern too slow for the check budget on one cell ends `loadline validate` with one check-failed error that
// names the rule, and the next file is still checked (issue 22, class 2, for the CLI). A strptime format can no
// longer be slow: each directive may appear once (temporal.ts), so `%m` a thousand times is refused at config time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

/** Linear on RE2, but a thousand live states a character: about 1 s per 3,000 characters (hp22 03). */
const SLOW_PATTERN = '(a?){1000}(a|b)*c';
const SLOW_CELL = `${'a'.repeat(12_000)}d`;

describe('loadline validate with a pattern too slow for the budget', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-slow-pattern-'));
    fs.writeFileSync(
      path.join(dir, '.loadline.json'),
      JSON.stringify({
        contracts: [
          { files: ['slow.csv'], headers: { d: { constraints: { pattern: SLOW_PATTERN } } } },
          { files: ['fast.csv'], headers: { n: { type: 'integer' } } },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, 'slow.csv'), `d\n${`${SLOW_CELL}\n`.repeat(5)}`);
    fs.writeFileSync(path.join(dir, 'fast.csv'), 'n\n1\nx\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops that file with one check-failed error naming the pattern and its column, then checks the next', () => {
    const started = performance.now();
    const result = runCli(['validate', 'slow.csv', 'fast.csv'], { cwd: dir, env: { ...process.env, LOADLINE_CHECK_BUDGET_MS: '1000' }, timeout: 20_000 });
    const took = performance.now() - started;
    assert.equal(result.status, 1, `exit ${result.status} after ${took.toFixed(0)} ms: ${result.stderr}`);
    // One cell past the budget, or its cells past it in all (each slow): which comes first depends on the machine.
    assert.match(
      result.stdout,
      /^slow\.csv:1:1: error check-failed The check was stopped: testing the pattern of column "d" on (one cell|\d+ cells \(each slow\)) took longer than 1 s\. Simplify that pattern in the contract \(or set LOADLINE_CHECK_BUDGET_MS for a longer budget\)\nfast\.csv:3:1: error type-error Value "x" in n \(row 3\) is not an integer\n$/,
    );
    assert.equal(result.stderr, '2 files checked: 2 errors, 0 other problems\n');
    assert.ok(took < 10_000, `took ${took.toFixed(0)} ms`);
  });
});

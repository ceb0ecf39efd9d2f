// SIGTERM and Ctrl+C end `loadline validate` within 2 s, even in the middle of a long check of one cell
// (issue 22, class 2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECK_BUDGET_VARIABLE } from '../../shared/src/schema/ruleWatch';
import { busyFor } from '../support/processCpu';
import { endBySignal, startCli } from '../support/run';
import { randomAb, SLOW_PATTERN } from '../support/slowPattern';

describe('loadline validate ends on a signal during a slow check', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-signals-'));
    fs.writeFileSync(
      path.join(dir, '.loadline.json'),
      JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { v: { constraints: { pattern: SLOW_PATTERN } } } }] }),
    );
    fs.writeFileSync(path.join(dir, 'big.csv'), `v\n${randomAb(4_000_000)}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} ends it within 2 s`, async () => {
      // A budget past the test's length: on a loaded machine the thread may get too little CPU to be busy 1.5 s
      // before the default budget (wall time) ends the check on its own.
      const env = { ...process.env, [CHECK_BUDGET_VARIABLE]: '600000' };
      const child = startCli(['validate', 'big.csv'], { cwd: dir, stdio: 'ignore', env });
      await busyFor(child.pid!, 1_500);
      assert.equal(child.exitCode, null, 'still checking');
      const { code, received, waited } = await endBySignal(child, signal);
      assert.ok(waited < 2_000, `ended ${waited.toFixed(0)} ms after ${signal}`);
      assert.ok(received === signal || code === 130 || code === 143, `exit ${code}, signal ${received}`);
    });
  }
});

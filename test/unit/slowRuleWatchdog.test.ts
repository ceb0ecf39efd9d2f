// The CLI's watchdog abandons a rule that is slow in all although no one cell runs past the budget (hp22 03:
// `(a?){1000}(a|b)*c` at ~1 s per 3,000-character cell took 391 s on 300 rows), and never a rule that is fast per cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlowRuleError, watchRuleTests } from '../../cli/src/slowRuleWatchdog';
import { RULE_WATCH_BYTES, shareRuleWatch, unwatchRule, watchRule } from '../../shared/src/schema/ruleWatch';

const BUDGET_MS = 5000;

/** A watchdog on this thread's own rule tests, driven by a clock the test moves. */
function driven() {
  const buffer = new SharedArrayBuffer(RULE_WATCH_BYTES);
  shareRuleWatch(buffer);
  let now = 0;
  let tick: (() => void) | undefined;
  let period = 0;
  const slow: SlowRuleError[] = [];
  const stop = watchRuleTests(buffer, BUDGET_MS, (error) => slow.push(error), {
    now: () => now,
    every: (ms, fn) => {
      period = ms;
      tick = fn;
      return () => (tick = undefined);
    },
  });
  /** Moves the clock by `ms` in the watchdog's periods, ticking each. */
  const spend = (ms: number) => {
    for (let left = ms; left > 0 && tick; left -= period) {
      now += Math.min(period, left);
      tick();
    }
  };
  return { slow, stop, spend };
}

describe('the slow-rule watchdog', () => {
  it('abandons a pattern at 1 s a cell once its cells took the budget in all, naming the rule and the cells', () => {
    const w = driven();
    for (let cell = 0; cell < 20 && w.slow.length === 0; cell++) {
      watchRule('a', 'pattern');
      w.spend(1000);
      unwatchRule();
    }
    assert.equal(w.slow.length, 1);
    assert.deepEqual(w.slow[0].rule, { field: 'a', constraint: 'pattern' });
    assert.equal(w.slow[0].cells, 5);
    w.stop();
  });

  it('never abandons a pattern that is fast per cell, however long the file', () => {
    const w = driven();
    // 10,000 cells a period for 200 s: 25 µs a cell (a test is under way at every sample).
    for (let period = 0; period < 800; period++) {
      for (let cell = 0; cell < 10_000; cell++) watchRule('a', 'pattern');
      w.spend(250);
    }
    assert.deepEqual(w.slow, []);
    w.stop();
  });

  it('one cell past the budget is still named as one cell', () => {
    const w = driven();
    watchRule('d', 'format');
    w.spend(BUDGET_MS + 250);
    assert.equal(w.slow.length, 1);
    assert.deepEqual(w.slow[0].rule, { field: 'd', constraint: 'format' });
    assert.equal(w.slow[0].cells, undefined);
    w.stop();
  });
});

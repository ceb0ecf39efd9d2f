// The CLI's watchdog abandons a rule that is slow in all although no one cell runs past the budget (hp22 03:
// `(a?){1000}(a|b)*c` at ~1 s per 3,000-character cell took 391 s on 300 rows), and never a rule that is fast per cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SlowRuleError, threadClock, watchRuleTests } from '../../cli/src/slowRuleWatchdog';
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

  // hp24 01: `--workers 64` on 2 cores stopped the check of a plain date format, charged for time its thread waited.
  describe('on a real thread, by its time on a core', { skip: !fs.existsSync('/proc/thread-self') && 'the system does not tell a thread its time' }, () => {
    const BUDGET = 300;
    /** A thread that starts a test of a format, then waits on `gate` (off the cores) or spins (on one). */
    const tester = (spin: boolean) => {
      const watch = new SharedArrayBuffer(RULE_WATCH_BYTES);
      const gate = new Int32Array(new SharedArrayBuffer(4));
      const code = `
        const { parentPort, workerData } = require('worker_threads');
        const { shareRuleWatch, watchRule, unwatchRule } = require(${JSON.stringify(path.join(__dirname, '../../shared/src/schema/ruleWatch.js'))});
        const { systemThreadId } = require(${JSON.stringify(path.join(__dirname, '../../shared/src/threadRunTime.js'))});
        shareRuleWatch(workerData.watch, systemThreadId());
        watchRule('day', 'format');
        parentPort.postMessage('testing');
        if (workerData.spin) for (;;);
        Atomics.wait(workerData.gate, 0, 0);
        unwatchRule();
        parentPort.postMessage('done');`;
      const worker = new Worker(code, { eval: true, workerData: { watch, gate, spin } });
      const said = (what: string) => new Promise<void>((resolve) => worker.on('message', (m) => m === what && resolve()));
      return { watch, gate, worker, testing: said('testing'), done: said('done') };
    };

    it('does not stop a test while its thread waits, however long on the wall clock', async () => {
      const t = tester(false);
      await t.testing;
      const slow: SlowRuleError[] = [];
      const letGo = () => {
        Atomics.store(t.gate, 0, 1);
        Atomics.notify(t.gate, 0);
      };
      const clock = threadClock(t.watch);
      const started = performance.now();
      // The thread is let go once the watchdog has ticked through three budgets of wall time with the test under way (or has fired).
      const stop = watchRuleTests(
        t.watch,
        BUDGET,
        (error) => {
          slow.push(error);
          letGo();
        },
        { now: () => clock.now(), every: (ms, tick) => clock.every(ms, () => (tick(), performance.now() - started > 3 * BUDGET && letGo())) },
      );
      await t.done;
      stop();
      await t.worker.terminate();
      assert.deepEqual(slow, []);
    });

    it('stops a test whose thread runs past the budget, naming one cell', async () => {
      const t = tester(true);
      await t.testing;
      const slow = await new Promise<SlowRuleError>((resolve) => watchRuleTests(t.watch, BUDGET, resolve));
      await t.worker.terminate();
      assert.deepEqual(slow.rule, { field: 'day', constraint: 'format' });
      assert.equal(slow.cells, undefined);
    });
  });
});

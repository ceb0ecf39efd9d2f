import {
  Contract,
  counted,
  ruleBeingTested,
  RULE_WATCH_BYTES,
  tableRules,
  testUnderWay,
  threadRunMs,
  WatchedRule,
  watchedThreadId,
  watchesRules,
} from '@loadline/shared';

/**
 * A contract rule was too slow, and the file's check was abandoned: one test of it on one cell ran past the budget,
 * or (`cells` given) its tests took longer than the budget in all, each slow (SLOW_TEST_MS on average).
 */
export class SlowRuleError extends Error {
  constructor(
    readonly rule: WatchedRule,
    readonly budgetMs: number,
    readonly cells?: number,
  ) {
    super(
      `the ${rule.constraint} of column "${rule.field}" took longer than ${budgetMs / 1000} s ${cells === undefined ? 'on one cell' : `over ${counted(cells, 'cell')}`}`,
    );
  }
}

/**
 * A test of a rule slower than this on average is slow in practice although each stays under the budget (a
 * pattern that re2js runs in time linear in the cell but ~1 s per 3,000-character cell): a million such cells
 * would take 16 minutes. Patterns that real contracts use take microseconds per cell.
 */
const SLOW_TEST_MS = 1;

/** The watchdog's clock (how long the watched thread has run, in ms) and timer; a unit test drives its own. */
export interface WatchClock {
  now(): number;
  every(ms: number, tick: () => void): () => void;
}

/**
 * The watched thread's own time on a core where the system tells it (threadRunMs), else the wall clock. Charged the
 * wall clock, a thread that waited for a core was "testing" one cell for seconds it never ran: `--workers 64` on 2
 * cores stopped the check of a plain date format as too slow (hp24 01), and a loaded CI machine could do the same.
 */
export function threadClock(watch: SharedArrayBuffer): WatchClock {
  let ran: number | undefined;
  return {
    // Once read, the thread's time stays the clock: a thread that has ended (its /proc entry gone) runs no more.
    now: () => (ran = threadRunMs(watchedThreadId(watch)) ?? ran) ?? performance.now(),
    every: (ms, tick) => {
      const timer = setInterval(tick, ms);
      return () => clearInterval(timer);
    },
  };
}

/**
 * Whether a contract has a watched rule (a pattern, a strptime format): one test of it on one cell may run long, so
 * its checks run on threads that the main thread can end. Without one, no cell takes long, and a file streams
 * between turns of the event loop: it can be checked on the main thread, which then still hears signals.
 */
export function hasWatchedRule(contract: Contract | undefined): boolean {
  return contract !== undefined && tableRules(contract).columns.some((c) => watchesRules(c.rule.field));
}

/** The buffer a check thread publishes its rule tests in (shareRuleWatch), read by watchRuleTests. */
export const newRuleWatch = () => new SharedArrayBuffer(RULE_WATCH_BYTES);

/**
 * Calls `onSlow` once when the same test of a watched rule is seen a budget of the thread's run time apart (it has run at least that long),
 * or when a rule's tests have taken the budget in all at more than SLOW_TEST_MS each; the caller ends the thread.
 * The time between two ticks goes to the rule under test at the second (a sample: over a budget of seconds, a
 * fair share), with the tests started in between. Returns the stop.
 */
export function watchRuleTests(
  watch: SharedArrayBuffer,
  budgetMs: number,
  onSlow: (error: SlowRuleError) => void,
  clock: WatchClock = threadClock(watch),
): () => void {
  let seen = 0;
  let since = clock.now();
  let last = since;
  let lastTest = 0;
  const spent = new Map<string, { ms: number; tests: number }>();
  const stop = clock.every(Math.max(budgetMs / 20, 10), () => {
    const now = clock.now();
    // Not below 0: the clock turns from the wall's to the thread's (which started later) when the thread says its id.
    const elapsed = Math.max(0, now - last);
    last = now;
    const test = testUnderWay(watch);
    if (test === 0) {
      seen = 0;
      return;
    }
    // Test numbers wrap at 2^31 to 1.
    const started = lastTest === 0 ? 1 : (test - lastTest + 0x7fffffff) % 0x7fffffff;
    lastTest = test;
    const rule = ruleBeingTested(watch);
    if (!rule) return;
    if (test !== seen) {
      seen = test;
      since = now;
    }
    const key = `${rule.constraint}\u0000${rule.field}`;
    const total = spent.get(key) ?? { ms: 0, tests: 0 };
    total.ms += elapsed;
    total.tests += started;
    spent.set(key, total);
    const slowCell = now - since >= budgetMs;
    const slowInAll = total.ms >= budgetMs && total.ms / Math.max(total.tests, 1) >= SLOW_TEST_MS;
    if (!slowCell && !slowInAll) return;
    stop();
    onSlow(slowCell || total.tests <= 1 ? new SlowRuleError(rule, budgetMs) : new SlowRuleError(rule, budgetMs, total.tests));
  });
  return stop;
}

import { Contract, ruleBeingTested, RULE_WATCH_BYTES, tableRules, testUnderWay, WatchedRule, watchesRules } from '@loadline/shared';

/** One test of a contract rule (a pattern, a strptime format) on one cell ran past the budget: the file's check was abandoned. */
export class SlowRuleError extends Error {
  constructor(
    readonly rule: WatchedRule,
    readonly budgetMs: number,
  ) {
    super(`the ${rule.constraint} of column "${rule.field}" took longer than ${budgetMs / 1000} s on one cell`);
  }
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
 * Calls `onSlow` once when the same test of a watched rule is seen a budget apart (it has run at least that long);
 * the caller ends the thread. A file streams for as long as it is long, so only one test has a budget. Returns the stop.
 */
export function watchRuleTests(watch: SharedArrayBuffer, budgetMs: number, onSlow: (error: SlowRuleError) => void): () => void {
  let seen = 0;
  let since = performance.now();
  const timer = setInterval(
    () => {
      const test = testUnderWay(watch);
      if (test === 0 || test !== seen) {
        seen = test;
        since = performance.now();
        return;
      }
      const rule = ruleBeingTested(watch);
      if (performance.now() - since < budgetMs || !rule) return;
      clearInterval(timer);
      onSlow(new SlowRuleError(rule, budgetMs));
    },
    Math.max(budgetMs / 4, 10),
  );
  return () => clearInterval(timer);
}

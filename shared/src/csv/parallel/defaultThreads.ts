import * as os from 'os';
import { tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';

/**
 * How many threads check a large file when the user does not say (`--workers`): one per core, but one for a
 * contract that asks nothing of a cell beyond being filled (nothing typed, unique or keyed). That check costs
 * little more than papaparse's parse, so a second thread saves little wall time and adds what one thread never
 * pays: cutting the file into ranges, the thread's start, the merge (docs/benchmarks.md, "A fast start, and
 * when a second thread pays": 1M such rows took 1.35x the CPU on two threads, and no less wall time).
 */
export function defaultThreads(contract: Contract | undefined): number {
  if (contract === undefined) return 1;
  const rules = tableRules(contract);
  const presenceOnly = rules.primaryKey.length === 0 && rules.uniqueKeys.length === 0 && rules.columns.every((c) => !c.rule.typed && !c.keyed);
  return presenceOnly ? 1 : os.availableParallelism();
}

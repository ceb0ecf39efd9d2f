import * as os from 'os';
import { tableRules } from '../../contract/tableRules';
import { Contract } from '../../contract/types';

/**
 * How many threads check a large file when the user does not say (`--workers`): one per core, but one for a
 * contract that asks nothing of a cell beyond being filled (nothing typed, unique or keyed). That check costs
 * little more than papaparse's parse, so a second thread saves no wall time and adds what one thread never
 * pays: cutting the file into ranges, the thread's start, the merge (docs/benchmarks.md, "Reading as the raw
 * parse does": 1M such rows took 0.79 s of CPU on two threads against 0.58 s on one, and twice the wall time).
 */
export function defaultThreads(contract: Contract | undefined): number {
  if (contract === undefined) return 1;
  const rules = tableRules(contract);
  const presenceOnly = rules.primaryKey.length === 0 && rules.uniqueKeys.length === 0 && rules.columns.every((c) => !c.rule.typed && !c.keyed);
  return presenceOnly ? 1 : os.availableParallelism();
}

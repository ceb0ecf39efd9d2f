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

/**
 * The most threads a file is checked in, per core, whatever `--workers` asks. A thread reads its range with a blocking
 * read, so on a cold or network disk a second thread per core checks while the first waits for its bytes; more than
 * that only adds threads that wait for a core, each with its own V8 isolate (about 10 MB, and some 0.1 s of CPU to start:
 * `--workers 300` took 2.8 GB), and the main thread stalls while it starts them (64 threads: 2.8 s here).
 */
export const THREADS_PER_CORE = 2;

/**
 * The threads a file of `size` bytes is checked in when `asked` are asked for: at most one per range (a thread more has
 * nothing to check) and THREADS_PER_CORE per core.
 */
export function cappedThreads(asked: number, size: number, rangeBytes: number): number {
  return Math.min(asked, Math.ceil(size / rangeBytes), THREADS_PER_CORE * os.availableParallelism());
}

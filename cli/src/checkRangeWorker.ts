import { parentPort, workerData } from 'worker_threads';
import { checkRange, RangeJob, shareRuleWatch } from '@loadline/shared';

// A thread of a parallel `loadline validate`: checks the ranges it is sent, one at a time (see rangeThreads.ts), and
// publishes its rule tests so that the main thread can end a test that runs past the budget.
const port = parentPort!;
shareRuleWatch((workerData as { ruleWatch: SharedArrayBuffer }).ruleWatch);
port.on('message', ({ id, job }: { id: number; job: RangeJob }) => {
  try {
    const result = checkRange(job);
    port.postMessage(
      { id, result },
      result.keys.map((list) => list.buffer as ArrayBuffer),
    );
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

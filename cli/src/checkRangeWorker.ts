import { parentPort, workerData } from 'worker_threads';
import { checkRange, RangeJob, shareRuleWatch, systemThreadId, UnreadableFileError } from '@loadline/shared';

// A thread of a parallel `loadline validate`: checks the ranges it is sent, one at a time (see rangeThreads.ts), and
// publishes its rule tests so that the main thread can end a test that runs past the budget.
const port = parentPort!;
shareRuleWatch((workerData as { ruleWatch: SharedArrayBuffer }).ruleWatch, systemThreadId());
port.on('message', ({ id, job }: { id: number; job: RangeJob }) => {
  try {
    const result = checkRange(job);
    port.postMessage(
      { id, result },
      [...result.keys, ...(result.references ?? []).flat()].map((list) => list.buffer as ArrayBuffer),
    );
  } catch (error) {
    // A file that cannot be read is the input's fault: its reason crosses to the main thread as that (rangeThreads.ts).
    if (error instanceof UnreadableFileError) port.postMessage({ id, error: error.message, unreadable: error.reason });
    else port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

import { parentPort } from 'worker_threads';
import { checkRange, RangeJob } from '@loadline/shared';

// A thread of a parallel `loadline validate`: checks the ranges it is sent, one at a time (see rangeThreads.ts).
const port = parentPort!;
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

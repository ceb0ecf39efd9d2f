import * as fs from 'fs';

/**
 * A thread's time on a core, which a supervisor can read while the thread is busy: the wall clock also counts the time
 * a thread waits for a core (more threads than cores, a loaded machine) or for a lock, when it does nothing. Linux
 * tells it (/proc); elsewhere these say nothing, and the supervisor falls back on the wall clock.
 */

/** The calling thread's id in the system (what /proc/thread-self names), or 0 where the system does not say. */
export function systemThreadId(): number {
  try {
    return Number(/\/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** How long a thread of this process (by systemThreadId) has run, in ms (schedstat: ns on a core), or undefined. */
export function threadRunMs(threadId: number): number | undefined {
  if (threadId === 0) return undefined;
  try {
    const ran = Number(fs.readFileSync(`/proc/self/task/${threadId}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
    return Number.isFinite(ran) ? ran : undefined;
  } catch {
    return undefined;
  }
}

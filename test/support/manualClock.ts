import { Clock } from '../../server/src/services/validationScheduler';

/** Timers that fire only when the test says how much time passed. */
export class ManualClock implements Clock {
  private now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.timers.set(++this.next, { at: this.now + ms, callback });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now || !this.timers.has(id)) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
}

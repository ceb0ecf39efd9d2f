import { digestsMeet } from './keyDigest';

/**
 * First one wins across ranges: a range may load only when no earlier range still in flight could hold
 * one of its keys. An earlier range whose keys are not known yet blocks every later one. Earlier ranges
 * never wait for later ones, so nothing deadlocks. Pure bookkeeping: no threads, no I/O.
 */
export class KeyGate {
  /** Ranges handed out and not yet released, with their key digests once known. */
  private readonly inFlight = new Map<number, Uint32Array | undefined>();
  private readonly waiting = new Set<number>();

  /** A range was handed to a worker; until `admit`, its keys are unknown. */
  open(range: number): void {
    this.inFlight.set(range, undefined);
  }

  /** Ranges that wait until every earlier one is released (a CSV range with a contested unique value). */
  private readonly afterAll = new Set<number>();

  /**
   * The range is parsed: returns the ranges that may load now, in order: this one unless an earlier range blocks
   * it, and the later ones that waited only for this one's keys to be known. `afterAll`: the range waits for every
   * earlier one, whatever its keys.
   */
  admit(range: number, keys: Uint32Array, afterAll = false): number[] {
    this.inFlight.set(range, keys);
    if (afterAll) this.afterAll.add(range);
    this.waiting.add(range);
    return this.letThrough();
  }

  /** The range committed or gave up; returns the waiting ranges that may load now, in order. */
  release(range: number): number[] {
    this.inFlight.delete(range);
    this.waiting.delete(range);
    this.afterAll.delete(range);
    return this.letThrough();
  }

  private letThrough(): number[] {
    const admitted = [...this.waiting].sort((a, b) => a - b).filter((waiting) => !this.isBlocked(waiting));
    for (const index of admitted) this.waiting.delete(index);
    return admitted;
  }

  private isBlocked(range: number): boolean {
    const keys = this.inFlight.get(range)!;
    const afterAll = this.afterAll.has(range);
    for (const [earlier, earlierKeys] of this.inFlight) {
      if (earlier < range && (afterAll || !earlierKeys || digestsMeet(keys, earlierKeys))) return true;
    }
    return false;
  }
}

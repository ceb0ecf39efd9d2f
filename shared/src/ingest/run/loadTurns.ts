import { CancelledError } from '../parse/parsedRange';

/**
 * A worker's loads, one after another on its one connection (one transaction at a time), while its next range is
 * checked meanwhile: each load starts when the last one has ended, and none starts once one failed or a stop came
 * (the range checked meanwhile then ends with a CancelledError, and the failed one tells the coordinator).
 */
export class LoadTurns {
  private last: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(private readonly isCancelled: () => boolean) {}

  /** Runs `load` in its turn; rejects without running it after a failed load or a stop. */
  run(load: () => Promise<void>): Promise<void> {
    const turn = this.last.then(() => {
      if (this.failed || this.isCancelled()) throw new CancelledError();
      return load();
    });
    this.last = turn.catch(() => {
      this.failed = true;
    });
    return turn;
  }
}

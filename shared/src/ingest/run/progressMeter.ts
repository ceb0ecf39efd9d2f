import { IngestProgress, LineCounts } from '../report';

const PROGRESS_INTERVAL_MS = 200;

/**
 * Bytes read and lines parsed per range, for a live percentage and rows/s, reported at most every 200 ms.
 * The clock is a parameter so that a test can drive it.
 */
export class ProgressMeter {
  /** Lines committed by this run (not by the run it resumes). */
  linesThisRun = 0;
  private readonly bytesByRange = new Map<number, number>();
  private readonly linesInFlight = new Map<number, number>();
  private lastReport = -Infinity;
  private readonly startedAt: number;

  constructor(
    private readonly totalBytes: number,
    private readonly report: ((progress: IngestProgress) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** A range an earlier run committed counts as read. */
  alreadyDone(range: number, bytes: number): void {
    this.bytesByRange.set(range, bytes);
  }

  read(range: number, bytes: number, lines: number): void {
    this.bytesByRange.set(range, (this.bytesByRange.get(range) ?? 0) + bytes);
    this.linesInFlight.set(range, (this.linesInFlight.get(range) ?? 0) + lines);
  }

  committed(range: number, bytes: number, lines: number): void {
    this.linesInFlight.delete(range);
    this.bytesByRange.set(range, bytes);
    this.linesThisRun += lines;
  }

  /** Reports unless one went out in the last interval; `force` reports anyway (the last one). */
  tick(totals: LineCounts, rangesDone: number, rangesTotal: number, force = false): void {
    const now = this.now();
    if (!this.report || (!force && now - this.lastReport < PROGRESS_INTERVAL_MS)) return;
    this.lastReport = now;
    const seconds = (now - this.startedAt) / 1000;
    let lines = this.linesThisRun;
    for (const inFlight of this.linesInFlight.values()) lines += inFlight;
    let bytes = 0;
    for (const done of this.bytesByRange.values()) bytes += done;
    this.report({
      ...totals,
      bytesDone: Math.min(bytes, this.totalBytes),
      totalBytes: this.totalBytes,
      rowsPerSecond: seconds > 0 ? Math.round(lines / seconds) : 0,
      rangesDone,
      rangesTotal,
    });
  }
}

/** Where every input line went; `lines = inserted + duplicates + rejected + blank` always holds at the end. */
export interface LineCounts {
  lines: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  blank: number;
}

export interface IngestProgress extends LineCounts {
  bytesDone: number;
  totalBytes: number;
  rowsPerSecond: number;
  /** Ranges committed so far, of all ranges in the plan. */
  rangesDone: number;
  rangesTotal: number;
}

export interface IngestReport extends LineCounts {
  file: string;
  table: string;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  workers: number;
  method: WriteMethod;
  /** Ranges that an earlier, interrupted run had already committed. */
  resumedRanges: number;
  cancelled: boolean;
  /** Whether every line is accounted for. */
  balanced: boolean;
  rejectsFile?: string;
  checkpointFile?: string;
}

export type WriteMethod = 'infile' | 'insert';

export const zeroCounts = (): LineCounts => ({ lines: 0, inserted: 0, duplicates: 0, rejected: 0, blank: 0 });

export function addCounts(into: LineCounts, more: LineCounts): LineCounts {
  into.lines += more.lines;
  into.inserted += more.inserted;
  into.duplicates += more.duplicates;
  into.rejected += more.rejected;
  into.blank += more.blank;
  return into;
}

export const isBalanced = (c: LineCounts) => c.lines === c.inserted + c.duplicates + c.rejected + c.blank;

import { mapLine } from './mapEvent';
import { ByteRange } from './planChunks';
import { Reject, WorkerConfig } from './protocol';
import { readRangeLines } from './readRange';
import { LineCounts, zeroCounts } from './report';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface ParseHooks {
  isCancelled: () => boolean;
  /** Bytes read and lines parsed since the last call. */
  onProgress: (bytes: number, lines: number) => void;
}

/**
 * A range's rows sorted by key. InnoDB inserts a sorted run of random UUIDs with about 20% less server CPU
 * (measured: README, "Benchmarks"). Ties keep file order, so the first of two equal ids still wins.
 */
export interface SortedRows {
  /** Row values, in file order. */
  values: string[][];
  /** Each row's key, in file order. */
  keys: string[];
  /** Indexes into `values`, in key order. */
  order: Uint32Array;
}

export interface ParsedRange {
  counts: LineCounts;
  rejects: Reject[];
  rows: SortedRows;
}

/** Reads and maps every line of one range: rows to load, rejects with their reasons, blank lines counted. */
export async function parseRange(config: Pick<WorkerConfig, 'file' | 'mapping'>, range: ByteRange, hooks: ParseHooks): Promise<ParsedRange> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: string[][] = [];
  const keys: string[] = [];
  const key = config.mapping.columns.findIndex((c) => c.column === config.mapping.key);
  let reportedLines = 0;
  const onBytes = (bytes: number) => {
    hooks.onProgress(bytes, counts.lines - reportedLines);
    reportedLines = counts.lines;
  };
  for await (const { firstLine, lines, invalidUtf8 } of readRangeLines(config.file, range, onBytes)) {
    if (hooks.isCancelled()) throw new CancelledError();
    const invalid = new Set(invalidUtf8);
    for (let i = 0; i < lines.length; i++) {
      counts.lines++;
      const mapped = invalid.has(i) ? ({ kind: 'reject', reason: 'the line is not valid UTF-8' } as const) : mapLine(lines[i], config.mapping);
      if (mapped.kind === 'row') {
        values.push(mapped.values);
        keys.push(mapped.values[key]);
      } else if (mapped.kind === 'blank') counts.blank++;
      else {
        counts.rejected++;
        rejects.push({ line: firstLine + i, reason: mapped.reason, text: lines[i] });
      }
    }
  }
  const order = Uint32Array.from(keys, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  return { counts, rejects, rows: { values, keys, order } };
}

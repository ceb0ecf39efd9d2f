import { keyNormalizer } from './keyCollation';
import { mapLine } from './mapEvent';
import { ByteRange } from './planChunks';
import { Reject, WorkerConfig } from './protocol';
import { MAX_LINE_BYTES, readRangeLines } from './readRange';
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
 * (measured: README, "Benchmarks"). Keys are compared as the table compares them, and ties keep file order,
 * so the first of two equal ids still wins.
 */
export interface SortedRows {
  /** Row values, in file order. */
  values: string[][];
  /** Each row's key as the table compares it, in file order. */
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
export async function parseRange(config: Pick<WorkerConfig, 'file' | 'mapping' | 'keyCollation'>, range: ByteRange, hooks: ParseHooks): Promise<ParsedRange> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: string[][] = [];
  const keys: string[] = [];
  const key = config.mapping.columns.findIndex((c) => c.column === config.mapping.key);
  // Keys as the table compares them: 'abc' and 'abc ' are one key to a PAD SPACE column.
  const normalize = keyNormalizer(config.keyCollation);
  let reportedLines = 0;
  const onBytes = (bytes: number) => {
    hooks.onProgress(bytes, counts.lines - reportedLines);
    reportedLines = counts.lines;
  };
  for await (const { firstLine, lines, invalidUtf8, tooLong } of readRangeLines(config.file, range, onBytes)) {
    if (hooks.isCancelled()) throw new CancelledError();
    const invalid = new Set(invalidUtf8);
    for (let i = 0; i < lines.length; i++) {
      counts.lines++;
      const mapped =
        tooLong?.index === i
          ? ({
              kind: 'reject',
              reason: `the line is ${mib(tooLong.bytes)}, more than the ${mib(MAX_LINE_BYTES)} a line may have; it was not read (its start is shown)`,
            } as const)
          : invalid.has(i)
            ? ({ kind: 'reject', reason: 'the line is not valid UTF-8' } as const)
            : mapLine(lines[i], config.mapping);
      if (mapped.kind === 'row') {
        values.push(mapped.values);
        keys.push(normalize(mapped.values[key]));
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

const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(1)} MiB`;

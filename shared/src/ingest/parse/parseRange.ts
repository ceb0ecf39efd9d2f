import { KeyCollation } from './keyCollation';
import { integerKey } from '../keys/keyIndex';
import { joinKeyParts, keyValueOf } from './keyValue';
import { IngestMapping } from '../../mapping/ingestMapping';
import { mapLine, RowValues } from '../../mapping/mapLine';
import { ByteRange } from '../plan/planChunks';
import { Reject } from '../reject';
import { WorkerConfig } from '../run/protocol';
import { CancelledError, KeepTexts, ParsedRange, ParseHooks, SortedRows } from './parsedRange';
import { readRangeLines, tooLongReason } from './readRange';
import { zeroCounts } from '../report';

/** Reads and maps every line of one range: rows to load, rejects with their reasons, blank lines counted. */
export async function parseRange(
  config: Pick<WorkerConfig, 'file' | 'mapping' | 'keyCollations'> & KeepTexts,
  range: ByteRange,
  hooks: ParseHooks,
): Promise<ParsedRange> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: RowValues[] = [];
  const keys: string[] = [];
  const rowLines: number[] = [];
  const rowTexts: string[] | undefined = config.mapping.onDuplicate === 'error' || config.keepTexts ? [] : undefined;
  // Keys as the table compares them: 'abc' and 'abc ' are one key to a PAD SPACE column.
  const keyOf = rowKey(config.mapping, config.keyCollations);
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
              reason: tooLongReason('line', tooLong.bytes),
            } as const)
          : invalid.has(i)
            ? ({ kind: 'reject', reason: 'the line is not valid UTF-8' } as const)
            : mapLine(lines[i], config.mapping);
      if (mapped.kind === 'row') {
        values.push(mapped.values);
        keys.push(keyOf(mapped.values));
        rowLines.push(firstLine + i);
        rowTexts?.push(lines[i]);
      } else if (mapped.kind === 'blank') counts.blank++;
      else {
        counts.rejected++;
        rejects.push({ line: firstLine + i, reason: mapped.reason, text: lines[i] });
      }
    }
  }
  return { counts, rejects, rows: sortByKey(values, keys), rowLines, ...(rowTexts ? { rowTexts } : {}) };
}

/**
 * Rows in key order, ties in file order (so that the first of two equal keys comes first). Integer keys sort as
 * numbers, as an integer key column orders them (as strings, ids 1, 2, … 10 went in as 1, 10, 2, …), and rows
 * already in order, as a CSV's ascending ids are, are not sorted at all.
 */
export function sortByKey(values: RowValues[], keys: string[]): SortedRows {
  const order = Uint32Array.from(keys, (_, i) => i);
  const numbers = integerKeys(keys);
  if (numbers) {
    if (!isAscending(numbers.length, (i) => numbers[i - 1] <= numbers[i])) order.sort((a, b) => numbers[a] - numbers[b] || a - b);
  } else if (!isAscending(keys.length, (i) => keys[i - 1] <= keys[i])) {
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  }
  return { values, keys, order };
}

/** Every key as a number, or undefined when one is not an integer's one spelling. */
function integerKeys(keys: string[]): Float64Array | undefined {
  const numbers = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const number = integerKey(keys[i]);
    if (number === undefined) return undefined;
    numbers[i] = number;
  }
  return numbers;
}

function isAscending(length: number, inOrder: (i: number) => boolean): boolean {
  for (let i = 1; i < length; i++) if (!inOrder(i)) return false;
  return true;
}

/** A row's key as one string: each key column by its value as the table compares it (keyValueOf), joined unambiguously. */
export function rowKey(mapping: IngestMapping, collations: KeyCollation[]): (values: RowValues) => string {
  const positions = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column === k));
  const keyValues = positions.map((at, i) => keyValueOf(mapping.columns[at], collations[i]));
  if (positions.length === 1) {
    const [at] = positions;
    const [keyValue] = keyValues;
    return (values) => keyValue(values[at]!);
  }
  return (values) => joinKeyParts(positions.map((at, i) => keyValues[i](values[at]!)));
}

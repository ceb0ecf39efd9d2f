import { promises as fsp } from 'fs';
import { isUtf8 } from 'buffer';
import { CheckedRecord, CsvChecker } from '../../csv/check/validateCsv';
import { decodeCsv } from '../source/csvSource';
import { csvValue } from './csvValue';
import { RowValues } from '../../mapping/mapLine';
import { ParsedRange } from './parsedRange';
import { rowKey } from './keyValue';
import { loadsAsRow, rawCsvPlan } from './rawCsvRecords';
import { CsvRangeConfig } from './parseCsvRange';
import { ByteRange } from '../plan/planChunks';
import { MAX_LINE_BYTES } from './readRange';
import { zeroCounts } from '../report';

/** Thrown from the checker's callback to stop at the first record that is not clean. */
class NotClean extends Error {}

/**
 * A CSV range checked for the fast path without building its rows (ParsedRange.unbuilt): every record must pass
 * the contract and load as its own bytes (loadsAsRow), as parseCsvRange decides; only the keys are kept, for the
 * key gate. Undefined at the first record that is not clean, or when the range cannot take the fast path at all:
 * the caller then parses the range as usual. The values are built into one reused array and dropped.
 */
export async function checkCleanRange(config: CsvRangeConfig, range: ByteRange): Promise<ParsedRange | undefined> {
  const { csv, mapping } = config;
  const plan = rawCsvPlan(csv, mapping.lineKey === true);
  if (!plan || range.end - range.start > MAX_LINE_BYTES) return undefined;
  const bytes = Buffer.allocUnsafe(range.end - range.start);
  const handle = await fsp.open(config.file, 'r');
  try {
    await handle.read(bytes, 0, bytes.length, range.start);
  } finally {
    await handle.close();
  }
  // A U+FFFD that stands for invalid bytes would be rejected (parseCsvRange): such a range is not clean.
  if (csv.encoding === 'utf-8' && !isUtf8(bytes)) return undefined;
  const keyOf = rowKey(mapping, config.keyCollations);
  const keys: string[] = [];
  const values: RowValues = new Array<string | null>(csv.columns.length);
  const onRecord = ({ cells, values: cast, problems, text }: CheckedRecord) => {
    if (problems.some((p) => p.severity === 'error')) throw new NotClean();
    for (let c = 0; c < csv.columns.length; c++) {
      const { cell, fieldType } = csv.columns[c];
      const b = boundAt[cell];
      const value = csvValue(cells[cell], b === -1 ? undefined : cast[b], b === -1 ? undefined : fieldType, mapping.columns[c]);
      if (value !== null && typeof value !== 'string') throw new NotClean();
      values[c] = value;
    }
    if (!loadsAsRow(plan, text, cells, values)) throw new NotClean();
    keys.push(keyOf(values));
  };
  const checker = new CsvChecker(csv.contract, {
    fileName: csv.fileName,
    continueFrom: { header: csv.header, dialect: csv.dialect, firstLine: range.firstLine ?? 0 },
    onBlank: () => {
      throw new NotClean();
    },
    onRecord,
  });
  /** Header cell → bound column of the checker, or -1. */
  const boundAt = csv.header.map((_, cell) => checker.columns.findIndex((b) => b.index === cell));
  try {
    checker.feed(decodeCsv(bytes, csv.encoding));
    checker.finish();
  } catch (error) {
    if (error instanceof NotClean) return undefined;
    throw error;
  }
  return {
    counts: { ...zeroCounts(), lines: keys.length },
    rejects: [],
    rows: { values: [], keys, order: new Uint32Array(keys.length) },
    rowLines: [],
    rawCsv: true,
    unbuilt: true,
  };
}

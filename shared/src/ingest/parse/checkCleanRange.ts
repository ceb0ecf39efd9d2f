import { promises as fsp } from 'fs';
import { isUtf8 } from 'buffer';
import { CheckedRecord, CsvChecker } from '../../csv/check/validateCsv';
import { decodeCsv } from '../source/csvSource';
import { csvRowValues } from './csvRowValues';
import { RowValues } from '../../mapping/mapLine';
import { ParsedRange } from './parsedRange';
import { rowKey } from './parseRange';
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
    for (let p = 0; p < problems.length; p++) if (problems[p].severity === 'error') throw new NotClean();
    if (valuesOf(cells, cast, values) || !loadsAsRow(plan, text, cells, values)) throw new NotClean();
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
  const valuesOf = csvRowValues(csv, mapping, checker.columns);
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

import { CheckedRecord, CsvChecker } from '../../csv/check/validateCsv';
import { CsvRangeText, readCsvRange } from './csvRangeText';
import { csvRowValues } from './csvRowValues';
import { RowValues } from '../../mapping/mapLine';
import { ParsedRange } from './parsedRange';
import { rowKey } from './keyValue';
import { EmptyColumns, loadsAsRow, rawCsvPlan } from './rawCsvRecords';
import { CsvRangeConfig } from './parseCsvRange';
import { ByteRange } from '../plan/planChunks';
import { MAX_LINE_BYTES } from '../../text/lineLimit';
import { zeroCounts } from '../report';
import { lineBreakInRecord } from '../../csv/lineEndings';

/** Thrown from the checker's callback to stop at the first record that is not clean. */
class NotClean extends Error {}

/** The clean check's outcome: the range without its rows, or the text it read, which the parse then takes. */
export type CleanCheck = { clean: ParsedRange; read?: undefined } | { clean?: undefined; read?: CsvRangeText };

/**
 * A CSV range checked for the fast path without building its rows (ParsedRange.unbuilt): every record must pass
 * the contract and load as its own bytes (loadsAsRow), as parseCsvRange decides; only the keys are kept, for the
 * key gate. No `clean` at the first record that is not clean, or when the range cannot take the fast path at
 * all: the caller then parses the range as usual, from `read` when the range was read. The values are built into
 * one reused array and dropped.
 */
export async function checkCleanRange(config: CsvRangeConfig, range: ByteRange): Promise<CleanCheck> {
  const { csv, mapping } = config;
  const plan = rawCsvPlan(csv, mapping.lineKey === true);
  if (!plan || range.end - range.start > MAX_LINE_BYTES) return {};
  const read = await readCsvRange(config.file, csv, range);
  // A U+FFFD that stands for invalid bytes would be rejected (parseCsvRange): such a range is not clean.
  if (read.invalidUtf8) return { read };
  const keyOf = rowKey(mapping, config.keyCollations);
  const keys: string[] = [];
  const values: RowValues = new Array<string | null>(csv.columns.length);
  const emptyColumns: EmptyColumns = [];
  const onRecord = ({ cells, values: cast, problems, text }: CheckedRecord) => {
    for (let p = 0; p < problems.length; p++) if (problems[p].severity === 'error') throw new NotClean();
    if (lineBreakInRecord(text, csv.dialect.delimiter, csv.dialect.newline) !== undefined) throw new NotClean();
    if (valuesOf(cells, cast, values) || !loadsAsRow(plan, text, cells, values, emptyColumns)) throw new NotClean();
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
    checker.feed(read.text);
    checker.finish();
  } catch (error) {
    if (error instanceof NotClean) return { read };
    throw error;
  }
  const clean: ParsedRange = {
    counts: { ...zeroCounts(), lines: keys.length },
    rejects: [],
    rows: { values: [], keys, order: new Uint32Array(keys.length) },
    rowLines: [],
    rawCsv: { emptyColumns },
    unbuilt: true,
  };
  return { clean };
}

import { promises as fsp } from 'fs';
import { describeRepeat } from '../../csv/check/describeRepeat';
import { CheckedRecord, CsvChecker, KeySet } from '../../csv/check/validateCsv';
import { CsvInput } from '../source/inputKind';
import { uniqueSetMembers } from '../source/csvUniqueColumns';
import { CsvSource, decodeCsv } from '../source/csvSource';
import { csvRowValues } from './csvRowValues';
import { CsvRangeText, readCsvRange } from './csvRangeText';
import { RowValues } from '../../mapping/mapLine';
import { IngestMapping } from '../../mapping/ingestMapping';
import { CancelledError, KeepTexts, ParsedRange, RangeKeySet } from './parsedRange';
import { rowKey, uniqueValueKey } from './keyValue';
import { EmptyColumns, loadsAsRow, rawCsvPlan } from './rawCsvRecords';
import { sortByKey } from './sortByKey';
import { ByteRange } from '../plan/planChunks';
import { MAX_LINE_BYTES, tooLongReason } from '../../text/lineLimit';
import { TOO_LONG_PREFIX_BYTES } from './readRange';
import { Reject, RejectCode, recordRejectCode } from '../reject';
import type { ReferenceCheck, RowReferences } from '../foreignKeys/referenceCheck';
import { zeroCounts } from '../report';
import { KeyCollation, newColumnCollations } from './keyCollation';
import { lineBreakInRecord } from '../../csv/lineEndings';

/** A unique column or uniqueKeys entry's keys in a range, with the cell each key's message quotes. */
export interface UniqueSet extends RangeKeySet {
  cell: number;
  cells: string[];
  /** A row's key in the set, or undefined when a member is NULL. */
  keyOf?: (values: RowValues) => string | undefined;
}

export interface CsvRangeConfig extends KeepTexts {
  file: string;
  mapping: IngestMapping;
  keyCollations: KeyCollation[];
  csv: CsvInput;
  /** Find whether every record loads as its own bytes (ParsedRange.rawCsv). */
  rawCsv?: boolean;
  /** How each mapped column compares values in the table (ServerSettings.columnCollations); else as a new table's. */
  columnCollations?: KeyCollation[];
  /** A CSV with foreign keys: each record's references checked against the referenced files (referenceCheck). */
  references?: ReferenceCheck;
}

/**
 * Checks one range of a CSV's records with the validator and turns each into a row: a record with an
 * error-level problem is rejected with the diagnostic's code and message (the first one), at its row as
 * the user sees it; warnings do not reject. `read`: the range's text, when the clean check read it already.
 */
export async function parseCsvRange(config: CsvRangeConfig, range: ByteRange, isCancelled: () => boolean, read?: CsvRangeText): Promise<ParsedRange> {
  const { csv, mapping } = config;
  if (range.end - range.start > MAX_LINE_BYTES) return tooLongRecord(config.file, csv, range);
  const { text, invalidUtf8 } = read ?? (await readCsvRange(config.file, csv, range));
  if (isCancelled()) throw new CancelledError();
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: RowValues[] = [];
  const keys: string[] = [];
  const rowLines: number[] = [];
  const referenceAsks: RowReferences[] = [];
  const keyOf = rowKey(mapping, config.keyCollations);
  const rawPlan = config.rawCsv ? rawCsvPlan(csv, mapping.lineKey === true) : undefined;
  let raw = rawPlan !== undefined;
  const emptyColumns: EmptyColumns = [];
  /** The record's row (an index into `values`), or -1 when it is rejected. */
  const rowOf = ({ cells, values: cast, problems, row, text: recordText }: CheckedRecord): number => {
    const reject = (code: RejectCode, reason: string) => {
      counts.rejected++;
      rejects.push({ line: row, fileLine: true, code, reason, text: recordText });
      return -1;
    };
    const error = problems.find((p) => p.severity === 'error');
    if (error) return reject(recordRejectCode(error.code), error.message);
    // The file's line break is papaparse's; an editor's other line break in the record would glue two lines (hp15 04).
    const swallowed = lineBreakInRecord(recordText, csv.dialect.delimiter, csv.dialect.newline);
    if (swallowed !== undefined) return reject('invalid-csv', mixedLineEndingsReason(swallowed, csv.dialect.newline));
    if (invalidUtf8 && cells.some((c) => c.includes('\ufffd'))) return reject('invalid-csv', 'the row is not valid UTF-8');
    const rowValues: RowValues = [];
    const fault = valuesOf(cells, cast, rowValues);
    if (fault) return reject(fault.missingKey ? 'required' : 'value-error', fault.reason);
    const references = config.references?.(cells, row);
    if (references && 'orphan' in references) return reject('foreign-key', references.orphan);
    if (references) referenceAsks.push({ row: values.length, asks: references.asks });
    if (mapping.lineKey) rowValues.push(String(row));
    if (raw && !loadsAsRow(rawPlan!, recordText, cells, rowValues, emptyColumns)) raw = false;
    values.push(rowValues);
    keys.push(keyOf(rowValues));
    rowLines.push(row);
    rowTexts?.push(recordText);
    return values.length - 1;
  };
  const checker = new CsvChecker(csv.contract, {
    fileName: csv.fileName,
    continueFrom: { header: csv.header, dialect: csv.dialect, firstLine: range.firstLine ?? 0 },
    // Which line holds a unique value depends on which earlier lines the table takes: the coordinator and the
    // load decide repeats (RepeatFinder, loadInFileOrder), never the checker alone.
    onKey: () => 0,
    onBlank: () => {
      raw = false;
      counts.lines++;
      counts.blank++;
    },
    onRecord: (record) => {
      counts.lines++;
      const row = rowOf(record);
      // A rejected record holds no unique value: only rows the table may take send theirs (RepeatFinder).
      if (row === -1) return;
      for (let k = 0; k < uniqueSets.length; k++) {
        const set = uniqueSets[k];
        const key = set.keyOf ? set.keyOf(values[row]) : record.keys[k];
        // A NULL in any member repeats nothing, as in a UNIQUE index.
        if (key === undefined) continue;
        // Cast values: strings, numbers or bigints (valueKey gives objects as their JSON text).
        set.keys.push(typeof key === 'number' || typeof key === 'bigint' ? String(key) : (key as string));
        set.lines.push(record.row);
        set.rows.push(row);
        set.cells.push(set.cell === -1 ? '' : record.cells[set.cell]);
      }
    },
  });
  const valuesOf = csvRowValues(csv, mapping, checker.columns);
  const collations = config.columnCollations ?? newColumnCollations(mapping);
  const uniqueSets = checker.keySets.map((k) => uniqueSet(k, csv, mapping, collations));
  const rowTexts: string[] | undefined = mapping.onDuplicate === 'error' || uniqueSets.length > 0 || config.keepTexts || config.references ? [] : undefined;
  checker.feed(text);
  checker.finish();
  return {
    counts,
    rejects,
    rows: sortByKey(values, keys),
    rowLines,
    ...(rowTexts ? { rowTexts } : {}),
    ...(uniqueSets.length > 0 ? { uniqueSets } : {}),
    ...(config.references ? { referenceAsks } : {}),
    ...(raw ? { rawCsv: { emptyColumns } } : {}),
  };
}

/**
 * A unique column or uniqueKeys entry of the checker, collecting a range's keys: repeats within the range are the
 * checker's, across ranges the coordinator's (RepeatFinder). Each key is the row's values as the table compares
 * them (keyValueOf: "a" and "a " are one value under PAD SPACE), as the load then asks the table (valueHeldSql).
 */
function uniqueSet(keySet: KeySet, csv: CsvInput, mapping: IngestMapping, collations: KeyCollation[]): UniqueSet {
  const columns = uniqueSetMembers(keySet, csv);
  const mapped = columns.every((c) => c !== -1);
  const set: UniqueSet = {
    cell: keySet.cell,
    ...(mapped ? { columns, keyOf: uniqueValueKey(mapping, columns, collations) } : {}),
    keys: [],
    lines: [],
    rows: [],
    cells: [],
    rejectOf: (at, firstLine) => {
      const { code, message } = describeRepeat(keySet.kind, keySet.names, set.lines[at], firstLine, set.cells[at]);
      return { code: recordRejectCode(code), reason: message };
    },
  };
  return set;
}

/** A range of one record past MAX_LINE_BYTES (planCsvRanges): rejected with its start, without reading the rest. */
async function tooLongRecord(file: string, csv: CsvSource, range: ByteRange): Promise<ParsedRange> {
  const prefix = Buffer.alloc(TOO_LONG_PREFIX_BYTES);
  const handle = await fsp.open(file, 'r');
  try {
    await handle.read(prefix, 0, prefix.length, range.start);
  } finally {
    await handle.close();
  }
  const line = (range.firstLine ?? 0) + 1;
  const reject: Reject = {
    line,
    fileLine: true,
    code: 'invalid-csv',
    reason: tooLongReason('record', range.end - range.start),
    text: decodeCsv(prefix, csv.encoding),
  };
  return { counts: { ...zeroCounts(), lines: 1, rejected: 1 }, rejects: [reject], rows: sortByKey([], []), rowLines: [] };
}

const LINE_BREAK_NAMES: Record<string, string> = { '\r\n': 'CRLF (\\r\\n)', '\n': 'LF (\\n)', '\r': 'a lone CR (\\r)' };

/** Why a record that swallowed one of the editor's lines is rejected, and the fix. */
function mixedLineEndingsReason(swallowed: string, newline: string): string {
  return `the file's records end in ${LINE_BREAK_NAMES[newline]}, but this row holds ${LINE_BREAK_NAMES[swallowed]} outside quotes, where an editor starts a new line: the file mixes line endings. Give it one kind (dos2unix or unix2dos), or quote the cell that holds the line break`;
}

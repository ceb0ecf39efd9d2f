import { promises as fsp } from 'fs';
import { isUtf8 } from 'buffer';
import { CsvChecker } from '../csv/validateCsv';
import { CsvColumn } from './csvMapping';
import { CsvSource } from './csvSource';
import { csvValue } from './csvValue';
import { RowValues } from './mapEvent';
import { IngestMapping } from './mapping';
import { CancelledError, ParsedRange, rowKey, sortByKey } from './parseRange';
import { ByteRange } from './planChunks';
import { Reject } from './protocol';
import { zeroCounts } from './report';
import { KeyCollation } from './keyCollation';

export interface CsvRangeConfig {
  file: string;
  mapping: IngestMapping;
  keyCollations: KeyCollation[];
  csv: CsvSource & { columns: CsvColumn[] };
}

/**
 * Checks one range of a CSV's records with the validator and turns each into a row: a record with an
 * error-level problem is rejected with the diagnostic's code and message (the first one), at its row as
 * the user sees it; warnings do not reject.
 */
export async function parseCsvRange(config: CsvRangeConfig, range: ByteRange, isCancelled: () => boolean): Promise<ParsedRange> {
  const { csv, mapping } = config;
  const bytes = Buffer.alloc(range.end - range.start);
  const handle = await fsp.open(config.file, 'r');
  try {
    await handle.read(bytes, 0, bytes.length, range.start);
  } finally {
    await handle.close();
  }
  if (isCancelled()) throw new CancelledError();
  const text = bytes.toString('utf8');
  // Invalid bytes become U+FFFD; only then can a U+FFFD in a record mean that its bytes were not UTF-8.
  const invalidUtf8 = !isUtf8(bytes);
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: RowValues[] = [];
  const keys: string[] = [];
  const rowLines: number[] = [];
  const rowTexts: string[] | undefined = mapping.onDuplicate === 'error' ? [] : undefined;
  const keyOf = rowKey(mapping, config.keyCollations);
  const checker = new CsvChecker(csv.contract, {
    fileName: csv.fileName,
    continueFrom: { header: csv.header, dialect: csv.dialect, firstLine: range.firstLine ?? 0 },
    onRecord: ({ cells, values: cast, problems, row, text: recordText }) => {
      counts.lines++;
      const reject = (code: string, reason: string) => {
        counts.rejected++;
        rejects.push({ line: row, fileLine: true, code, reason, text: recordText });
      };
      const error = problems.find((p) => p.severity === 'error');
      if (error) return reject(error.code, error.message);
      if (invalidUtf8 && cells.some((c) => c.includes('\ufffd'))) return reject('invalid-csv', 'the row is not valid UTF-8');
      const rowValues: RowValues = [];
      for (let c = 0; c < csv.columns.length; c++) {
        const { cell, fieldType } = csv.columns[c];
        const b = boundAt[cell];
        const value = csvValue(cells[cell], b === -1 ? undefined : cast[b], b === -1 ? undefined : fieldType, mapping.columns[c]);
        if (value !== null && typeof value !== 'string') return reject('value-error', value.reason);
        rowValues.push(value);
      }
      values.push(rowValues);
      keys.push(keyOf(rowValues));
      rowLines.push(row);
      rowTexts?.push(recordText);
    },
  });
  /** Header cell → bound column of the checker, or -1. */
  const boundAt = csv.header.map((_, cell) => checker.columns.findIndex((b) => b.index === cell));
  checker.feed(text);
  checker.finish();
  return { counts, rejects, rows: sortByKey(values, keys), rowLines, ...(rowTexts ? { rowTexts } : {}) };
}

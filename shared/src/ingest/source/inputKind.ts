import type { CsvColumn } from './csvMapping';
import type { CsvSource } from './csvSource';
import type { IngestForeignKey } from '../foreignKeys/ingestForeignKeys';

/** A CSV as a load reads it: its source, the columns its contract binds to the table's, and its foreign keys. */
export type CsvInput = CsvSource & { columns: CsvColumn[]; foreignKeys?: IngestForeignKey[] };

/** What a load reads: a JSON-lines log, or a CSV through its contract (`findCsvMapping`). */
export type InputKind = { kind: 'log' } | { kind: 'csv'; csv: CsvInput };

export const LOG_INPUT: InputKind = { kind: 'log' };

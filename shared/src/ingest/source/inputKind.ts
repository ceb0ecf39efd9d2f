import type { CsvColumn } from './csvMapping';
import type { CsvSource } from './csvSource';

/** A CSV as a load reads it: its source, and the columns its contract binds to the table's. */
export type CsvInput = CsvSource & { columns: CsvColumn[] };

/** What a load reads: a JSON-lines log, or a CSV through its contract (`findCsvMapping`). */
export type InputKind = { kind: 'log' } | { kind: 'csv'; csv: CsvInput };

export const LOG_INPUT: InputKind = { kind: 'log' };

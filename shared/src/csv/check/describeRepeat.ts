import { quoteValue } from '../../schema/describeFault';

/** Which rule a repeated key broke: a unique column, the primary key, or a uniqueKeys entry. */
export type KeyKind = 'unique' | 'primary-key' | 'unique-keys';

/** A key that repeats an earlier row's, as the validator reports it and an ingest rejects it. */
export interface KeyRepeat {
  code: 'unique-error' | 'primary-key';
  message: string;
  reason: 'unique' | 'primaryKey' | 'uniqueKeys';
}

/**
 * `value` is the cell as written (a unique column's message quotes it). `firstRow` 0: a row the table held before
 * the load, which no line of the file put there (an ingest's tableHolders).
 */
export function describeRepeat(kind: KeyKind, names: readonly string[], row: number, firstRow: number, value: string): KeyRepeat {
  const first = firstRow === 0 ? 'a row already in the table' : `row ${firstRow}`;
  if (kind === 'unique') {
    return {
      code: 'unique-error',
      message: `Value ${quoteValue(value)} in ${names[0]} (row ${row}) repeats ${first}: the column is unique`,
      reason: 'unique',
    };
  }
  const list = names.join(', ');
  return kind === 'primary-key'
    ? { code: 'primary-key', message: `Row ${row} repeats the primary key (${list}) of ${first}`, reason: 'primaryKey' }
    : { code: 'unique-error', message: `Row ${row} repeats the unique key (${list}) of ${first}`, reason: 'uniqueKeys' };
}

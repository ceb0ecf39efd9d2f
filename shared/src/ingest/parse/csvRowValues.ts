import { BoundColumn } from '../../csv/headers';
import { ColumnMapping, IngestMapping } from '../../mapping/ingestMapping';
import { RowValues } from '../../mapping/mapLine';
import { ValueFault } from '../../mapping/values/columnValue';
import { missingValueFault } from '../../mapping/values/missingValue';
import { CsvInput } from '../source/inputKind';
import { csvValue } from './csvValue';

/**
 * Writes a CSV record's mapped values into `into` (csvValue of each column's header cell, with the checker's cast
 * value of that cell) and returns undefined, or returns the first value's fault. The one loop that parseCsvRange
 * (a fresh array per row) and checkCleanRange (one reused array) share.
 */
export type CsvRowValues = (cells: string[], cast: readonly unknown[], into: RowValues) => CsvValueFault | undefined;

/** A value's fault; `missingKey`: the cell of a key column is empty (a key taken from a unique column, which may be). */
export interface CsvValueFault extends ValueFault {
  missingKey?: boolean;
}

/** The row builder of `csv` through `mapping`, for a checker whose bound columns are `bound`. */
export function csvRowValues(csv: CsvInput, mapping: IngestMapping, bound: readonly BoundColumn[]): CsvRowValues {
  const { columns } = csv;
  /** Per mapped column, the checker's bound column of its cell, or -1. */
  const boundOf = columns.map(({ cell }) => bound.findIndex((b) => b.index === cell));
  const missingOf = missingSets(columns);
  return (cells, cast, into) => {
    for (let c = 0; c < columns.length; c++) {
      const b = boundOf[c];
      const raw = cells[columns[c].cell];
      // Missing by the field's list: a field the check leaves unbound (nothing to check) has no cast to say so.
      const missing = missingOf[c];
      const value =
        raw !== undefined && (missing ? missing.has(raw) : raw === '')
          ? null
          : b === -1
            ? csvValue(raw, undefined, undefined, mapping.columns[c])
            : csvValue(raw, cast[b], columns[c].fieldType, mapping.columns[c]);
      if (value !== null && typeof value !== 'string') return value;
      if (value === null) {
        // A key column is NOT NULL: a row without its key cannot be stored, nor be told apart from another.
        if (mapping.columns[c].required) return { reason: `Missing value ${labelOf(mapping.columns[c])}: ${KEY_NEEDED}`, missingKey: true };
        const missing = missingValueFault(mapping.columns[c], labelOf(mapping.columns[c]));
        if (missing) return missing;
      }
      into[c] = value;
    }
    return undefined;
  };
}

/** Per column, its missingValues as a set (one per list: a schema's is shared by its columns), or undefined for [""]. */
export function missingSets(columns: readonly CsvInput['columns'][number][]): (ReadonlySet<string> | undefined)[] {
  const sets = new Map<readonly string[], ReadonlySet<string>>();
  return columns.map(({ missingValues }) => {
    if (!missingValues) return undefined;
    let set = sets.get(missingValues);
    if (!set) sets.set(missingValues, (set = new Set(missingValues)));
    return set;
  });
}

/** Only a key column can be required here: the contract's own required cells are its checker's (a 'required' problem). */
const KEY_NEEDED =
  "it is part of the table's key, which every row needs to be stored; give this row a value there, or key the table by a primaryKey that every row fills";

const labelOf = (column: ColumnMapping) => ('label' in column.source ? column.source.label : column.column);

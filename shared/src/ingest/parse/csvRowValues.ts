import { BoundColumn } from '../../csv/headers';
import { IngestMapping } from '../../mapping/ingestMapping';
import { RowValues } from '../../mapping/mapLine';
import { ValueFault } from '../../mapping/values/columnValue';
import { CsvInput } from '../source/inputKind';
import { csvValue } from './csvValue';

/**
 * Writes a CSV record's mapped values into `into` (csvValue of each column's header cell, with the checker's cast
 * value of that cell) and returns undefined, or returns the first value's fault. The one loop that parseCsvRange
 * (a fresh array per row) and checkCleanRange (one reused array) share.
 */
export type CsvRowValues = (cells: string[], cast: readonly unknown[], into: RowValues) => ValueFault | undefined;

/** The row builder of `csv` through `mapping`, for a checker whose bound columns are `bound`. */
export function csvRowValues(csv: CsvInput, mapping: IngestMapping, bound: readonly BoundColumn[]): CsvRowValues {
  const { columns } = csv;
  /** Per mapped column, the checker's bound column of its cell, or -1. */
  const boundOf = columns.map(({ cell }) => bound.findIndex((b) => b.index === cell));
  return (cells, cast, into) => {
    for (let c = 0; c < columns.length; c++) {
      const b = boundOf[c];
      const value =
        b === -1
          ? csvValue(cells[columns[c].cell], undefined, undefined, mapping.columns[c])
          : csvValue(cells[columns[c].cell], cast[b], columns[c].fieldType, mapping.columns[c]);
      if (value !== null && typeof value !== 'string') return value;
      into[c] = value;
    }
    return undefined;
  };
}

import { KeyCollation } from '../parse/keyCollation';
import { keyValueOf } from '../parse/keyValue';
import { joinKeyParts } from '../../schema/joinKeyParts';
import { WeighedColumn } from '../load/keyWeights';
import { IngestMapping } from '../../mapping/ingestMapping';
import { ParsedRange } from '../parse/parsedRange';
import { sortByKey } from '../parse/sortByKey';

/** How a table's UNIQUE indexes compare a range's rows, beyond what the mapping's key alone says. */
export interface TableKeys {
  /** Columns of the mapping's key, of another UNIQUE index or of a CSV's unique set that the server weighs (keyWeights). */
  weighed: WeighedColumn[];
  /**
   * The table's other UNIQUE indexes: each column's position in the mapping and how it compares when it is not
   * weighed, or no columns when the server fills one of them (a default), so that no two ranges may overlap.
   */
  others: { name: string; columns?: { at: number; collation: KeyCollation }[] }[];
}

export const NO_TABLE_KEYS: TableKeys = { weighed: [], others: [] };

export const hasTableKeys = (keys: TableKeys) => keys.weighed.length > 0 || keys.others.length > 0;

/**
 * Keys the range by the server's weights where the table's collation folds (the mapping's key, and a CSV's unique
 * sets, so that "a" and "A" are one value in the file as in a _ci column), and returns the keys of its rows in
 * the table's other UNIQUE indexes, for the key gate: two ranges that share such a value load one after the other,
 * in file order. With other UNIQUE indexes the rows load in file order too, so that in every index the earliest
 * line wins and a later one is refused (a reject naming the index), as a load line by line would do.
 */
export function applyTableKeys(
  parsed: ParsedRange,
  mapping: IngestMapping,
  keyCollations: KeyCollation[],
  columnCollations: KeyCollation[],
  keys: TableKeys,
  weights: (string[] | null)[][],
): string[] {
  const { values } = parsed.rows;
  const weightsAt = new Map(keys.weighed.map((c, i) => [c.at, weights[i]]));
  const partOf = (at: number, collation: KeyCollation): ((row: number) => string | null) => {
    const weighed = weightsAt.get(at);
    if (weighed) return (row) => (weighed[row] === null ? null : joinKeyParts(weighed[row]));
    const valueOf = keyValueOf(mapping.columns[at], collation);
    return (row) => (values[row][at] === null ? null : valueOf(values[row][at]));
  };
  const keyAt = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column === k));
  if (keyAt.some((at) => weightsAt.has(at))) {
    // The mapping's key never holds NULL.
    const parts = keyAt.map((at, i) => partOf(at, keyCollations[i]));
    const rekeyed = values.map((_, row) => (parts.length === 1 ? parts[0](row)! : joinKeyParts(parts.map((part) => part(row)!))));
    parsed.rows = sortByKey(values, rekeyed);
  }
  for (const set of parsed.uniqueSets ?? []) {
    if (!set.columns?.some((at) => weightsAt.has(at))) continue;
    // A set holds only rows without a NULL member (uniqueValueKey).
    const parts = set.columns.map((at) => partOf(at, columnCollations[at]));
    set.keys = set.rows.map((row) => (parts.length === 1 ? parts[0](row)! : joinKeyParts(parts.map((part) => part(row)!))));
  }
  if (keys.others.length === 0) return [];
  parsed.rows.order = Uint32Array.from(values, (_, i) => i);
  const others: string[] = [];
  keys.others.forEach(({ columns }, index) => {
    if (!columns) return others.push(`${index}`);
    const parts = columns.map(({ at, collation }) => partOf(at, collation));
    values.forEach((_, row) => {
      const key = parts.map((part) => part(row));
      // A NULL in any column of a UNIQUE index repeats nothing.
      if (key.every((part) => part !== null)) others.push(joinKeyParts([String(index), ...key]));
    });
  });
  return others;
}

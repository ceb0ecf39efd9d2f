import type { ColumnMapping, IngestMapping } from '../../mapping/ingestMapping';

/** How the target's key column compares strings: what "the same id" means to the table. */
export interface KeyCollation {
  name: string;
  /** PAD SPACE: trailing spaces are ignored ('abc' = 'abc '). MariaDB's utf8mb4_bin is PAD SPACE; *_nopad_* are not. */
  padSpace: boolean;
  /** A FLOAT column: numbers compare as the 32-bit floats it stores. */
  float?: boolean;
}

/** Values compared as written: numeric columns, binary and NO PAD collations. */
export const EXACT_COLLATION: KeyCollation = { name: 'exact', padSpace: false };

/** A FLOAT column's values, which the table compares as 32-bit floats. */
export const FLOAT_COLLATION: KeyCollation = { ...EXACT_COLLATION, name: 'float', float: true };

/** The collation of the tables Loadline creates: ids compare exactly as JavaScript compares them. */
export const NEW_TABLE_COLLATION = 'utf8mb4_bin';

/** Reads PAD SPACE from a _bin collation's name, as MariaDB and MySQL name them; other collations the server weighs (keyWeights). */
export function collationOf(name: string): KeyCollation {
  return { name, padSpace: !/_nopad_|_0900_/.test(name) };
}

/**
 * The key as a _bin collation compares it, exactly: by code points, without trailing spaces when it pads. So the
 * key gate and the in-range sort agree with the table on which lines are duplicates.
 */
export function keyNormalizer(collation: KeyCollation): (key: string) => string {
  return collation.padSpace ? (key) => key.replace(/ +$/, '') : (key) => key;
}

/**
 * How each key column of a table the mapping would create compares values: text as NEW_TABLE_COLLATION, numbers
 * as written. A dry run and a preview judge duplicates with these, as that table would.
 */
export function newTableCollations(mapping: Pick<IngestMapping, 'key' | 'columns'>): KeyCollation[] {
  return mapping.key.map((k) => newColumnCollation(mapping.columns.find((c) => c.column === k)));
}

/** How each column of a table the mapping would create compares values (a CSV's unique sets follow them). */
export const newColumnCollations = (mapping: Pick<IngestMapping, 'columns'>): KeyCollation[] => mapping.columns.map(newColumnCollation);

const newColumnCollation = (column: Pick<ColumnMapping, 'type'> | undefined): KeyCollation =>
  column?.type === 'string' ? collationOf(NEW_TABLE_COLLATION) : EXACT_COLLATION;

import type { IngestMapping } from '../../mapping/ingestMapping';

/** How the target's key column compares strings: what "the same id" means to the table. */
export interface KeyCollation {
  name: string;
  /** PAD SPACE: trailing spaces are ignored ('abc' = 'abc '). MariaDB's utf8mb4_bin is PAD SPACE; *_nopad_* are not. */
  padSpace: boolean;
  /** Case- (and, for MySQL's _ci collations, accent-) insensitive. */
  caseInsensitive: boolean;
  /** A FLOAT column: numbers compare as the 32-bit floats it stores. */
  float?: boolean;
}

/** Values compared as written: numeric columns, binary and NO PAD collations. */
export const EXACT_COLLATION: KeyCollation = { name: 'exact', padSpace: false, caseInsensitive: false };

/** A FLOAT column's values, which the table compares as 32-bit floats. */
export const FLOAT_COLLATION: KeyCollation = { ...EXACT_COLLATION, name: 'float', float: true };

/** The collation of the tables Loadline creates: ids compare exactly as JavaScript compares them. */
export const NEW_TABLE_COLLATION = 'utf8mb4_bin';

/** Reads the traits from a collation's name, as MariaDB and MySQL name them. */
export function collationOf(name: string): KeyCollation {
  return {
    name,
    padSpace: !/_nopad_|_0900_/.test(name),
    caseInsensitive: /_ci$|_ci_|_ai_/.test(name),
  };
}

/**
 * The key as the table compares it, so that the key gate and the in-range sort agree with the table on
 * which lines are duplicates. Folding more than the collation does only makes ranges wait for each other;
 * folding less would let a later line win, so case-insensitive keys also lose their accents.
 */
export function keyNormalizer(collation: KeyCollation): (key: string) => string {
  const { padSpace, caseInsensitive } = collation;
  if (!padSpace && !caseInsensitive) return (key) => key;
  return (key) => {
    let normalized = padSpace ? key.replace(/ +$/, '') : key;
    if (caseInsensitive) normalized = normalized.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    return normalized;
  };
}

/**
 * How each key column of a table the mapping would create compares values: text as NEW_TABLE_COLLATION, numbers
 * as written. A dry run and a preview judge duplicates with these, as that table would.
 */
export function newTableCollations(mapping: Pick<IngestMapping, 'key' | 'columns'>): KeyCollation[] {
  return mapping.key.map((k) => (mapping.columns.find((c) => c.column === k)?.type === 'string' ? collationOf(NEW_TABLE_COLLATION) : EXACT_COLLATION));
}

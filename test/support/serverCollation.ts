// The model's equality of texts under a collation, asked of the server itself: no JavaScript folding matches every
// collation (case, accents, ß and ss, NUL, trailing spaces).
import { sql } from './mariadb';

/** For each text, the index of the first text the server holds equal to it under `collation`. */
export function firstEqual(texts: string[], collation: string): number[] {
  const charset = collation.split('_')[0];
  const json = JSON.stringify(texts).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const table = (alias: string) =>
    `JSON_TABLE('${json}', '$[*]' COLUMNS(i FOR ORDINALITY, k VARCHAR(40) CHARACTER SET ${charset} COLLATE ${collation} PATH '$')) AS ${alias}`;
  const rows = sql(`SELECT a.i, MIN(b.i) FROM ${table('a')} JOIN ${table('b')} ON a.k = b.k GROUP BY a.i ORDER BY a.i`);
  return rows
    .trim()
    .split('\n')
    .map((line) => Number(line.split('\t')[1]) - 1);
}

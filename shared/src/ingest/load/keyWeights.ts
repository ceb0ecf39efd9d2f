import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import type { RowValues } from '../../mapping/mapLine';

/**
 * A column of a UNIQUE index whose collation folds more than code points (UCA, general_ci, an 8-bit _ci): 'ß' and
 * 'ss', 'a' and 'a\0', 'a' and 'A ' may be one value to it. No JavaScript folding matches every such collation,
 * so the server weighs the values (WEIGHT_STRING) and the keys are compared by their weights.
 */
export interface WeighedColumn {
  /** The column's position in the mapping. */
  at: number;
  charset: string;
  collation: string;
  /**
   * The weight levels the collation compares, each with the weight of a space (hex) that PAD SPACE ignores at the
   * end of that level, or '' (NO PAD). `level` 0 is the whole weight string of a collation with one level.
   */
  levels: { level: number; space: string }[];
}

/** Character sets whose weights have one width per collation, so that a trailing space's weight can be cut off whole. */
const UNICODE_CHARSETS = new Set(['utf8mb4', 'utf8mb3', 'utf8', 'ucs2', 'utf16', 'utf16le', 'utf32']);

const NAME = /^\w+$/;

/** Whether the server must weigh a column of this collation: JavaScript compares a _bin one exactly (keyNormalizer). */
export const needsWeights = (collation: string) => !/_bin$/.test(collation);

/**
 * How the server weighs `collation`: whether it pads (it says whether 'a' = 'a '), and which levels it compares
 * (a probe with a capital and an accent has a different weight string at each). Undefined for a multi-byte
 * character set other than Unicode, whose weights differ in width from character to character.
 */
export async function weighingOf(connection: Connection, charset: string, collation: string): Promise<Omit<WeighedColumn, 'at'> | undefined> {
  if (!NAME.test(charset) || !NAME.test(collation)) return undefined;
  const [[set]] = await connection.query<RowDataPacket[]>('SELECT MAXLEN AS maxLen FROM INFORMATION_SCHEMA.CHARACTER_SETS WHERE CHARACTER_SET_NAME = ?', [
    charset,
  ]);
  if (!set || (Number(set.maxLen) > 1 && !UNICODE_CHARSETS.has(charset))) return undefined;
  const text = (literal: string) => `CONVERT(${literal} USING ${escapeId(charset)}) COLLATE ${escapeId(collation)}`;
  const [[pad]] = await connection.query<RowDataPacket[]>(`SELECT ${text("'a'")} = ${text("'a '")} AS padSpace, HEX(WEIGHT_STRING(${text("' '")})) AS space`);
  const padSpace = Number(pad.padSpace) === 1;
  let probes: string[][];
  try {
    const levels = [1, 2, 3].map((n) => `HEX(WEIGHT_STRING(${text("'Aé'")} LEVEL ${n})), HEX(WEIGHT_STRING(${text("' '")} LEVEL ${n}))`);
    [probes] = (await connection.query({ sql: `SELECT ${levels.join(', ')}`, rowsAsArray: true })) as unknown as [string[][]];
  } catch {
    // A server without WEIGHT_STRING's LEVEL (MySQL 8): its collations of several levels are NO PAD.
    return { charset, collation, levels: [{ level: 0, space: padSpace ? String(pad.space) : '' }] };
  }
  // A level past the collation's repeats its last one; a level it skips (LEVEL 2 of an _ai_cs) is empty.
  const levels: WeighedColumn['levels'] = [];
  const seen = new Set<string>();
  for (let n = 0; n < 3; n++) {
    const [probe, space] = [String(probes[0][2 * n]), String(probes[0][2 * n + 1])];
    if (probe === '' || seen.has(probe)) continue;
    seen.add(probe);
    levels.push({ level: n + 1, space: padSpace ? space : '' });
  }
  if (levels.length === 1) levels[0] = { level: 0, space: padSpace ? String(pad.space) : '' };
  return { charset, collation, levels };
}

/**
 * The weights of `columns` for every row, in one statement over a JSON_TABLE of the values: for each column, each
 * row's weight string (one part per level, joined by the caller) as a binary string, or null for NULL. PAD SPACE
 * collations lose their trailing space weights, as the server ignores them in comparisons.
 */
export async function weighColumns(connection: Connection, columns: WeighedColumn[], rows: RowValues[]): Promise<(string[] | null)[][]> {
  if (rows.length === 0) return columns.map(() => []);
  const defs = columns.map((c, i) => `c${i} LONGTEXT CHARACTER SET ${escapeId(c.charset)} COLLATE ${escapeId(c.collation)} PATH '$[${i}]'`);
  const exprs = columns.flatMap((c, i) =>
    c.levels.map(({ level, space }) => {
      const weights = `WEIGHT_STRING(c${i}${level === 0 ? '' : ` LEVEL ${level}`})`;
      return space ? `TRIM(TRAILING X'${space}' FROM ${weights})` : weights;
    }),
  );
  const json = JSON.stringify(rows.map((row) => columns.map((c) => row[c.at])));
  const [result] = (await connection.query({
    sql: `SELECT ${exprs.join(', ')} FROM JSON_TABLE(?, '$[*]' COLUMNS(i FOR ORDINALITY, ${defs.join(', ')})) AS t ORDER BY i`,
    values: [json],
    rowsAsArray: true,
  })) as unknown as [(Buffer | null)[][]];
  let first = 0;
  return columns.map((c) => {
    const at = first;
    first += c.levels.length;
    return result.map((row) => (row[at] === null ? null : c.levels.map((_, l) => (row[at + l] as Buffer).toString('latin1'))));
  });
}

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { Query } from '../query';
import { Repeat } from '../../keys/repeatFinder';
import { ParsedRange, RangeKeySet } from '../../parse/parsedRange';
import { WorkerConfig } from '../../run/protocol';
import { escaperOf, valueHeldSql } from '../sql';

/** Values per statement, at most: a chunk's statement also stays under batchBytes of values (a quarter of max_allowed_packet). */
const CHUNK_VALUES = 200;

/**
 * The unique values of a CSV range that a row of the table holds which no line of the file put there (it held rows
 * when the load set up): each is a repeat of that row (`firstLine` 0), whatever the file had before, and loads in
 * file order (loadInFileOrder), which compares it in the table. A value an earlier line had is the finder's repeat
 * already. A row of the table with the row's own key holds no repeat. One `IN` per chunk finds whether the table
 * holds any of its values at all; only then is each value looked up with valueHeldSql's comparison.
 */
export async function tableHolders(
  connection: Connection,
  query: Query,
  config: WorkerConfig,
  parsed: ParsedRange,
  sets: RangeKeySet[],
  repeats: Repeat[],
): Promise<Repeat[]> {
  const { mapping } = config;
  const escape = escaperOf(connection);
  const found: Repeat[] = [];
  const finders = new Set(repeats.map((r) => `${r.set}\0${r.row}`));
  for (const [set, { columns, keys, rows }] of sets.entries()) {
    if (!columns) continue;
    const values = (at: number) => parsed.rows.values[rows[at]];
    const asked = keys.map((_, at) => at).filter((at) => !finders.has(`${set}\0${at}`) && columns.every((c) => values(at)[c] !== null));
    const length = (i: number) => columns.reduce((sum, c) => sum + values(asked[i])[c]!.length, 0);
    for (let from = 0; from < asked.length;) {
      // Each value is sent twice (the IN, then its lookup): a chunk's values fill at most half of batchBytes.
      let to = from + 1;
      for (let size = length(from); to < Math.min(asked.length, from + CHUNK_VALUES) && (size += length(to)) <= config.batchBytes / 2;) to++;
      const chunk = asked.slice(from, to);
      from = to;
      const tuple = (at: number) => `(${columns.map((c) => escape(values(at)[c]!)).join(', ')})`;
      const names = `(${columns.map((c) => escapeId(mapping.columns[c].column)).join(', ')})`;
      const any = `SELECT 1 FROM ${escapeId(mapping.table)} WHERE ${names} IN (${chunk.map(tuple).join(', ')}) LIMIT 1`;
      if ((await query<RowDataPacket[]>({ sql: any })).length === 0) continue;
      const each = chunk.map((at) => `SELECT ${at} AS at FROM DUAL WHERE EXISTS (${valueHeldSql(mapping, values(at), columns, escape)})`);
      for (const held of await query<RowDataPacket[]>({ sql: each.join(' UNION ALL ') })) {
        const at = Number(held.at);
        found.push({ set, row: at, firstLine: 0, key: keys[at] });
      }
    }
  }
  return found;
}

import type { RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { keyOf } from '../../csv/check/referenceRules';
import { INVALID } from '../../schema/temporal';
import { IngestForeignKey } from '../foreignKeys/ingestForeignKeys';
import { serverKeyCast } from '../foreignKeys/keySpelling';
import { ReferenceAsk, RowReferences } from '../foreignKeys/referenceCheck';
import { IngestError } from '../ingestError';
import type { Query } from './query';

/** MySQL's "Table doesn't exist": the referenced table is not loaded yet, so the referenced files alone decide. */
const NO_SUCH_TABLE = 1146;
/** "Unknown column": the referenced table is not the one an ingest of the referenced file makes. */
const NO_SUCH_COLUMN = 1054;

/**
 * Which of a range's asked foreign keys the referenced tables hold: one statement per foreign key for the whole
 * range (a SELECT of the key columns WHERE (columns) IN (the asked keys), over each referenced table), more only
 * when the asked keys would make a statement over `maxBytes`. The values come back as text and are cast by the
 * referenced fields' types, as the files' keys are, so a key matches only as validate would match it.
 * Returns `isHeld` for rejectOrphans.
 */
export async function heldReferences(
  query: Query,
  asked: RowReferences[],
  foreignKeys: IngestForeignKey[],
  ownTable: string,
  maxBytes: number,
): Promise<(ask: ReferenceAsk) => boolean> {
  const held = new Set<string>();
  const byKey = foreignKeys.map(() => new Map<string, string[]>());
  for (const { asks } of asked) for (const ask of asks) byKey[ask.foreignKey].set(ask.key, ask.sent);
  for (let i = 0; i < foreignKeys.length; i++) {
    const keys = [...byKey[i].values()];
    const { target, tables } = foreignKeys[i];
    const casts = target.referenced.map(serverKeyCast);
    for (let from = 0; from < keys.length;) {
      let bytes = 0;
      let to = from;
      while (to < keys.length && (to === from || bytes < maxBytes)) bytes += keys[to++].reduce((sum, v) => sum + v.length + 8, 0) * (tables.length || 1);
      const rows = await heldIn(query, tables.length > 0 ? tables : [ownTable], target.columns, keys.slice(from, to));
      for (const row of rows) {
        const values = row.map((text, k) => (typeof text === 'string' ? casts[k](text) : INVALID));
        if (!values.includes(INVALID)) held.add(`${i}\0${String(keyOf(values))}`);
      }
      from = to;
    }
  }
  return (ask) => held.has(`${ask.foreignKey}\0${ask.key}`);
}

/** The asked keys that `tables` hold, as rows of text; a table that does not exist holds none. */
async function heldIn(query: Query, tables: string[], columns: string[], keys: string[][]): Promise<(string | null)[][]> {
  const names = columns.map((c) => escapeId(c));
  const tuple = (items: string[]) => `(${items.join(', ')})`;
  const list = keys.map((key) => tuple(key.map(() => '?'))).join(', ');
  const select = (table: string) =>
    `SELECT DISTINCT ${names.map((n) => `CAST(${n} AS CHAR)`).join(', ')} FROM ${escapeId(table)} WHERE ${tuple(names)} IN (${list})`;
  try {
    const rows = await query<RowDataPacket[]>({ sql: tables.map(select).join(' UNION '), values: tables.flatMap(() => keys.flat()), rowsAsArray: true });
    return rows as unknown as (string | null)[][];
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === NO_SUCH_COLUMN)
      throw new IngestError('table', `The foreign key refers to columns ${columns.join(', ')} of table ${tables.join(', ')}, which has no such column`, {
        table: tables.join(', '),
        reason: 'foreign-key-column',
        // Only a CSV's contract has foreign keys.
        input: 'csv',
      });
    if (errno !== NO_SUCH_TABLE) throw error;
    // One missing table among several: ask the others alone.
    if (tables.length === 1) return [];
    const found: (string | null)[][] = [];
    for (const table of tables) found.push(...(await heldIn(query, [table], columns, keys)));
    return found;
  }
}

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Query } from './query';
import { SortedRows } from '../parse/parsedRange';
import { WorkerConfig } from '../run/protocol';
import { ServerReject } from './skips/serverRejects';
import { isKeyRepeat } from './skips/serverSkips';
import { escaperOf, insertRowSql, keyExistsSql } from './sql';
import { sendRow } from './updateByKey';

/** What onDuplicate "skip" or "error" made of a range's rows sent one by one. */
export interface InsertedByKey {
  /** Rows whose key the table already held. */
  duplicates: number;
  rejects: ServerReject[];
}

const ER_DUP_ENTRY = 1062;

/**
 * A table with BEFORE triggers: a trigger may rewrite a row's key (SET NEW.id = 1), so a repeat the server reports
 * may be of another key than the row's, and counting a statement's repeats (duplicatesIfClean) would call such a row
 * a duplicate. Each row is a plain INSERT of its own, within the range's transaction: a repeat of the mapping's
 * key is a duplicate only when the table holds a row with this row's own key; anything else the server refuses
 * (the trigger's repeat, a CHECK, a SIGNAL) rejects the row with the server's code and words.
 */
export async function insertByKey(connection: Connection, query: Query, config: WorkerConfig, rows: SortedRows): Promise<InsertedByKey> {
  const escape = escaperOf(connection);
  const done: InsertedByKey = { duplicates: 0, rejects: [] };
  for (const row of rows.order) {
    const values = rows.values[row];
    const outcome = await sendRow(query, insertRowSql(config.mapping, values, escape), (r) => r.affectedRows);
    if (typeof outcome === 'number') continue;
    const repeat = outcome.code === ER_DUP_ENTRY && isKeyRepeat(outcome, config);
    if (repeat && (await query<RowDataPacket[]>({ sql: keyExistsSql(config.mapping, values, escape) })).length > 0) done.duplicates++;
    else done.rejects.push({ row, errno: outcome.code, message: outcome.message });
  }
  return done;
}

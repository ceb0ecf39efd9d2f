import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Query } from '../query';
import { ParsedRange } from '../../parse/parsedRange';
import { WorkerConfig } from '../../run/protocol';
import { DUPLICATE_KEY_ERRNO, ServerReject } from './serverRejects';
import { escaperOf, insertRowSql, keyExistsSql } from '../sql';
import { sendRow } from '../updateByKey';

/**
 * onDuplicate "error": the range's rows whose key an earlier line had (`parsed.keyRepeats`), after the rest of the
 * range is in, within its transaction. A line the server refused holds no key, so the winner of a key is the first
 * line the table took (or that repeated a row already there): a repeat whose key the table holds is rejected as
 * a repeat; one whose key it does not hold (every earlier line with it was refused) goes in, in file order, as a
 * plain INSERT, refused in turn with the server's code and words. Earlier ranges with the key have committed
 * (the key gate), so the table says which.
 */
export async function settleRepeats(
  connection: Connection,
  query: Query,
  config: WorkerConfig,
  parsed: ParsedRange,
): Promise<{ inserted: number; rejects: ServerReject[] }> {
  const escape = escaperOf(connection);
  const settled = { inserted: 0, rejects: [] as ServerReject[] };
  for (const { row, reason } of parsed.keyRepeats ?? []) {
    const values = parsed.rows.values[row];
    const held = await query<RowDataPacket[]>({ sql: keyExistsSql(config.mapping, values, escape) });
    if (held.length > 0) {
      settled.rejects.push({ row, errno: DUPLICATE_KEY_ERRNO, message: reason });
      continue;
    }
    const outcome = await sendRow(query, insertRowSql(config.mapping, values, escape), (r) => r.affectedRows);
    if (typeof outcome === 'number') settled.inserted++;
    else settled.rejects.push({ row, errno: outcome.code, message: outcome.message });
  }
  return settled;
}

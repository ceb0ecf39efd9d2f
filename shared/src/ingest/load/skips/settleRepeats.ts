import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Query } from '../query';
import { ParsedRange } from '../../parse/parsedRange';
import { WorkerConfig } from '../../run/protocol';
import { DUPLICATE_KEY_ERRNO, ServerReject, UNIQUE_REPEAT_ERRNO } from './serverRejects';
import { escaperOf, insertRowSql, keyExistsSql, updateRowSql, valuesHeldSql } from '../sql';
import { sendRow } from '../updateByKey';
import { statementInfoNumbers } from '../statementInfo';

/**
 * The range's rows whose mapping key (onDuplicate "error") or CSV unique value an earlier line had
 * (`parsed.keyRepeats`), after the rest of the range is in, within its transaction. A line the server refused holds
 * no value, so the first holder of a value is the first line the table took: a repeat whose value the table holds is
 * rejected as a repeat; one whose value it does not hold (every earlier line with it was refused) is loaded, in file
 * order, row by row, refused in turn with the server's code and words. Earlier ranges with the value have committed
 * (the key gate), so the table says which.
 */
export async function settleRepeats(
  connection: Connection,
  query: Query,
  config: WorkerConfig,
  parsed: ParsedRange,
): Promise<{ inserted: number; duplicates: number; rejects: ServerReject[] }> {
  const escape = escaperOf(connection);
  const { mapping } = config;
  const settled = { inserted: 0, duplicates: 0, rejects: [] as ServerReject[] };
  for (const { row, held } of parsed.keyRepeats ?? []) {
    const values = parsed.rows.values[row];
    let refused: ServerReject | undefined;
    for (const { columns, reason } of held) {
      const sql = columns ? valuesHeldSql(mapping, values, columns, escape) : keyExistsSql(mapping, values, escape);
      const found = await query<RowDataPacket[]>({ sql });
      if (found.length > 0) {
        refused = { row, errno: columns ? UNIQUE_REPEAT_ERRNO : DUPLICATE_KEY_ERRNO, message: reason };
        break;
      }
    }
    if (refused) {
      settled.rejects.push(refused);
      continue;
    }
    // A repeat of a unique value only: its own key may be in the table, a duplicate as in the rest of the load.
    const keyFree = held.some((h) => !h.columns);
    const matched = keyFree
      ? 0
      : mapping.onDuplicate === 'update'
        ? await sendRow(query, updateRowSql(mapping, values, escape), (r) => statementInfoNumbers(r.info)[0] ?? r.affectedRows)
        : (await query<RowDataPacket[]>({ sql: keyExistsSql(mapping, values, escape) })).length;
    const outcome = matched === 0 ? await sendRow(query, insertRowSql(mapping, values, escape), (r) => r.affectedRows) : matched;
    if (typeof outcome !== 'number') settled.rejects.push({ row, errno: outcome.code, message: outcome.message });
    else if (matched !== 0) settled.duplicates++;
    else settled.inserted++;
  }
  return settled;
}

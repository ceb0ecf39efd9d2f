import type { Connection, ResultSetHeader } from 'mysql2/promise';
import type { Query } from './query';
import { IngestMapping } from '../../mapping/ingestMapping';
import { SortedRows } from '../parse/parsedRange';
import { ServerReject } from './skips/serverRejects';
import { rowErrorOf, ServerWarning, warningsOf } from './skips/serverSkips';
import { valuesChanged } from './skips/settleRows';
import { escaperOf, insertRowSql, updateRowSql } from './sql';
import { statementInfoNumbers } from './statementInfo';

/** What onDuplicate "update" made of a range's rows on a table with other UNIQUE keys. */
export interface Updated {
  /** Rows that updated the row holding their key (the report's `updated`). */
  updated: number;
  rejects: ServerReject[];
}

/**
 * onDuplicate "update" on a table with a PRIMARY or UNIQUE key besides the mapping's: REPLACE would delete the other
 * row that holds a repeated value of that key, so each row is sent on its own, within the range's transaction. A
 * row whose key is there updates that row (in place: unmapped columns keep their values); one whose key is new is
 * inserted. A statement the server refuses (a repeat on the other key, a CHECK, a foreign key) rejects its row with
 * the server's code and words, and InnoDB undoes just that statement. Rows come in file order (applyTableKeys), so
 * the last line of a key wins and the earliest line of another key's value keeps it.
 */
export async function updateByKey(connection: Connection, query: Query, mapping: IngestMapping, rows: SortedRows): Promise<Updated> {
  const escape = escaperOf(connection);
  const done: Updated = { updated: 0, rejects: [] };
  for (const row of rows.order) {
    const values = rows.values[row];
    // The rows matched, also one that already holds these values (info's first number: no FOUND_ROWS).
    const update = await sendRow(query, updateRowSql(mapping, values, escape), (r) => statementInfoNumbers(r.info)[0] ?? r.affectedRows);
    const outcome = update === 0 ? await sendRow(query, insertRowSql(mapping, values, escape), (r) => r.affectedRows) : update;
    if (typeof outcome !== 'number') done.rejects.push({ row, errno: outcome.code, message: outcome.message });
    else if (update !== 0) done.updated++;
  }
  return done;
}

/** The rows a statement touched, or the row error the server refused it with; a warning (a value changed) fails the range. */
export async function sendRow(query: Query, sql: string, rowsOf: (result: ResultSetHeader) => number): Promise<number | ServerWarning> {
  let result: ResultSetHeader;
  try {
    result = await query<ResultSetHeader>({ sql });
  } catch (error) {
    const refused = rowErrorOf(error);
    if (!refused) throw error;
    return refused;
  }
  if (result.warningStatus > 0) throw valuesChanged(await warningsOf(query, result));
  return rowsOf(result);
}

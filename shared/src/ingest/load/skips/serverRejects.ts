import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import type { Query } from '../query';
import { ParsedRange } from '../../parse/parsedRange';
import { ByteRange } from '../../plan/planChunks';
import { Reject } from '../../reject';

export const SERVER_REJECTS_TABLE = 'loadline_ingest_rejects';

/** The errno recorded for a repeat of the mapping's key that the table holds (settleRepeats): its reason is the message. */
export const DUPLICATE_KEY_ERRNO = -1;

/** The errno recorded for a repeat of a CSV's unique value that the table holds (loadInFileOrder): its reason is the message. */
export const UNIQUE_REPEAT_ERRNO = -2;

/** A row the server skipped or refused for another reason than a repeat of the mapping's key, or (DUPLICATE_KEY_ERRNO) a repeat settled after the load. */
export interface ServerReject {
  /** The row's index in its range, in file order (as `ParsedRange.rowLines`). */
  row: number;
  /** The server's error number and message, e.g. 4025 and "CONSTRAINT `qty_pos` failed for `db`.`t`". */
  errno: number;
  message: string;
}

/**
 * Rows the server refused, written in the transaction that commits their range part with its ledger row: a
 * --resume that parses a committed range again for its rejects finds these here, not in the file.
 */
export const createServerRejectsSql = `CREATE TABLE IF NOT EXISTS ${escapeId(SERVER_REJECTS_TABLE)} (
  run_key CHAR(36) NOT NULL,
  range_index INT NOT NULL,
  row_index INT NOT NULL,
  errno INT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_key, range_index, row_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

export async function recordServerRejects(query: Query, runKey: string, range: ByteRange, rejects: ServerReject[]): Promise<void> {
  if (rejects.length === 0) return;
  await query({
    sql: `INSERT INTO ${escapeId(SERVER_REJECTS_TABLE)} (run_key, range_index, row_index, errno, message) VALUES ?`,
    values: [rejects.map((r) => [runKey, range.index, r.row, r.errno, r.message])],
  });
}

export async function readServerRejects(connection: Connection, runKey: string, range: number): Promise<ServerReject[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT row_index, errno, message FROM ${escapeId(SERVER_REJECTS_TABLE)} WHERE run_key = ? AND range_index = ? ORDER BY row_index`,
    [runKey, range],
  );
  return rows.map((r) => ({ row: Number(r.row_index), errno: Number(r.errno), message: String(r.message) }));
}

export async function forgetServerRejects(connection: Connection, runKey: string): Promise<void> {
  await connection.query(`DELETE FROM ${escapeId(SERVER_REJECTS_TABLE)} WHERE run_key = ?`, [runKey]);
}

/**
 * A range's rejects, in line order: its parse rejects and the rows the server refused. `texts` are the rows' lines
 * (`ParsedRange.rowTexts`, from a parse that kept them). A CSV's rows are numbered by their lines in the file.
 */
export function withServerRejects(parsed: ParsedRange, server: ServerReject[], texts: string[], input: 'csv' | 'log'): Reject[] {
  if (server.length === 0) return parsed.rejects;
  const refused = server.map((r): Reject => ({
    line: parsed.rowLines[r.row],
    ...(input === 'csv' ? { fileLine: true } : {}),
    ...(r.errno === DUPLICATE_KEY_ERRNO
      ? { code: 'duplicate-key', reason: r.message }
      : r.errno === UNIQUE_REPEAT_ERRNO
        ? { code: 'unique-error', reason: r.message }
        : { code: 'server-rejected', reason: `the server refused the row (error ${r.errno}): ${r.message}${fixFor(r.errno, input)}` }),
    text: texts[r.row],
  }));
  return [...parsed.rejects, ...refused].sort((a, b) => a.line - b.line);
}

/**
 * Error 1048: a column the row leaves NULL. A log's mapping can give the column a default, or leave it to the
 * table's DEFAULT when the table has one; a CSV loads every header cell, so its cell needs a value, or the column NULL.
 */
const NOT_NULL_ERRNO = 1048;

const NOT_NULL_FIX = {
  log: '; give that column a "default" in the mapping, or, if the table gives it a DEFAULT, leave it out of the mapping',
  csv: "; the row's cell for it is empty, one of its field's missingValues, or not there (a short row), which loads as NULL: give it a value, or let the column take NULL",
};

const fixFor = (errno: number, input: 'csv' | 'log') => (errno === NOT_NULL_ERRNO ? NOT_NULL_FIX[input] : '');

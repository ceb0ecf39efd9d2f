import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import type { Query } from './loadRange';
import { ByteRange } from './planChunks';
import { LineCounts } from './report';

export const LEDGER_TABLE = 'loadline_ingest_ledger';

/** One row per committed range, written in the same transaction as the range's rows. */
export const createLedgerSql = `CREATE TABLE IF NOT EXISTS ${escapeId(LEDGER_TABLE)} (
  run_key CHAR(36) NOT NULL,
  range_index INT NOT NULL,
  range_start BIGINT NOT NULL,
  range_end BIGINT NOT NULL,
  \`lines\` INT NOT NULL,
  inserted INT NOT NULL,
  duplicates INT NOT NULL,
  rejected INT NOT NULL,
  blank INT NOT NULL,
  committed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (run_key, range_index)
) ENGINE=InnoDB`;

/** Records a range as committed; call it inside the transaction that loads the range. */
export async function recordRange(query: Query, runKey: string, range: ByteRange, counts: LineCounts): Promise<void> {
  await query({
    sql: `INSERT INTO ${escapeId(LEDGER_TABLE)} (run_key, range_index, range_start, range_end, \`lines\`, inserted, duplicates, rejected, blank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    values: [runKey, range.index, range.start, range.end, counts.lines, counts.inserted, counts.duplicates, counts.rejected, counts.blank],
  });
}

const COUNT_COLUMNS = `range_index, \`lines\`, inserted, duplicates, rejected, blank`;
const countsOf = (r: RowDataPacket): LineCounts => ({
  lines: Number(r.lines),
  inserted: Number(r.inserted),
  duplicates: Number(r.duplicates),
  rejected: Number(r.rejected),
  blank: Number(r.blank),
});

export async function readLedger(connection: Connection, runKey: string, timeout?: number): Promise<Map<number, LineCounts>> {
  const [rows] = await connection.query<RowDataPacket[]>({
    sql: `SELECT ${COUNT_COLUMNS} FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`,
    values: [runKey],
    timeout,
  });
  return new Map(rows.map((r) => [Number(r.range_index), countsOf(r)]));
}

/**
 * What a range committed, if it did. A connection lost during COMMIT leaves the outcome unknown: the range's
 * ledger row, which commits with its rows, says whether to load it again.
 */
export async function readRangeCounts(connection: Connection, runKey: string, range: number): Promise<LineCounts | undefined> {
  const [rows] = await connection.query<RowDataPacket[]>(`SELECT ${COUNT_COLUMNS} FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ? AND range_index = ?`, [
    runKey,
    range,
  ]);
  return rows.length > 0 ? countsOf(rows[0]) : undefined;
}

export async function forgetRun(connection: Connection, runKey: string): Promise<void> {
  await connection.query(`DELETE FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`, [runKey]);
}

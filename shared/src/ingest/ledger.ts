import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
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
export async function recordRange(connection: Connection, runKey: string, range: ByteRange, counts: LineCounts): Promise<void> {
  await connection.query(
    `INSERT INTO ${escapeId(LEDGER_TABLE)} (run_key, range_index, range_start, range_end, \`lines\`, inserted, duplicates, rejected, blank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [runKey, range.index, range.start, range.end, counts.lines, counts.inserted, counts.duplicates, counts.rejected, counts.blank],
  );
}

export async function readLedger(connection: Connection, runKey: string): Promise<Map<number, LineCounts>> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT range_index, \`lines\`, inserted, duplicates, rejected, blank FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`,
    [runKey],
  );
  return new Map(
    rows.map((r) => [
      Number(r.range_index),
      { lines: Number(r.lines), inserted: Number(r.inserted), duplicates: Number(r.duplicates), rejected: Number(r.rejected), blank: Number(r.blank) },
    ]),
  );
}

export async function forgetRun(connection: Connection, runKey: string): Promise<void> {
  await connection.query(`DELETE FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`, [runKey]);
}

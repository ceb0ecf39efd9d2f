import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import type { Query } from './query';
import { ByteRange } from '../plan/planChunks';
import { addCounts, LineCounts, zeroCounts } from '../report';
import { forgetServerRejects, readServerRejects, recordServerRejects, ServerReject } from './skips/serverRejects';

export const LEDGER_TABLE = 'loadline_ingest_ledger';

/**
 * One row per committed transaction, written in that transaction. A range commits in one transaction, or, when
 * a cluster refuses a write set that large (Galera's error 1180), in parts: rows [rows_from, rows_to) of the
 * range's ordered rows each, the last part marked final and carrying the range's line counts.
 */
export const createLedgerSql = `CREATE TABLE IF NOT EXISTS ${escapeId(LEDGER_TABLE)} (
  run_key CHAR(36) NOT NULL,
  range_index INT NOT NULL,
  rows_from INT NOT NULL,
  rows_to INT NOT NULL,
  final TINYINT NOT NULL,
  range_start BIGINT NOT NULL,
  range_end BIGINT NOT NULL,
  \`lines\` INT NOT NULL,
  inserted INT NOT NULL,
  duplicates INT NOT NULL,
  rejected INT NOT NULL,
  blank INT NOT NULL,
  committed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (run_key, range_index, rows_from)
) ENGINE=InnoDB`;

/** A ledger from before parts: its rows become whole ranges, each one final part. */
export const upgradeLedgerSql = `ALTER TABLE ${escapeId(LEDGER_TABLE)}
  ADD COLUMN rows_from INT NOT NULL DEFAULT 0 AFTER range_index,
  ADD COLUMN rows_to INT NOT NULL DEFAULT 0 AFTER rows_from,
  ADD COLUMN final TINYINT NOT NULL DEFAULT 1 AFTER rows_to,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (run_key, range_index, rows_from)`;

/** A transaction's share of a range: rows [from, to) of its ordered rows, and what they counted. */
export interface RangePart {
  from: number;
  to: number;
  /** The last part: `counts` then holds the range's lines, rejects and blanks too. */
  final: boolean;
  counts: LineCounts;
  /** The part's rows the server refused (counted in `counts.rejected`). */
  rejects: ServerReject[];
}

/** Records a part of a range as committed; call it inside the transaction that loads those rows. */
export async function recordPart(query: Query, runKey: string, range: ByteRange, part: RangePart): Promise<void> {
  const { counts } = part;
  await query({
    sql: `INSERT INTO ${escapeId(LEDGER_TABLE)} (run_key, range_index, rows_from, rows_to, final, range_start, range_end, \`lines\`, inserted, duplicates, rejected, blank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    values: [
      runKey,
      range.index,
      part.from,
      part.to,
      part.final ? 1 : 0,
      range.start,
      range.end,
      counts.lines,
      counts.inserted,
      counts.duplicates,
      counts.rejected,
      counts.blank,
    ],
  });
  await recordServerRejects(query, runKey, range, part.rejects);
}

/** What the ledger holds of one range: every row loaded when `complete`, else the rows [0, rowsDone) so far. */
export interface RangeProgress {
  complete: boolean;
  rowsDone: number;
  counts: LineCounts;
  /** The rows of [0, rowsDone) the server refused. */
  rejects: ServerReject[];
}

const PART_COLUMNS = `range_index, rows_to, final, \`lines\`, inserted, duplicates, rejected, blank`;

function progressByRange(rows: RowDataPacket[]): Map<number, RangeProgress> {
  const ranges = new Map<number, RangeProgress>();
  for (const r of rows) {
    const index = Number(r.range_index);
    let progress = ranges.get(index);
    if (!progress) ranges.set(index, (progress = noProgress()));
    progress.complete ||= Number(r.final) === 1;
    progress.rowsDone = Math.max(progress.rowsDone, Number(r.rows_to));
    addCounts(progress.counts, {
      lines: Number(r.lines),
      inserted: Number(r.inserted),
      duplicates: Number(r.duplicates),
      rejected: Number(r.rejected),
      blank: Number(r.blank),
    });
  }
  return ranges;
}

/** The ranges a run committed whole, with their counts (a range with only some parts in is not committed). */
export async function readLedger(connection: Connection, runKey: string, timeout?: number): Promise<Map<number, LineCounts>> {
  const [rows] = await connection.query<RowDataPacket[]>({
    sql: `SELECT ${PART_COLUMNS} FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`,
    values: [runKey],
    timeout,
  });
  return new Map([...progressByRange(rows)].filter(([, p]) => p.complete).map(([index, p]) => [index, p.counts]));
}

/**
 * How far a range got. A connection lost during COMMIT leaves the outcome unknown: the ledger rows, which commit
 * with the rows they count, say whether to load the range (or its rest) again.
 */
export async function readRangeProgress(connection: Connection, runKey: string, range: number): Promise<RangeProgress> {
  const [rows] = await connection.query<RowDataPacket[]>(`SELECT ${PART_COLUMNS} FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ? AND range_index = ?`, [
    runKey,
    range,
  ]);
  const progress = progressByRange(rows).get(range) ?? noProgress();
  if (progress.counts.rejected > 0) progress.rejects = await readServerRejects(connection, runKey, range);
  return progress;
}

export const noProgress = (): RangeProgress => ({ complete: false, rowsDone: 0, counts: zeroCounts(), rejects: [] });

export async function forgetRun(connection: Connection, runKey: string): Promise<void> {
  await connection.query(`DELETE FROM ${escapeId(LEDGER_TABLE)} WHERE run_key = ?`, [runKey]);
  await forgetServerRejects(connection, runKey);
}

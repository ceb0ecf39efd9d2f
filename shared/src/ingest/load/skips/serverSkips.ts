import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Query } from '../query';
import { WorkerConfig } from '../../run/protocol';
import { statementInfoNumbers } from '../statementInfo';

/**
 * A statement skipped or refused a row for another reason than a repeat of the mapping's key (a CHECK, a
 * foreign key, a partition, JSON_VALID, another UNIQUE key), or the server warned of something it could not
 * show: the range's transaction is rolled back and the range loads again in parts small enough to find each
 * such row (settleRows).
 */
export class ServerSkipsFound extends Error {
  constructor() {
    super('the server skipped rows that are not repeats of the key');
  }
}

/** One row of SHOW WARNINGS. */
export interface ServerWarning {
  level: string;
  code: number;
  message: string;
}

interface DriverError {
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  message?: string;
}

/**
 * An error that one row's values caused (SQLSTATE 22: data, 23: integrity, 45: a trigger's SIGNAL, or no partition
 * for the value): INSERT without IGNORE ('update'), INSERT IGNORE of a single row that fails a CHECK, and any statement whose trigger
 * signals, fail the statement with it instead of skipping the row.
 */
export function rowErrorOf(error: unknown): ServerWarning | undefined {
  const e = (error ?? {}) as DriverError;
  const rowError = /^(2[23]|45)/.test(e.sqlState ?? '') || e.errno === ER_NO_PARTITION_FOR_GIVEN_VALUE;
  return rowError ? { level: 'Error', code: e.errno ?? 0, message: e.sqlMessage ?? e.message ?? '' } : undefined;
}

const ER_NO_PARTITION_FOR_GIVEN_VALUE = 1526;
const ER_DUP_ENTRY = 1062;
/** MySQL 8 notes that VALUES() in ON DUPLICATE KEY UPDATE is deprecated: nothing about the values. */
const ER_WARN_DEPRECATED_SYNTAX = 1287;

/** The statement's warnings: all of them (the session raises max_error_count), or fewer when it had more. */
export async function warningsOf(query: Query, result: ResultSetHeader): Promise<ServerWarning[]> {
  if (result.warningStatus === 0) return [];
  // As arrays: a range loaded again holds tens of thousands of duplicates, each a warning to read.
  const rows = (await query<RowDataPacket[]>({ sql: 'SHOW WARNINGS', rowsAsArray: true })) as unknown as unknown[][];
  return rows.map(([level, code, message]) => ({ level: String(level), code: Number(code), message: String(message) }));
}

/** A 1062 warning on an index that is the mapping's key: "… for key 'PRIMARY'" (MariaDB), "… for key 't.PRIMARY'" (MySQL 8). */
export function isKeyRepeat(w: ServerWarning, config: Pick<WorkerConfig, 'mapping' | 'keyIndexes'>): boolean {
  const table = config.mapping.table;
  return (
    w.code === ER_DUP_ENTRY && config.keyIndexes.some((name) => w.message.endsWith(` for key '${name}'`) || w.message.endsWith(` for key '${table}.${name}'`))
  );
}

/**
 * The rows a statement counted as duplicates, when every row it skipped repeats the mapping's key and nothing else
 * warned; undefined otherwise. IGNORE does not count a skipped row. 'update' counts the rows that found their key.
 */
export function duplicatesIfClean(config: Pick<WorkerConfig, 'mapping' | 'keyIndexes'>, rows: number, result: ResultSetHeader, warnings: ServerWarning[]) {
  if (warnings.length < result.warningStatus) return undefined;
  if (config.mapping.onDuplicate === 'update') return updatesIfClean(rows, result, warnings);
  const skipped = rows - result.affectedRows;
  const repeats = warnings.filter((w) => isKeyRepeat(w, config)).length;
  if (repeats !== warnings.length || repeats !== skipped) return undefined;
  return skipped;
}

/**
 * INSERT … ON DUPLICATE KEY UPDATE: the rows that found their key in the table, changed or already holding the
 * line's values (either way the line's values are there, so both count as updated). The connection has no
 * FOUND_ROWS: a row adds 1 to affectedRows when inserted, 2 when changed, 0 when unchanged, and the info's
 * Duplicates are the changed ones; a statement of one row has no info.
 */
function updatesIfClean(rows: number, result: ResultSetHeader, warnings: ServerWarning[]): number | undefined {
  if (!warnings.every((w) => w.code === ER_WARN_DEPRECATED_SYNTAX)) return undefined;
  const [, duplicates] = statementInfoNumbers(result.info);
  const changed = duplicates ?? (rows === 1 ? Number(result.affectedRows === 2) : undefined);
  if (changed === undefined) return undefined;
  const inserted = result.affectedRows - 2 * changed;
  return inserted >= 0 && inserted <= rows ? rows - inserted : undefined;
}

import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { IngestError } from '../../ingestError';
import type { Query } from '../query';
import { SortedRows } from '../../parse/parsedRange';
import { WorkerConfig } from '../../run/protocol';
import { ServerReject } from './serverRejects';
import { duplicatesIfClean, rowErrorOf, ServerWarning, warningsOf } from './serverSkips';
import { escaperOf, insertPrefixSql, insertSuffixSql, insertTupleSql } from '../sql';

/** What the rows of a careful load became: each one inserted, a repeat of the key (or its update), or refused by the server. */
export interface Settled {
  inserted: number;
  duplicates: number;
  rejects: ServerReject[];
}

/** How many parts a statement whose rows were not all clean is sent again in. */
const SPLIT_INTO = 16;

/**
 * Loads rows within the open transaction so that each row's fate is known: multi-row INSERTs as the fast path
 * sends them, and a statement whose rows were not all clean is undone to its savepoint and sent again in parts,
 * down to the single row the server refused. Rows keep their key order, so the first of two equal keys still
 * comes first. A range whose fast load met a server-side skip (ServerSkipsFound) comes here, and so do the rows
 * between a range's contested rows (loadInFileOrder).
 */
export async function settleRows(connection: Connection, query: Query, config: WorkerConfig, rows: SortedRows): Promise<Settled> {
  const settled: Settled = { inserted: 0, duplicates: 0, rejects: [] };
  const prefix = insertPrefixSql(config.mapping);
  const suffix = insertSuffixSql(config.mapping);
  const escape = escaperOf(connection);
  const tupleOf = (row: number) => insertTupleSql(rows.values[row], escape);

  const settle = async (batch: number[], tuples: string[]): Promise<void> => {
    await query({ sql: 'SAVEPOINT loadline_rows' });
    let result: ResultSetHeader | undefined;
    let refused: ServerWarning | undefined;
    try {
      result = await query<ResultSetHeader>({ sql: prefix + tuples.join(',') + suffix });
    } catch (error) {
      refused = rowErrorOf(error);
      if (!refused) throw error;
    }
    const warnings = result ? await warningsOf(query, result) : [];
    const duplicates = result && duplicatesIfClean(config, batch.length, result, warnings);
    if (duplicates !== undefined) {
      settled.duplicates += duplicates;
      settled.inserted += batch.length - duplicates;
      return;
    }
    await query({ sql: 'ROLLBACK TO SAVEPOINT loadline_rows' });
    if (batch.length > 1) {
      // In sixteenths, not halves: at a 1% skip rate nearly every half of a large batch holds a skip, so halving
      // sent each row about log2(batch) times (a 300k-line load with 1% CHECK skips took 4.5x as long as none).
      const part = Math.ceil(batch.length / SPLIT_INTO);
      for (let at = 0; at < batch.length; at += part) await settle(batch.slice(at, at + part), tuples.slice(at, at + part));
      return;
    }
    // Rolled back: a row the server skipped, refused, or would have stored changed (1366 and the like) is refused with its words.
    settled.rejects.push({ row: batch[0], ...reasonOf(refused ? [refused] : warnings) });
  };

  let batch: number[] = [];
  let tuples: string[] = [];
  let bytes = Buffer.byteLength(prefix + suffix);
  for (const row of rows.order) {
    const tuple = tupleOf(row);
    const tupleBytes = Buffer.byteLength(tuple) + 1;
    if (batch.length > 0 && bytes + tupleBytes > config.batchBytes) {
      await settle(batch, tuples);
      [batch, tuples, bytes] = [[], [], Buffer.byteLength(prefix + suffix)];
    }
    batch.push(row);
    tuples.push(tuple);
    bytes += tupleBytes;
  }
  if (batch.length > 0) await settle(batch, tuples);
  return settled;
}

/**
 * The server's code and words for a refused row: its first warning (a note such as JSON_VALID's depth limit comes
 * before the CHECK warning it causes), with the others after it.
 */
function reasonOf(warnings: ServerWarning[]): { errno: number; message: string } {
  const first = warnings.find((w) => w.level !== 'Note') ?? warnings[0];
  if (!first) return { errno: 0, message: 'skipped without a warning' };
  const others = warnings.filter((w) => w !== first).map((w) => w.message);
  return { errno: first.code, message: [first.message, ...others].join('; ') };
}

/** IGNORE stores a value it had to change with a warning (a truncation, a conversion): refuse that. */
export function valuesChanged(warnings: ServerWarning[]): IngestError {
  const detail = warnings.map((w) => `${w.code}: ${w.message}`).join('; ');
  return new IngestError('values-changed', `the server changed values while loading (${detail}); nothing from this range was kept`, { detail });
}

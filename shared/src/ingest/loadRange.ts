import { once } from 'events';
import { Socket } from 'net';
import { Readable } from 'stream';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { recordRange } from './ledger';
import { mapLine } from './mapEvent';
import { ByteRange } from './planChunks';
import { Reject, WorkerConfig } from './protocol';
import { readRangeLines } from './readRange';
import { LineCounts, zeroCounts } from './report';
import { insertPrefixSql, insertTupleSql, loadDataSql, toTsvRow } from './sql';
import { IngestError } from './target';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

interface RangeHooks {
  isCancelled: () => boolean;
  /** Bytes read and lines parsed since the last call. */
  onProgress: (bytes: number, lines: number) => void;
}

export interface ParsedRange {
  counts: LineCounts;
  rejects: Reject[];
  rows: SortedRows;
}

/**
 * Loads one parsed range in one transaction, together with its ledger row, so a range is either wholly
 * committed and recorded or not there at all: what makes --resume exact after a crash or a kill.
 */
export async function loadRange(connection: Connection, config: WorkerConfig, range: ByteRange, parsed: ParsedRange, isCancelled: () => boolean): Promise<LineCounts> {
  const { rows } = parsed;
  const counts = { ...parsed.counts };
  await connection.beginTransaction();
  try {
    counts.inserted = config.method === 'infile' ? await loadDataInfile(connection, config, range, rows, isCancelled) : await insertRows(connection, config, rows);
    counts.duplicates = rows.order.length - counts.inserted;
    await recordRange(connection, config.runKey, range, counts);
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  }
  return counts;
}

/**
 * A range's rows sorted by key. InnoDB inserts a sorted run of random UUIDs with about 20% less server CPU
 * (measured: README, "Benchmarks"). Ties keep file order, so the first of two equal ids still wins.
 */
interface SortedRows {
  /** Row values, in file order. */
  values: string[][];
  /** Each row's key, in file order. */
  keys: string[];
  /** Indexes into `values`, in key order. */
  order: Uint32Array;
}

export async function parseRange(config: WorkerConfig, range: ByteRange, hooks: RangeHooks): Promise<ParsedRange> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const values: string[][] = [];
  const keys: string[] = [];
  const key = config.mapping.columns.findIndex((c) => c.column === config.mapping.key);
  let reportedLines = 0;
  const onBytes = (bytes: number) => {
    hooks.onProgress(bytes, counts.lines - reportedLines);
    reportedLines = counts.lines;
  };
  for await (const { firstLine, lines, invalidUtf8 } of readRangeLines(config.file, range, onBytes)) {
    if (hooks.isCancelled()) throw new CancelledError();
    const invalid = new Set(invalidUtf8);
    for (let i = 0; i < lines.length; i++) {
      counts.lines++;
      const mapped = invalid.has(i) ? ({ kind: 'reject', reason: 'the line is not valid UTF-8' } as const) : mapLine(lines[i], config.mapping);
      if (mapped.kind === 'row') {
        values.push(mapped.values);
        keys.push(mapped.values[key]);
      } else if (mapped.kind === 'blank') counts.blank++;
      else {
        counts.rejected++;
        rejects.push({ line: firstLine + i, reason: mapped.reason, text: lines[i] });
      }
    }
  }
  const order = Uint32Array.from(keys, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  return { counts, rejects, rows: { values, keys, order } };
}

async function loadDataInfile(connection: Connection, config: WorkerConfig, range: ByteRange, rows: SortedRows, isCancelled: () => boolean): Promise<number> {
  const stream = Readable.from(tsvPackets(rows, config.batchBytes, socketOf(connection), isCancelled), { objectMode: false });
  try {
    const [result] = await connection.query<ResultSetHeader>({ sql: loadDataSql(config.mapping, `loadline-range-${range.index}`), infileStreamFactory: () => stream });
    await checkOnlyDuplicatesWarned(connection, result.warningStatus, rows.order.length - result.affectedRows);
    return result.affectedRows;
  } finally {
    stream.destroy();
  }
}

/**
 * TSV in packets of at most about `batchBytes` (a UTF-16 unit is at most 3 UTF-8 bytes). mysql2 writes every
 * packet to the socket at once, so the generator itself waits while the socket's backlog is large.
 */
async function* tsvPackets(rows: SortedRows, batchBytes: number, socket: Socket, isCancelled: () => boolean): AsyncGenerator<Buffer> {
  let packet = '';
  for (const index of rows.order) {
    packet += toTsvRow(rows.values[index]);
    if (packet.length >= batchBytes / 3) {
      if (isCancelled()) throw new CancelledError();
      const bytes = Buffer.from(packet);
      packet = '';
      if (socket.writableLength > SOCKET_BACKLOG_BYTES) await once(socket, 'drain');
      yield bytes;
    }
  }
  if (packet) yield Buffer.from(packet);
}

const SOCKET_BACKLOG_BYTES = 2 << 20;

/** The promise wrapper hides the net.Socket that mysql2 writes to; backpressure needs it. */
function socketOf(connection: Connection): Socket {
  return (connection as unknown as { connection: { stream: Socket } }).connection.stream;
}

/** Multi-row INSERT IGNORE statements of at most `batchBytes`, for servers without local_infile. */
async function insertRows(connection: Connection, config: WorkerConfig, rows: SortedRows): Promise<number> {
  const prefix = insertPrefixSql(config.mapping);
  const escape = (v: string) => connection.escape(v);
  let inserted = 0;
  let sql = '';
  const flush = async () => {
    const [result] = await connection.query<ResultSetHeader>(sql);
    inserted += result.affectedRows;
    sql = '';
  };
  for (const index of rows.order) {
    const tuple = insertTupleSql(config.mapping, rows.values[index], escape);
    if (sql && Buffer.byteLength(sql) + Buffer.byteLength(tuple) + 1 > config.batchBytes) await flush();
    sql += sql ? ',' + tuple : prefix + tuple;
  }
  if (sql) await flush();
  return inserted;
}

/** IGNORE turns duplicates into warnings, but would do the same to a truncation: refuse anything but duplicates. */
async function checkOnlyDuplicatesWarned(connection: Connection, warnings: number, duplicates: number): Promise<void> {
  if (warnings <= duplicates) return;
  const [rows] = await connection.query<RowDataPacket[]>('SHOW WARNINGS');
  const other = rows.find((w) => w.Code !== 1062);
  throw new IngestError(`the server changed values while loading (${other ? `${other.Code}: ${other.Message}` : `${warnings - duplicates} warnings`}); nothing from this range was kept`);
}

import { once } from 'events';
import { Socket } from 'net';
import { Readable } from 'stream';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
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

export interface RangeResult {
  counts: LineCounts;
  rejects: Reject[];
}

interface RangeHooks {
  isCancelled: () => boolean;
  /** Bytes read and lines parsed since the last call. */
  onProgress: (bytes: number, lines: number) => void;
}

/**
 * Loads one byte range in one transaction, together with its ledger row, so a range is either wholly
 * committed and recorded or not there at all: what makes --resume exact after a crash or a kill.
 */
export async function loadRange(connection: Connection, config: WorkerConfig, range: ByteRange, hooks: RangeHooks): Promise<RangeResult> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  const rows = mappedRows(config, range, counts, rejects, hooks);
  let sent = 0;
  let stream: Readable | undefined;
  await connection.beginTransaction();
  try {
    if (config.method === 'infile') {
      stream = Readable.from(tsvPackets(rows, config.batchBytes, () => sent++, socketOf(connection)), { objectMode: false });
      const [result] = await connection.query<ResultSetHeader>({ sql: loadDataSql(config.mapping, `loadline-range-${range.index}`), infileStreamFactory: () => stream! });
      counts.inserted = result.affectedRows;
      await checkOnlyDuplicatesWarned(connection, result.warningStatus, sent - result.affectedRows);
    } else {
      for await (const statement of insertStatements(rows, config, connection)) {
        const [result] = await connection.query<ResultSetHeader>(statement.sql);
        counts.inserted += result.affectedRows;
        sent += statement.rows;
      }
    }
    counts.duplicates = sent - counts.inserted;
    await connection.query(
      `INSERT INTO ${escapeId(config.ledgerTable)} (run_key, range_index, range_start, range_end, \`lines\`, inserted, duplicates, rejected, blank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [config.runKey, range.index, range.start, range.end, counts.lines, counts.inserted, counts.duplicates, counts.rejected, counts.blank],
    );
    await connection.commit();
  } catch (error) {
    // Ends the generators too, which closes the range's file handle.
    stream?.destroy();
    await rows.return(undefined);
    await connection.rollback().catch(() => undefined);
    throw error;
  }
  return { counts, rejects };
}

/** Parses a range only to regenerate its rejects (for a range committed before a crash cut the rejects file short). */
export async function rejectsOfRange(config: WorkerConfig, range: ByteRange, hooks: RangeHooks): Promise<RangeResult> {
  const counts = zeroCounts();
  const rejects: Reject[] = [];
  for await (const _ of mappedRows(config, range, counts, rejects, hooks));
  return { counts, rejects };
}

async function* mappedRows(config: WorkerConfig, range: ByteRange, counts: LineCounts, rejects: Reject[], hooks: RangeHooks): AsyncGenerator<string[]> {
  let reportedLines = 0;
  const onBytes = (bytes: number) => {
    hooks.onProgress(bytes, counts.lines - reportedLines);
    reportedLines = counts.lines;
  };
  for await (const { line, offset, text, invalidUtf8 } of readRangeLines(config.file, range, onBytes)) {
    if (hooks.isCancelled()) throw new CancelledError();
    counts.lines++;
    const mapped = invalidUtf8 ? ({ kind: 'reject', reason: 'the line is not valid UTF-8' } as const) : mapLine(text, config.mapping);
    if (mapped.kind === 'row') yield mapped.values;
    else if (mapped.kind === 'blank') counts.blank++;
    else {
      counts.rejected++;
      rejects.push({ line, offset, reason: mapped.reason, text });
    }
  }
}

/**
 * TSV in packets of at most about `batchBytes` (a UTF-16 unit is at most 3 UTF-8 bytes). mysql2 writes every
 * packet to the socket at once, so the generator itself waits while the socket's backlog is large.
 */
async function* tsvPackets(rows: AsyncIterable<string[]>, batchBytes: number, onRow: () => void, socket: Socket): AsyncGenerator<Buffer> {
  let packet = '';
  for await (const values of rows) {
    onRow();
    packet += toTsvRow(values);
    if (packet.length >= batchBytes / 3) {
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

async function* insertStatements(rows: AsyncIterable<string[]>, config: WorkerConfig, connection: Connection): AsyncGenerator<{ sql: string; rows: number }> {
  const prefix = insertPrefixSql(config.mapping);
  const escape = (v: string) => connection.escape(v);
  let sql = '';
  let count = 0;
  for await (const values of rows) {
    const tuple = insertTupleSql(config.mapping, values, escape);
    if (count > 0 && Buffer.byteLength(sql) + Buffer.byteLength(tuple) + 1 > config.batchBytes) {
      yield { sql, rows: count };
      sql = '';
      count = 0;
    }
    sql += count === 0 ? prefix + tuple : ',' + tuple;
    count++;
  }
  if (count > 0) yield { sql, rows: count };
}

/** IGNORE turns duplicates into warnings, but would do the same to a truncation: refuse anything but duplicates. */
async function checkOnlyDuplicatesWarned(connection: Connection, warnings: number, duplicates: number): Promise<void> {
  if (warnings <= duplicates) return;
  const [rows] = await connection.query<RowDataPacket[]>('SHOW WARNINGS');
  const other = rows.find((w) => w.Code !== 1062);
  throw new IngestError(`the server changed values while loading (${other ? `${other.Code}: ${other.Message}` : `${warnings - duplicates} warnings`}); nothing from this range was kept`);
}

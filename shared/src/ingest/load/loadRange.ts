import { once } from 'events';
import { Socket } from 'net';
import { Readable } from 'stream';
import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { RangePart, recordPart } from './ledger';
import { Query, timedQuery } from './query';
import { socketOf } from './connect/mysqlSocket';
import { isStatementTimeout } from './connect/mysqlErrors';
import { CancelledError, Holder, ParsedRange, SortedRows } from '../parse/parsedRange';
import { ByteRange } from '../plan/planChunks';
import { WorkerConfig } from '../run/protocol';
import { zeroCounts } from '../report';
import { duplicatesIfClean, rowErrorOf, ServerSkipsFound, warningsOf } from './skips/serverSkips';
import { settleRepeats } from './skips/settleRepeats';
import { settleRows } from './skips/settleRows';
import { loadInFileOrder } from './skips/loadInFileOrder';
import { ServerReject } from './skips/serverRejects';
import { insertByKey } from './insertByKey';
import { updateByKey } from './updateByKey';
import { rangeStream, rawCsvLoadOf, rawCsvSql } from './loadRawCsv';
import { escaperOf, insertPrefixSql, insertSuffixSql, insertTupleSql, loadDataSql, toTsvRow } from './sql';

/**
 * Loads rows [from, to) of a parsed range (all of them, unless a cluster refused that large a transaction) in
 * one transaction, together with their ledger row, so they are either committed and recorded or not there at
 * all: what makes --resume exact after a crash or a kill. The last part carries the range's line counts. A fast
 * load that meets a server-side skip other than a repeat of the key throws ServerSkipsFound; the caller then loads
 * the range `careful`ly (settleRows), which finds each refused row and records it with the part. onDuplicate
 * "update" on a table with other UNIQUE keys or WITH SYSTEM VERSIONING loads row by row (updateByKey), as does a table with BEFORE triggers
 * (insertByKey, updateByKey), their refused rows recorded alike.
 */
export async function loadRange(
  connection: Connection,
  config: WorkerConfig,
  range: ByteRange,
  parsed: ParsedRange,
  rows: { from: number; to: number },
  isCancelled: () => boolean,
  careful: boolean,
): Promise<RangePart & { holders: Holder[] }> {
  const part = { ...parsed.rows, order: parsed.rows.order.subarray(rows.from, rows.to) };
  // Rows from the cut on load one by one in file order (cutInFileOrder); the part's rows before it as usual.
  const cut = Math.max(rows.from, Math.min(rows.to, parsed.inFileOrderFrom ?? rows.to));
  const usual = { ...parsed.rows, order: parsed.rows.order.subarray(rows.from, cut) };
  const final = rows.to === parsed.rows.order.length;
  const counts = final ? { ...parsed.counts } : zeroCounts();
  const query = timedQuery(connection, config.statementTimeoutMs);
  // ON DUPLICATE KEY UPDATE would update the other row holding a repeat of another UNIQUE key, or miscount on a
  // versioned table, and a BEFORE trigger may rewrite a row's key: row by row.
  const update = config.mapping.onDuplicate === 'update';
  const byKey = config.beforeTriggers || (update && (config.otherUniqueKeys || config.systemVersioned));
  await query({ sql: 'START TRANSACTION' });
  try {
    const loaded =
      usual.order.length === 0
        ? { duplicates: 0, rejects: [] }
        : byKey
          ? update
            ? await updateByKey(connection, query, config.mapping, usual).then((u) => ({ duplicates: u.updated, rejects: u.rejects }))
            : await insertByKey(connection, query, config, usual)
          : careful
            ? await settleRows(connection, query, config, usual)
            : {
                // LOAD DATA could only REPLACE a row: 'update' sends INSERT … ON DUPLICATE KEY UPDATE on either method.
                duplicates:
                  config.method === 'infile' && config.mapping.onDuplicate !== 'update'
                    ? await loadDataInfile(connection, query, config, range, parsed, usual, isCancelled)
                    : await insertRows(connection, query, config, usual),
                rejects: [] as ServerReject[],
              };
    const inOrder = cut < rows.to ? await loadInFileOrder(connection, query, config, parsed, parsed.rows.order.subarray(cut, rows.to)) : undefined;
    const duplicates = loaded.duplicates + (inOrder?.duplicates ?? 0);
    const rejects = [...loaded.rejects, ...(inOrder?.rejects ?? [])];
    const repeats = final && parsed.inFileOrderFrom === undefined ? await settleRepeats(connection, query, config, parsed) : { inserted: 0, rejects: [] };
    counts.inserted = part.order.length - duplicates - rejects.length + repeats.inserted;
    counts.duplicates = duplicates;
    counts.rejected += rejects.length + repeats.rejects.length;
    const recorded = { ...rows, final, counts, rejects: [...rejects, ...repeats.rejects] };
    await recordPart(query, config.runKey, range, recorded);
    await query({ sql: 'COMMIT' });
    return { ...recorded, holders: inOrder?.holders ?? [] };
  } catch (error) {
    // After a timeout, mysql2 would send ROLLBACK only once the server answers the statement that timed out (a
    // COMMIT stuck in a stalled Galera cluster waited 12 minutes): the caller drops the connection instead, and
    // the server rolls the transaction back when it goes.
    if (!isStatementTimeout(error)) await query({ sql: 'ROLLBACK' }).catch(() => undefined);
    throw error;
  }
}

async function loadDataInfile(
  connection: Connection,
  query: Query,
  config: WorkerConfig,
  range: ByteRange,
  parsed: ParsedRange,
  rows: SortedRows,
  isCancelled: () => boolean,
): Promise<number> {
  const raw = rawCsvLoadOf(config, range, parsed, rows.order.length);
  const name = `loadline-range-${range.index}`;
  const stream = raw
    ? rangeStream(config.file, range, config.batchBytes, socketOf(connection), isCancelled)
    : Readable.from(tsvPackets(rows, config.batchBytes, socketOf(connection), isCancelled), { objectMode: false });
  const sql =
    raw && parsed.rawCsv && config.input.kind === 'csv'
      ? rawCsvSql(config.mapping, raw, parsed.rawCsv.emptyColumns, config.input.csv.dialect.newline, name)
      : loadDataSql(config.mapping, name);
  try {
    const result = await query<ResultSetHeader>({ sql, infileStreamFactory: () => stream });
    return await duplicatesOrSkipsFound(query, config, rows.order.length, result);
  } catch (error) {
    throw rowErrorOf(error) ? new ServerSkipsFound() : error;
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

/** Multi-row INSERT statements of at most `batchBytes` (IGNORE, or ON DUPLICATE KEY UPDATE); returns the duplicates. */
async function insertRows(connection: Connection, query: Query, config: WorkerConfig, rows: SortedRows): Promise<number> {
  const prefix = insertPrefixSql(config.mapping);
  const suffix = insertSuffixSql(config.mapping);
  const escape = escaperOf(connection);
  let duplicates = 0;
  let tuples: string[] = [];
  // Kept as a running sum: measuring the growing statement for every row made this path quadratic.
  let bytes = 0;
  const flush = async () => {
    const result = await query<ResultSetHeader>({ sql: prefix + tuples.join(',') + suffix }).catch((error: unknown) => {
      throw rowErrorOf(error) ? new ServerSkipsFound() : error;
    });
    duplicates += await duplicatesOrSkipsFound(query, config, tuples.length, result);
    tuples = [];
    bytes = 0;
  };
  const prefixBytes = Buffer.byteLength(prefix + suffix);
  for (const index of rows.order) {
    const tuple = insertTupleSql(rows.values[index], escape);
    const tupleBytes = Buffer.byteLength(tuple) + 1;
    if (tuples.length > 0 && prefixBytes + bytes + tupleBytes > config.batchBytes) await flush();
    tuples.push(tuple);
    bytes += tupleBytes;
  }
  if (tuples.length > 0) await flush();
  return duplicates;
}

/** The statement's duplicates, when every row it skipped repeats the mapping's key; else ServerSkipsFound. */
async function duplicatesOrSkipsFound(query: Query, config: WorkerConfig, rows: number, result: ResultSetHeader): Promise<number> {
  const duplicates = duplicatesIfClean(config, rows, result, await warningsOf(query, result));
  if (duplicates === undefined) throw new ServerSkipsFound();
  return duplicates;
}

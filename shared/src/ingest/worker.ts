import { parentPort, workerData } from 'worker_threads';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import { IngestError } from './ingestError';
import { keyDigest } from './keyDigest';
import { readRangeCounts } from './ledger';
import { loadRange } from './loadRange';
import { classifyMysqlError, isRetryable } from './mysqlErrors';
import { CancelledError, parseRange, ParsedRange } from './parseRange';
import { ByteRange } from './planChunks';
import { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { LineCounts } from './report';
import { connectionOptions } from './target';

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
/** About 30 s in all: long enough for a server restart (a large buffer pool takes a while to stop and start). */
const RETRY_DELAYS_MS = [250, 1000, 2000, 4000, 8000, 15000];

let connection: Connection | undefined;
/** The server's CONNECTION_ID() of `connection`. */
let serverConnectionId = 0;
let cancelled = false;
/**
 * Rejects once a stop arrives. Every wait on the database races it: mysql2 leaves a statement on a frozen
 * server pending until its timeout even after destroy(), and Ctrl+C must end the run at once (the open
 * transaction rolls back on the server; the pool terminates this thread).
 */
let rejectStopped: (error: CancelledError) => void = () => undefined;
const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
stopped.catch(() => undefined);
const untilStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, stopped]);
/** The coordinator's 'go' for the range parsed and waiting, if any. */
let go: (() => void) | undefined;

async function connect(): Promise<Connection> {
  const c = await createConnection(connectionOptions(config.target, config.password));
  c.on('error', () => undefined); // a fatal error also rejects the statement in flight, which handles it
  // Unix seconds become UTC timestamps whatever the server's zone is.
  await c.query("SET time_zone = '+00:00'");
  const [[row]] = await c.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  serverConnectionId = Number(row.id);
  return c;
}

/**
 * A lost connection, a timeout, a deadlock or a lock timeout: the range loads again on a fresh connection.
 * When the connection died during COMMIT the outcome is unknown, so a retry first asks the ledger, whose row
 * commits with the range's rows, whether the range is already in.
 */
async function loadWithRetry(range: ByteRange, parsed: ParsedRange): Promise<LineCounts> {
  for (let attempt = 0; ; attempt++) {
    try {
      connection ??= await untilStopped(connect());
      const committed = attempt > 0 ? await untilStopped(readRangeCounts(connection, config.runKey, range.index)) : undefined;
      if (committed) return committed;
      post({ type: 'loading', index: range.index, connectionId: serverConnectionId });
      return await untilStopped(loadRange(connection, config, range, parsed, () => cancelled));
    } catch (error) {
      if (error instanceof CancelledError || cancelled) throw new CancelledError();
      if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      connection?.destroy();
      connection = undefined;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}

/** Parse, wait for the key gate, load, report: one range, then the coordinator sends the next. */
async function handleRange(range: ByteRange, rejectsOnly: boolean): Promise<void> {
  const parsed = await parseRange(config, range, {
    isCancelled: () => cancelled,
    onProgress: (bytes, lines) => post({ type: 'progress', index: range.index, bytes, lines }),
  });
  if (rejectsOnly) return post({ type: 'committed', index: range.index, counts: parsed.counts, rejects: parsed.rejects, rejectsOnly });
  // A stop that came while the last batch parsed has no waiter to release: stop here, not at the wait.
  if (cancelled) throw new CancelledError();
  await new Promise<void>((resolve) => {
    go = resolve;
    const keys = keyDigest(parsed.rows.keys);
    port.postMessage({ type: 'parsed', index: range.index, keys } satisfies FromWorker, [keys.buffer as ArrayBuffer]);
  });
  go = undefined;
  if (cancelled) throw new CancelledError();
  const counts = await loadWithRetry(range, parsed);
  post({ type: 'committed', index: range.index, counts, rejects: parsed.rejects, rejectsOnly });
}

async function stop(error: unknown): Promise<void> {
  if (cancelled) connection?.destroy();
  else await connection?.end().catch(() => undefined);
  connection = undefined;
  if (error instanceof CancelledError) return post({ type: 'cancelled' });
  const described = error instanceof IngestError ? error : classifyMysqlError(error, config.target);
  post({ type: 'failed', kind: described.kind, message: described.message, data: { ...described.data } });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    cancelled = true;
    go?.();
    rejectStopped(new CancelledError());
    connection?.destroy();
  } else if (message.type === 'go') go?.();
  else handleRange(message.range, message.rejectsOnly).catch(stop);
});

post({ type: 'ready' });

import { parentPort, workerData } from 'worker_threads';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import { IngestError } from './ingestError';
import { keyDigest } from './keyDigest';
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
const RETRY_DELAYS_MS = [200, 1000, 3000, 8000];

let connection: Connection | undefined;
/** The server's CONNECTION_ID() of `connection`. */
let serverConnectionId = 0;
let cancelled = false;
/** The coordinator's 'go' for the range parsed and waiting, if any. */
let go: (() => void) | undefined;

async function connect(): Promise<Connection> {
  const c = await createConnection(connectionOptions(config.target, config.password));
  // Unix seconds become UTC timestamps whatever the server's zone is.
  await c.query("SET time_zone = '+00:00'");
  const [[row]] = await c.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  serverConnectionId = Number(row.id);
  return c;
}

/** A lost connection, a deadlock or a lock timeout: the range loads again on a fresh connection. */
async function loadWithRetry(range: ByteRange, parsed: ParsedRange): Promise<LineCounts> {
  for (let attempt = 0; ; attempt++) {
    try {
      connection ??= await connect();
      post({ type: 'loading', index: range.index, connectionId: serverConnectionId });
      return await loadRange(connection, config, range, parsed, () => cancelled);
    } catch (error) {
      if (error instanceof CancelledError || cancelled) throw new CancelledError();
      if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      await connection?.end().catch(() => undefined);
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
  await connection?.end().catch(() => undefined);
  connection = undefined;
  if (error instanceof CancelledError) return post({ type: 'cancelled' });
  const described = error instanceof IngestError ? error : classifyMysqlError(error, config.target);
  post({ type: 'failed', kind: described.kind, message: described.message, data: { ...described.data } });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    cancelled = true;
    go?.();
  } else if (message.type === 'go') go?.();
  else handleRange(message.range, message.rejectsOnly).catch(stop);
});

post({ type: 'ready' });

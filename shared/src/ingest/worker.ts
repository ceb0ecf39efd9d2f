import { parentPort, workerData } from 'worker_threads';
import { createConnection, Connection } from 'mysql2/promise';
import { CancelledError, loadRange, parseRange, ParsedRange } from './loadRange';
import { ByteRange } from './planChunks';
import { keyDigest } from './keyDigest';
import { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { LineCounts } from './report';
import { connectionOptions, describeMysqlError, IngestError, isRetryable } from './target';

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const RETRY_DELAYS_MS = [200, 1000, 3000, 8000];

let connection: Connection | undefined;
let cancelled = false;
/** Ranges parsed and waiting for the coordinator's 'go'. */
const waitingForGo = new Map<number, () => void>();
let stopped = false;
/** Ranges load one after another on the worker's one connection. */
let loads: Promise<void> = Promise.resolve();

async function connect(): Promise<Connection> {
  const c = await createConnection(connectionOptions(config.target, config.password));
  // Unix seconds become UTC timestamps whatever the server's zone is.
  await c.query("SET time_zone = '+00:00'");
  return c;
}

/** A lost connection, a deadlock or a lock timeout: the range loads again on a fresh connection. */
async function loadWithRetry(range: ByteRange, parsed: ParsedRange): Promise<LineCounts> {
  for (let attempt = 0; ; attempt++) {
    try {
      connection ??= await connect();
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

async function finish(range: ByteRange, rejectsOnly: boolean, parsing: Promise<ParsedRange>): Promise<void> {
  if (stopped) return;
  const parsed = await parsing;
  // A stop that came while the last batch parsed has no waiter to release: stop here, not at the wait.
  if (cancelled) throw new CancelledError();
  if (!rejectsOnly) {
    await new Promise<void>((resolve) => {
      waitingForGo.set(range.index, resolve);
      const keys = keyDigest(parsed.rows.keys);
      port.postMessage({ type: 'parsed', index: range.index, keys } satisfies FromWorker, [keys.buffer as ArrayBuffer]);
    });
    if (cancelled) throw new CancelledError();
  }
  const counts = rejectsOnly ? parsed.counts : await loadWithRetry(range, parsed);
  post({ type: 'committed', index: range.index, counts, rejects: parsed.rejects, rejectsOnly });
}

async function stop(error: unknown): Promise<void> {
  if (stopped) return;
  stopped = true;
  await connection?.end().catch(() => undefined);
  connection = undefined;
  if (error instanceof CancelledError) post({ type: 'cancelled' });
  else {
    const described = error instanceof IngestError ? error : describeMysqlError(error, config.target);
    post({ type: 'failed', message: described.message, kind: described.kind });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    cancelled = true;
    for (const go of waitingForGo.values()) go();
    return;
  }
  if (message.type === 'go') {
    waitingForGo.get(message.index)?.();
    waitingForGo.delete(message.index);
    return;
  }
  const { range, rejectsOnly } = message;
  const parsing = parseRange(config, range, {
    isCancelled: () => cancelled,
    onProgress: (bytes, lines) => post({ type: 'progress', index: range.index, bytes, lines }),
  });
  parsing.catch(() => undefined);
  loads = loads.then(() => finish(range, rejectsOnly, parsing)).catch(stop);
});

post({ type: 'ready' });

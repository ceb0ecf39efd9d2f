import { parentPort, workerData } from 'worker_threads';
import { createConnection, Connection } from 'mysql2/promise';
import { CancelledError, loadRange, rejectsOfRange } from './loadRange';
import { ByteRange } from './planChunks';
import { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { connectionOptions, describeMysqlError, IngestError, isRetryable } from './target';

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const RETRY_DELAYS_MS = [200, 1000, 3000, 8000];

let connection: Connection | undefined;
let cancelled = false;

async function connect(): Promise<Connection> {
  const c = await createConnection(connectionOptions(config.target, config.password));
  // Unix seconds become UTC timestamps whatever the server's zone is.
  await c.query("SET time_zone = '+00:00'");
  return c;
}

async function processRange(range: ByteRange, rejectsOnly: boolean): Promise<void> {
  const hooks = { isCancelled: () => cancelled, onProgress: (bytes: number, lines: number) => post({ type: 'progress', index: range.index, bytes, lines }) };
  for (let attempt = 0; ; attempt++) {
    try {
      if (rejectsOnly) {
        const { counts, rejects } = await rejectsOfRange(config, range, hooks);
        post({ type: 'committed', index: range.index, counts, rejects, rejectsOnly });
        return;
      }
      connection ??= await connect();
      const { counts, rejects } = await loadRange(connection, config, range, hooks);
      post({ type: 'committed', index: range.index, counts, rejects, rejectsOnly });
      return;
    } catch (error) {
      if (error instanceof CancelledError || cancelled) throw new CancelledError();
      if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      // The range starts over on a fresh connection; its progress restarts from zero.
      post({ type: 'progress', index: range.index, bytes: -1, lines: 0 });
      await connection?.end().catch(() => undefined);
      connection = undefined;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    cancelled = true;
    return;
  }
  processRange(message.range, message.rejectsOnly).catch(async (error: unknown) => {
    await connection?.end().catch(() => undefined);
    connection = undefined;
    if (error instanceof CancelledError) post({ type: 'cancelled' });
    else {
      const described = error instanceof IngestError ? error : describeMysqlError(error, config.target);
      post({ type: 'failed', message: described.message, kind: described.kind });
    }
  });
});

post({ type: 'ready' });

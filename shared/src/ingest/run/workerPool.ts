import { FromWorker, ToWorker } from './protocol';

/** The part of a worker_threads Worker the pool uses; a test can pass a fake. */
export interface PoolWorker {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<number>;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface PoolHandlers {
  /** The next task for an idle worker; undefined lets the worker go. */
  next(): ToWorker | undefined;
  message(worker: PoolWorker, message: FromWorker): void;
  crashed(error: Error): void;
}

/**
 * Starts `count` workers and feeds each a task whenever it is idle (after 'ready', and after 'committed' when it
 * holds no other task) or asks for one more while it loads ('more'); resolves when every worker has exited. A worker
 * with no task left goes once it holds none. Workers that say 'cancelled' or 'failed' are let go.
 */
export function runPool(
  count: number,
  createWorker: () => PoolWorker,
  handlers: PoolHandlers,
): { done: Promise<void>; broadcast: (message: ToWorker) => void } {
  const workers = new Set<PoolWorker>();
  const exits: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = createWorker();
    workers.add(worker);
    /** The tasks the worker holds: sent and not yet committed. */
    let held = 0;
    const feed = () => {
      const task = handlers.next();
      if (task) {
        held++;
        worker.postMessage(task);
      } else if (held === 0) void worker.terminate();
    };
    exits.push(
      new Promise((resolve) => {
        worker.on('message', (message: FromWorker) => {
          handlers.message(worker, message);
          if (message.type === 'committed') held--;
          if (message.type === 'ready' || message.type === 'more' || (message.type === 'committed' && held === 0)) feed();
          else if (message.type === 'cancelled' || message.type === 'failed') void worker.terminate();
        });
        worker.on('error', (error: Error) => handlers.crashed(error));
        worker.on('exit', () => {
          workers.delete(worker);
          resolve();
        });
      }),
    );
  }
  return {
    done: Promise.all(exits).then(() => undefined),
    broadcast: (message) => {
      for (const worker of workers) worker.postMessage(message);
    },
  };
}

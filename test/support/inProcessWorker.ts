// A RangeWorker in this thread behind the PoolWorker face of a worker thread: messages go both ways on later
// turns of the event loop, as between threads, and a test can wait for the worker's next message of a type.
import { EventEmitter } from 'node:events';
import { FromWorker, ToWorker, WorkerConfig } from '../../shared/src/ingest/run/protocol';
import { RangeWorker, WorkerParts } from '../../shared/src/ingest/run/rangeWorkerCore';
import { PoolWorker } from '../../shared/src/ingest/run/workerPool';

export class InProcessWorker extends EventEmitter implements PoolWorker {
  /** Every message the worker sent, in order. */
  readonly said: FromWorker[] = [];
  private readonly toWorker = new EventEmitter();

  constructor(config: WorkerConfig, parts: WorkerParts) {
    super();
    new RangeWorker(
      {
        postMessage: (message) => {
          this.said.push(message);
          setImmediate(() => this.emit('message', message));
        },
        on: (_event, listener) => this.toWorker.on('message', listener),
      },
      config,
      parts,
    );
  }

  postMessage(message: ToWorker): void {
    setImmediate(() => this.toWorker.emit('message', message));
  }

  terminate(): Promise<number> {
    setImmediate(() => this.emit('exit', 0));
    return Promise.resolve(0);
  }

  /** The worker's next message of one of `types`. */
  next<T extends FromWorker['type']>(...types: T[]): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve) => {
      const listener = (message: FromWorker) => {
        if (!(types as string[]).includes(message.type)) return;
        this.off('message', listener);
        resolve(message as Extract<FromWorker, { type: T }>);
      };
      this.on('message', listener);
    });
  }
}

import { Worker } from 'worker_threads';
import { WorkerConfig } from './protocol';
import { PoolWorker } from './workerPool';

/**
 * Without limits each worker's heap grows to ~75 MB of garbage before V8 collects it; a small young generation
 * keeps a 1M-line load near 150 MB peak RSS at the same speed (measured: docs/benchmarks.md). The old generation
 * gets room: a 4 MiB range committed in parts under Galera's wsrep_max_ws_rows ran out of 96 MB once in CI (and
 * of 48 MB every time), which crashes the worker and fails the load.
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 8 };

/**
 * Worker threads started before the run is set up and planned: each loads its code meanwhile (about as long as
 * the set-up itself), and waits for its config, the first message it gets (rangeWorker.ts). A thread that ended
 * before it was taken is replaced by a fresh one.
 */
export class EarlyWorkers {
  private readonly idle = new Set<Worker>();

  constructor(
    private readonly script: string,
    count: number,
  ) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { resourceLimits: WORKER_HEAP_LIMITS });
      // Until taken, a thread's failure is only a reason to start another.
      const drop = () => this.idle.delete(worker);
      worker.once('error', drop).once('exit', drop);
      this.idle.add(worker);
    }
  }

  /** A started thread (or a fresh one) given its config. */
  take(config: WorkerConfig): PoolWorker {
    const [worker = new Worker(this.script, { resourceLimits: WORKER_HEAP_LIMITS })] = this.idle;
    this.idle.delete(worker);
    worker.postMessage(config);
    return worker;
  }

  /** Ends the threads no range needed (a small file, a resumed run, a failed set-up). */
  dismiss(): void {
    for (const worker of this.idle) void worker.terminate();
    this.idle.clear();
  }
}

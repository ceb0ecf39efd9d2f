import { Worker } from 'worker_threads';
import { CsvReport } from '@loadline/shared';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

/**
 * V8 grows a busy thread's young generation up to 32 MB and its old generation lazily: a long editing session
 * then looked like a leak in the server's RSS. A small young generation keeps it flat (bench:soak).
 */
const VALIDATOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * Runs the engine on a worker thread so that a 10 MB document never blocks the server's message loop.
 * Each job is answered in order; a crashed worker is replaced and its jobs fail instead of hanging.
 */
export class ValidationWorker {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: CsvReport) => void; reject: (e: Error) => void }>();

  /** `script`: validate-worker.js in dist/, or the compiled validateWorkerMain.js under out/. */
  constructor(private readonly script: string) {}

  validate(job: ValidationJob): Promise<CsvReport> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job } satisfies ValidationRequest);
    });
  }

  /** The document closed: the worker drops what it kept of its last check. */
  forget(document: string): void {
    this.worker?.postMessage({ forget: document } satisfies ValidationRequest);
  }

  async dispose(): Promise<void> {
    await this.worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: VALIDATOR_HEAP_LIMITS });
    worker.unref();
    worker.on('message', (response: ValidationResponse) => {
      const waiter = this.pending.get(response.id);
      this.pending.delete(response.id);
      if ('error' in response) waiter?.reject(new Error(response.error));
      else waiter?.resolve(response.report);
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`validation worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

import * as path from 'path';
import { Worker } from 'worker_threads';
import { Contract } from '../../shared/src/contract/types';
import { CsvCheckOptions, CsvReport } from '../../shared/src/csv/validateCsv';

export interface ValidationJob {
  text: string;
  contract?: Contract;
  options: CsvCheckOptions;
}

/**
 * Runs the engine on a worker thread so that a 10 MB document never blocks the server's message loop.
 * Each job is answered in order; a crashed worker is replaced and its jobs fail instead of hanging.
 */
export class ValidationWorker {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: CsvReport) => void; reject: (e: Error) => void }>();

  constructor(private readonly script = path.join(__dirname, 'validate-worker.js')) {}

  validate(job: ValidationJob): Promise<CsvReport> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async dispose(): Promise<void> {
    await this.worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', ({ id, report, error }: { id: number; report?: CsvReport; error?: string }) => {
      const waiter = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) waiter?.reject(new Error(error));
      else waiter?.resolve(report!);
    });
    const fail = (error: Error) => {
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

import { Worker } from 'worker_threads';
import { CHECK_BUDGET_MS, CsvReport, ruleBeingTested, RULE_WATCH_BYTES, WatchedRule } from '@loadline/shared';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

/**
 * V8 grows a busy thread's young generation up to 32 MB and its old generation lazily: a long editing session
 * then looked like a leak in the server's RSS. A small young generation keeps it flat (bench:soak).
 */
const VALIDATOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** A check abandoned past its budget; `rule` is the contract rule it was testing, when it was one. */
class SlowCheckError extends Error {
  constructor(
    readonly budgetMs: number,
    readonly rule: WatchedRule | undefined,
  ) {
    super(
      `the check took longer than ${budgetMs / 1000} s and was stopped` +
        (rule ? `, while testing the ${rule.constraint} of column "${rule.field}" on a cell. Simplify that ${rule.constraint} in the contract` : ''),
    );
  }
}

interface Waiter {
  job: ValidationJob;
  resolve: (r: CsvReport) => void;
  reject: (e: Error) => void;
}

/**
 * Runs the engine on a worker thread so that a 10 MB document never blocks the server's message loop.
 * Each job is answered in order; a crashed worker is replaced and its jobs fail instead of hanging. A worker
 * that answers nothing for `budgetMs` while jobs wait is stuck in one check: that job fails with the rule it was
 * testing, the worker is ended, and the other jobs go to a fresh one, so other documents keep their diagnostics.
 */
export class ValidationWorker {
  private worker?: Worker;
  private watch?: SharedArrayBuffer;
  private watchdog?: ReturnType<typeof setTimeout>;
  private nextId = 0;
  private readonly pending = new Map<number, Waiter>();

  /**
   * `script`: validate-worker.js in dist/, or the compiled validateWorkerMain.js under out/. `budgetMs`: how long
   * the worker may go without answering while jobs wait; past it, the check it is on is abandoned.
   */
  constructor(
    private readonly script: string,
    private readonly budgetMs = CHECK_BUDGET_MS,
  ) {}

  validate(job: ValidationJob): Promise<CsvReport> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { job, resolve, reject });
      this.ensureWorker().postMessage({ id, job } satisfies ValidationRequest);
      this.armWatchdog();
    });
  }

  /** The document closed: the worker drops what it kept of its last check. */
  forget(document: string): void {
    this.worker?.postMessage({ forget: document } satisfies ValidationRequest);
  }

  async dispose(): Promise<void> {
    clearTimeout(this.watchdog);
    await this.worker?.terminate();
  }

  private armWatchdog(): void {
    if (this.watchdog === undefined && this.pending.size > 0) this.watchdog = setTimeout(() => this.abandonStuckCheck(), this.budgetMs);
  }

  private answered(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.armWatchdog();
  }

  private abandonStuckCheck(): void {
    this.watchdog = undefined;
    const worker = this.worker;
    const [first] = this.pending;
    if (!worker || !first) return;
    // A file of Validate Workspace streams for as long as it is long; only a document's check has a budget.
    if ('file' in first[1].job) return this.armWatchdog();
    const rule = ruleBeingTested(this.watch!);
    // Forgotten first, so that its exit fails nobody; the jobs behind the stuck one go to the next worker.
    this.worker = undefined;
    void worker.terminate();
    this.pending.delete(first[0]);
    first[1].reject(new SlowCheckError(this.budgetMs, rule));
    const fresh = this.pending.size > 0 ? this.ensureWorker() : undefined;
    for (const [id, { job }] of this.pending) fresh!.postMessage({ id, job } satisfies ValidationRequest);
    this.armWatchdog();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.watch = new SharedArrayBuffer(RULE_WATCH_BYTES);
    const worker = new Worker(this.script, { resourceLimits: VALIDATOR_HEAP_LIMITS, workerData: { ruleWatch: this.watch } });
    worker.unref();
    worker.on('message', (response: ValidationResponse) => {
      const waiter = this.pending.get(response.id);
      this.pending.delete(response.id);
      this.answered();
      if ('error' in response) waiter?.reject(new Error(response.error));
      else waiter?.resolve(response.report);
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
      this.answered();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`validation worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

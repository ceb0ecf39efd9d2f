import { Worker } from 'worker_threads';
import { CsvReport, ruleBeingTested, RULE_WATCH_BYTES, WatchedRule } from '@loadline/shared';
import { ValidationJob, ValidationRequest, ValidationResponse } from './validationProtocol';

/**
 * V8 grows a busy thread's young generation up to 32 MB and its old generation lazily: a long editing session
 * then looked like a leak in the server's RSS. A small young generation keeps it flat (bench:soak).
 */
const VALIDATOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** A job waiting for its report, in the order it came. */
export interface Waiter {
  id: number;
  job: ValidationJob;
  resolve: (r: CsvReport) => void;
  reject: (e: Error) => void;
}

/**
 * One worker thread of the checker pool, running one job at a time. It keeps the record memos of the documents
 * it checked last, and shares the rule it is testing so that a check abandoned past its budget can name it.
 */
export class CheckerThread {
  /** The job it runs, and whether the pool counts it as long (past its first half second). */
  current?: Waiter;
  long = false;
  /** Documents whose memo this thread holds: their next check is cheapest here. */
  readonly documents = new Set<string>();
  private readonly worker: Worker;
  private readonly watch = new SharedArrayBuffer(RULE_WATCH_BYTES);
  private timers: ReturnType<typeof setTimeout>[] = [];
  /** The delays of the job it runs, counted once the thread has loaded: a thread starts slowly on a busy machine. */
  private delays: { ms: number; then: () => void }[] = [];
  /** Whether the thread has loaded and listens. */
  loaded = false;
  private ended = false;

  /** `done` gets the thread's answer, or the error it died of; it is never called after `end()`. */
  constructor(script: string, done: (thread: CheckerThread, outcome: { report: CsvReport } | { error: Error }) => void) {
    this.worker = new Worker(script, { resourceLimits: VALIDATOR_HEAP_LIMITS, workerData: { ruleWatch: this.watch } });
    this.worker.unref();
    this.worker.on('message', (response: ValidationResponse) => {
      if ('ready' in response) {
        this.loaded = true;
        return this.startTimers();
      }
      if (this.ended || response.id !== this.current?.id) return;
      this.clearTimers();
      done(this, 'error' in response ? { error: new Error(response.error) } : { report: response.report });
    });
    const died = (error: Error) => {
      if (this.ended) return;
      this.ended = true;
      this.clearTimers();
      done(this, { error });
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`validation worker exited with code ${code}`)));
  }

  /** False once the thread died or was ended. */
  get alive(): boolean {
    return !this.ended;
  }

  get idle(): boolean {
    return this.current === undefined;
  }

  /** Runs `waiter`'s job; each of `after` is called once after its delay unless the thread answers first. */
  run(waiter: Waiter, long: boolean, after: { ms: number; then: () => void }[]): void {
    this.current = waiter;
    this.long = long;
    const { job } = waiter;
    if ('document' in job && job.document !== undefined) this.documents.add(job.document);
    this.delays = after;
    if (this.loaded) this.startTimers();
    this.worker.postMessage({ id: waiter.id, job } satisfies ValidationRequest);
  }

  /** The job ended: the thread is free. */
  release(): Waiter | undefined {
    const waiter = this.current;
    this.current = undefined;
    this.long = false;
    return waiter;
  }

  forget(document: string): void {
    if (this.documents.delete(document)) this.worker.postMessage({ forget: document } satisfies ValidationRequest);
  }

  /** The contract rule under test now, when it is one. */
  rule(): WatchedRule | undefined {
    return ruleBeingTested(this.watch);
  }

  /** Stops the thread at once, even in the middle of a check; nobody hears of it. */
  end(): Promise<number> {
    this.ended = true;
    this.clearTimers();
    return this.worker.terminate();
  }

  private startTimers(): void {
    if (this.ended || !this.current) return;
    this.timers = this.delays.map(({ ms, then }) => setTimeout(then, ms));
    this.delays = [];
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.delays = [];
  }
}

import { availableParallelism } from 'os';
import { CHECK_BUDGET_MS, CsvReport, WatchedRule } from '@loadline/shared';
import { CheckerThread, Waiter } from './checkerThread';
import { ValidationJob } from './validationProtocol';

/** A job that runs longer than this is long: it moves to the long lane, or makes room for the jobs behind it. */
const LONG_JOB_MS = 500;

/** Threads checking at once: two even on one core (a long lane and a quick one), and no more than the cores beyond that. */
const MAX_BUSY = Math.min(4, Math.max(2, availableParallelism()));

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

/** Quick jobs first: checks cost about their text's length; a file of Validate Workspace streams, of unknown length. */
const sizeOf = (job: ValidationJob) => ('text' in job ? job.text.length : Infinity);
const quickestFirst = (a: Waiter, b: Waiter) => sizeOf(a.job) - sizeOf(b.job) || a.id - b.id;
const documentOf = (job: ValidationJob) => ('document' in job ? job.document : undefined);

/**
 * Runs the engine on worker threads so that a 10 MB document never blocks the server's message loop, and a slow
 * document never holds up a quick one. New jobs go, smallest first, to a free thread. A job still running after
 * half a second joins the long lane (at most all threads but one, so one is always left for quick jobs); when the
 * long lane is full, the job is stopped and waits its turn there instead, and its thread restarts. A document's check
 * that runs past `budgetMs` fails with the rule it was testing, and its thread is restarted. A crashed thread fails
 * only its own job.
 */
export class ValidationWorker {
  private readonly threads: CheckerThread[] = [];
  private readonly quick: Waiter[] = [];
  private readonly long: Waiter[] = [];
  private nextId = 0;
  /** The last thread died before it loaded: no spare is started until one loads, lest they die one after another. */
  private unloadable = false;

  /** `script`: validate-worker.js in dist/, or the compiled validateWorkerMain.js under out/. */
  constructor(
    private readonly script: string,
    private readonly budgetMs = CHECK_BUDGET_MS,
  ) {}

  validate(job: ValidationJob): Promise<CsvReport> {
    return new Promise((resolve, reject) => {
      this.quick.push({ id: this.nextId++, job, resolve, reject });
      this.quick.sort(quickestFirst);
      this.dispatch();
    });
  }

  /** The document closed: the threads drop what they kept of its last check. */
  forget(document: string): void {
    for (const thread of this.threads) thread.forget(document);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((thread) => thread.end()));
  }

  /**
   * Hands waiting jobs to free threads, starting threads where the lanes allow. One more thread is kept idle
   * and loaded: a thread takes up to a second to start on a busy machine, and a quick job should not wait for that.
   */
  private dispatch(): void {
    while (this.quick.length > 0 && this.busy() < MAX_BUSY) this.start(this.freeThread(documentOf(this.quick[0].job)), this.quick.shift()!, false);
    while (this.long.length > 0 && this.busy() < MAX_BUSY && this.longRunning() < MAX_BUSY - 1)
      this.start(this.freeThread(undefined), this.long.shift()!, true);
    if (!this.unloadable && this.busy() > 0 && !this.threads.some((t) => t.idle) && this.threads.length <= MAX_BUSY) this.spawn();
  }

  /** An idle thread, preferring the one that holds the document's memo, then a loaded one, or a new one. */
  private freeThread(document: string | undefined): CheckerThread {
    const idle = this.threads.filter((t) => t.idle);
    return idle.find((t) => document !== undefined && t.documents.has(document)) ?? idle.find((t) => t.loaded) ?? idle[0] ?? this.spawn();
  }

  private spawn(): CheckerThread {
    const thread = new CheckerThread(this.script, (t, outcome) => this.answered(t, outcome));
    this.threads.push(thread);
    return thread;
  }

  private busy(): number {
    return this.threads.filter((t) => !t.idle).length;
  }

  private start(thread: CheckerThread, waiter: Waiter, long: boolean): void {
    const document = documentOf(waiter.job);
    if (document !== undefined) for (const other of this.threads) if (other !== thread) other.forget(document);
    const timers = [];
    if (!long) timers.push({ ms: LONG_JOB_MS, then: () => this.ranLong(thread) });
    // A file of Validate Workspace streams for as long as it is long; only a document's check has a budget.
    if ('text' in waiter.job) timers.push({ ms: this.budgetMs, then: () => this.overBudget(thread) });
    thread.run(waiter, long, timers);
  }

  private longRunning(): number {
    return this.threads.filter((t) => !t.idle && t.long).length;
  }

  private ranLong(thread: CheckerThread): void {
    if (this.longRunning() < MAX_BUSY - 1) thread.long = true;
    else {
      // The long lane is full: this job waits its turn there, and its thread starts afresh for the quick lane.
      this.long.push(this.stop(thread));
      this.long.sort((a, b) => a.id - b.id);
    }
    this.dispatch();
  }

  private overBudget(thread: CheckerThread): void {
    const rule = thread.rule();
    this.stop(thread).reject(new SlowCheckError(this.budgetMs, rule));
    this.dispatch();
  }

  /** Ends a thread in the middle of its job, and gives the job back. */
  private stop(thread: CheckerThread): Waiter {
    this.threads.splice(this.threads.indexOf(thread), 1);
    void thread.end();
    return thread.release()!;
  }

  private answered(thread: CheckerThread, outcome: { report: CsvReport } | { error: Error }): void {
    const waiter = thread.release();
    // A thread that died is replaced when a job needs it.
    if (!thread.alive) this.threads.splice(this.threads.indexOf(thread), 1);
    this.unloadable = !thread.loaded;
    if ('report' in outcome) waiter?.resolve(outcome.report);
    else waiter?.reject(outcome.error);
    this.dispatch();
  }
}

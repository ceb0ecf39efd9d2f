import { availableParallelism } from 'os';
import { CHECK_BUDGET_MS, CsvReport, WatchedRule } from '@loadline/shared';
import { Checker, CheckerEvents, Outcome } from './checkerThread';
import { Clock } from './services/validationScheduler';
import { HostJob, jobToRun } from './validationProtocol';

/** A job that runs longer than this is long: it moves to the long lane, or makes room for the jobs behind it. */
const LONG_JOB_MS = 500;
/** A check asked to stop does so at its next record; one still busy after this is inside a slow rule test: its thread is ended. */
const STOP_GRACE_MS = 500;
/**
 * Before its check starts, a checker copies the job and compiles a contract it has not seen: linear in the contract,
 * but 100,000 columns took more than a budget under load, and each thread that replaced a stopped one failed again.
 * It may take this many budgets before the checker is held stuck.
 */
const PREPARING_BUDGETS = 4;

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

/** The job's document changed while the job waited or ran: its result would be stale, so nobody hears it. */
class SupersededError extends Error {
  constructor() {
    super('superseded by a newer text of the document');
  }
}

/** A job waiting for its report. */
interface Waiter {
  id: number;
  job: HostJob;
  resolve: (r: CsvReport) => void;
  reject: (e: Error) => void;
  /** A slow document's job waits until its document has rested from edits: each edit would stop it again. */
  resting?: unknown;
}

/** A checker and what the pool knows of it. */
interface Slot {
  checker: Checker;
  loaded: boolean;
  /** The job it runs; `long` once the pool counts it in the long lane. */
  waiter?: Waiter;
  long: boolean;
  /** The job has run LONG_JOB_MS: stopping it now costs a restart that its slowness earned. */
  ranLong: boolean;
  /** Its job was superseded: its answer goes nowhere, and it is asked to stop. */
  superseded: boolean;
  /** Its checker was asked to stop the job between records (`Checker.cancel`), and is ended if it does not soon. */
  stopping: boolean;
  /** It is stopping to make room in the full long lane: the job goes back to wait there. */
  requeue: boolean;
  /** Documents whose record memo it holds: their next check is cheapest here. */
  documents: Set<string>;
  timers: unknown[];
  /** The job's delays, started once the checker has loaded; the budget's starts again when the check does. */
  delays: { ms: number; then: () => void; budget?: true }[];
  /** The running budget's timer, among `timers`. */
  budget?: unknown;
}

export interface PoolOptions {
  /** Starts a checker: a worker thread in the server, a fake in tests. */
  spawn: (events: CheckerEvents) => Checker;
  clock: Clock;
  budgetMs?: number;
  /** Checkers running at once: a long lane of all but one, and always one for quick jobs. */
  maxBusy?: number;
}

/** Two even on one core (a long lane and a quick one), and no more than the cores beyond that. */
const MAX_BUSY = Math.min(4, Math.max(2, availableParallelism()));

/** Quick jobs first: checks cost about their text's length; a file of Validate Workspace streams, of unknown length. */
const sizeOf = (job: HostJob) => ('text' in job ? job.text.length : 'size' in job ? job.size : Infinity);
const quickestFirst = (a: Waiter, b: Waiter) => sizeOf(a.job) - sizeOf(b.job) || a.id - b.id;
const documentOf = (job: HostJob) => ('document' in job ? job.document : undefined);

/**
 * Runs the engine on checkers (worker threads) so that a 10 MB document never blocks the server's message loop,
 * and a slow document never holds up a quick one. New jobs go, smallest first, to a free checker. A job still
 * running after half a second joins the long lane (at most all checkers but one, so one is always left for quick
 * jobs); when the long lane is full, the job is stopped and waits its turn there instead. A job is stopped
 * cooperatively, between two records, keeping its checker (a thread takes seconds to start on a busy machine) and
 * the record memos it holds; only a job stuck in one slow rule test past a grace time has its thread ended. A document whose last
 * check ran long goes straight to the long lane, once the document has rested from edits for half a second: a
 * storm of its edits never passes through the quick lane, nor restarts a checker per keystroke. A superseded job is
 * dropped while it waits, and stopped while it runs. A document's check that runs past
 * `budgetMs` fails with the rule it was testing. A stopped checker is replaced when a job needs it; a crashed
 * one fails only its own job.
 */
export class ValidationWorker {
  private readonly slots: Slot[] = [];
  private readonly quick: Waiter[] = [];
  private readonly long: Waiter[] = [];
  /** Documents whose last check ran long. */
  private readonly slow = new Set<string>();
  private readonly budgetMs: number;
  private readonly maxBusy: number;
  private nextId = 0;
  /** The last checker died before it loaded: no spare is started until one loads, lest they die one after another. */
  private unloadable = false;

  constructor(private readonly options: PoolOptions) {
    this.budgetMs = options.budgetMs ?? CHECK_BUDGET_MS;
    this.maxBusy = options.maxBusy ?? MAX_BUSY;
  }

  validate(job: HostJob): Promise<CsvReport> {
    return new Promise((resolve, reject) => {
      this.queue({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * A newer text of the document is coming: its job rejects at once with SupersededError. A waiting job never
   * starts; a running one is asked to stop at its next record, which keeps its checker and memos.
   */
  supersede(document: string): void {
    for (const lane of [this.quick, this.long]) {
      const at = lane.findIndex((w) => documentOf(w.job) === document);
      if (at < 0) continue;
      const [waiter] = lane.splice(at, 1);
      this.options.clock.clearTimeout(waiter.resting);
      waiter.reject(new SupersededError());
    }
    const slot = this.slots.find((s) => s.waiter && !s.superseded && documentOf(s.waiter.job) === document);
    if (slot && !slot.loaded) {
      // Its checker is still loading and has not been sent the text: it is free for the next job.
      const waiter = slot.waiter!;
      this.clearTimers(slot);
      Object.assign(slot, { waiter: undefined, long: false });
      waiter.reject(new SupersededError());
    } else if (slot) {
      slot.superseded = true;
      slot.waiter!.reject(new SupersededError());
      this.cancel(slot);
    }
    this.dispatch();
  }

  /** The document closed: the checkers drop what they kept of its last check. */
  forget(document: string): void {
    this.slow.delete(document);
    for (const slot of this.slots) if (slot.documents.delete(document)) slot.checker.forget(document);
  }

  async dispose(): Promise<void> {
    for (const waiter of this.long) this.options.clock.clearTimeout(waiter.resting);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.clearTimers(slot);
    await Promise.all(slots.map((slot) => slot.checker.end()));
  }

  /**
   * Hands waiting jobs to free checkers, starting checkers where the lanes allow. One more checker is kept idle
   * and loaded: a thread takes up to a second to start on a busy machine, and a quick job should not wait for that.
   */
  private dispatch(): void {
    for (let next = this.nextQuick(); next && this.hasRoomFor(next); next = this.nextQuick()) {
      this.quick.splice(this.quick.indexOf(next), 1);
      this.start(this.freeSlot(documentOf(next.job), false), next, false);
    }
    for (let next = this.nextLong(); next && this.busy() < this.maxBusy && this.longRunning() < this.maxBusy - 1; next = this.nextLong()) {
      this.long.splice(this.long.indexOf(next), 1);
      this.start(this.freeSlot(documentOf(next.job), true), next, true);
    }
    if (!this.unloadable && this.busy() > 0 && !this.slots.some((s) => !s.waiter) && this.slots.length <= this.maxBusy) this.spawn();
  }

  /**
   * Room while fewer than `maxBusy` run; and one more, the spare, for a job smaller than every running one: each
   * runs half a second before the pool knows it is long, and a small document should not wait behind them.
   */
  private hasRoomFor(waiter: Waiter): boolean {
    const running = this.slots.filter((s) => s.waiter);
    return running.length < this.maxBusy || (running.length === this.maxBusy && running.every((s) => sizeOf(waiter.job) < sizeOf(s.waiter!.job)));
  }

  /** A slow document's job to the long lane, to wait there until its document rests; any other to the quick one. */
  private queue(waiter: Waiter): void {
    const document = documentOf(waiter.job);
    if (document === undefined || !this.slow.has(document)) {
      this.quick.push(waiter);
      this.quick.sort(quickestFirst);
      return;
    }
    this.long.push(waiter);
    waiter.resting = this.options.clock.setTimeout(() => {
      waiter.resting = undefined;
      this.dispatch();
    }, LONG_JOB_MS);
  }

  /** The quickest job whose document's superseded check is not still running: one document, one checker. */
  private nextQuick(): Waiter | undefined {
    const held = new Set(this.slots.filter((s) => s.superseded).map((s) => documentOf(s.waiter!.job)));
    return this.quick.find((w) => documentOf(w.job) === undefined || !held.has(documentOf(w.job)));
  }

  private nextLong(): Waiter | undefined {
    return this.long.find((w) => w.resting === undefined);
  }

  /**
   * An idle checker, preferring the one that holds the document's memo, then for a quick job a loaded one, and for
   * a long job one still loading (a long job can wait a second; a quick one behind it should not), or a new one.
   */
  private freeSlot(document: string | undefined, long: boolean): Slot {
    const idle = this.slots.filter((s) => !s.waiter);
    return idle.find((s) => document !== undefined && s.documents.has(document)) ?? idle.find((s) => s.loaded !== long) ?? idle[0] ?? this.spawn();
  }

  private spawn(): Slot {
    // The pool no longer hears a checker it stopped or lost.
    const live = () => this.slots.includes(slot);
    const slot: Slot = {
      checker: this.options.spawn({
        loaded: () => live() && this.loaded(slot),
        started: (id) => live() && this.started(slot, id),
        answered: (id, outcome) => live() && this.answered(slot, id, outcome),
        died: (error) => live() && this.died(slot, error),
      }),
      loaded: false,
      long: false,
      ranLong: false,
      superseded: false,
      stopping: false,
      requeue: false,
      documents: new Set(),
      timers: [],
      delays: [],
    };
    this.slots.push(slot);
    return slot;
  }

  private busy(): number {
    return this.slots.filter((s) => s.waiter).length;
  }

  private longRunning(): number {
    return this.slots.filter((s) => s.waiter && s.long).length;
  }

  private start(slot: Slot, waiter: Waiter, long: boolean): void {
    const document = documentOf(waiter.job);
    if (document !== undefined) {
      for (const other of this.slots) if (other !== slot && other.documents.delete(document)) other.checker.forget(document);
      slot.documents.add(document);
    }
    Object.assign(slot, { waiter, long, ranLong: false, superseded: false, stopping: false, requeue: false });
    slot.delays = [{ ms: LONG_JOB_MS, then: () => this.ranLong(slot) }];
    // A file of Validate Workspace streams for as long as it is long; only a document's check has a budget.
    if (!('file' in waiter.job))
      slot.delays.push({ ms: PREPARING_BUDGETS * this.budgetMs, then: () => this.overBudget(slot, PREPARING_BUDGETS * this.budgetMs), budget: true });
    if (slot.loaded) this.begin(slot);
  }

  private loaded(slot: Slot): void {
    slot.loaded = true;
    this.unloadable = false;
    if (slot.waiter) this.begin(slot);
  }

  /**
   * The checker takes its job only once it has loaded: a text posted to a loading thread waits there, copied, and
   * in an edit storm a newer one supersedes it before the thread could read it.
   */
  private begin(slot: Slot): void {
    this.startTimers(slot);
    slot.checker.run(slot.waiter!.id, jobToRun(slot.waiter!.job));
  }

  /**
   * The checker has the job's text and contract, compiled: its budget counts the check from now, not the copy of
   * a wide contract to the thread nor its compiling (PREPARING_BUDGETS, from `begin`, cover those).
   */
  private started(slot: Slot, id: number): void {
    if (slot.waiter?.id !== id || slot.budget === undefined) return;
    const { clock } = this.options;
    clock.clearTimeout(slot.budget);
    slot.timers.splice(slot.timers.indexOf(slot.budget), 1);
    slot.budget = clock.setTimeout(() => this.overBudget(slot, this.budgetMs), this.budgetMs);
    slot.timers.push(slot.budget);
  }

  private ranLong(slot: Slot): void {
    slot.ranLong = true;
    const document = documentOf(slot.waiter!.job);
    if (document !== undefined && !this.slow.has(document)) {
      this.slow.add(document);
      // Its newer text, waiting behind this superseded check, is slow too.
      const waiting = this.quick.findIndex((w) => documentOf(w.job) === document);
      if (waiting >= 0) this.queue(this.quick.splice(waiting, 1)[0]);
    }
    if (slot.superseded || slot.long) return;
    if (this.longRunning() < this.maxBusy - 1) slot.long = true;
    else {
      // The long lane is full: this job waits its turn there, and its checker is freed for the quick lane.
      slot.requeue = true;
      this.cancel(slot);
    }
    this.dispatch();
  }

  /** Asks the checker to stop its job between records; one that has not within STOP_GRACE_MS is ended. */
  private cancel(slot: Slot): void {
    if (slot.stopping) return;
    slot.stopping = true;
    slot.checker.cancel(slot.waiter!.id);
    slot.timers.push(
      this.options.clock.setTimeout(() => {
        const waiter = this.stop(slot);
        if (waiter && slot.requeue && !slot.superseded) this.requeue(waiter);
        this.dispatch();
      }, STOP_GRACE_MS),
    );
  }

  private requeue(waiter: Waiter): void {
    this.long.push(waiter);
    this.long.sort((a, b) => a.id - b.id);
  }

  private overBudget(slot: Slot, budgetMs: number): void {
    const rule = slot.checker.rule();
    const superseded = slot.superseded;
    const waiter = this.stop(slot);
    if (!superseded) waiter?.reject(new SlowCheckError(budgetMs, rule));
    this.dispatch();
  }

  /** Ends a checker in the middle of its job, and gives the job back. */
  private stop(slot: Slot): Waiter | undefined {
    this.slots.splice(this.slots.indexOf(slot), 1);
    this.clearTimers(slot);
    void slot.checker.end();
    return slot.waiter;
  }

  private answered(slot: Slot, id: number, outcome: Outcome): void {
    const waiter = slot.waiter;
    if (waiter?.id !== id) return;
    this.clearTimers(slot);
    const document = documentOf(waiter.job);
    // A check that ended in its first half second says the document is quick again.
    if (document !== undefined && !slot.ranLong && !('stopped' in outcome)) this.slow.delete(document);
    const { superseded } = slot;
    Object.assign(slot, { waiter: undefined, long: false, ranLong: false, superseded: false, stopping: false, requeue: false });
    if (!superseded) {
      // Stopped unsuperseded: to make room in the long lane, where it waits its turn again.
      if ('stopped' in outcome) this.requeue(waiter);
      else if ('report' in outcome) waiter.resolve(outcome.report);
      else waiter.reject(outcome.error);
    }
    this.dispatch();
  }

  /** A checker that died is replaced when a job needs it. */
  private died(slot: Slot, error: Error): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    this.clearTimers(slot);
    this.unloadable = !slot.loaded;
    if (slot.waiter && !slot.superseded) slot.waiter.reject(error);
    this.dispatch();
  }

  private startTimers(slot: Slot): void {
    const { clock } = this.options;
    slot.timers = slot.delays.map(({ ms, then, budget }) => {
      const timer = clock.setTimeout(then, ms);
      if (budget) slot.budget = timer;
      return timer;
    });
    slot.delays = [];
  }

  private clearTimers(slot: Slot): void {
    for (const timer of slot.timers) this.options.clock.clearTimeout(timer);
    slot.timers = [];
    slot.delays = [];
    slot.budget = undefined;
  }
}

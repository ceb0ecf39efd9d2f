import { IngestError } from '../ingestError';
import { KeyGate } from '../keys/keyGate';
import { Repeat, RepeatFinder } from '../keys/repeatFinder';
import { ByteRange } from '../plan/planChunks';
import { IngestProgress } from '../report';
import { ProgressMeter } from './progressMeter';
import { FromWorker, ToWorker } from './protocol';
import { RunPlan } from './startRun';
import { PoolWorker, runPool } from './workerPool';

/** What the workers reported of the cluster's nodes. */
export interface NodesSeen {
  used: Set<string>;
  failed: Set<string>;
  splitRanges: Set<number>;
}

export interface CoordinatorSettings {
  plan: RunPlan;
  workerCount: number;
  /** The input's size, for the progress meter. */
  totalBytes: number;
  /** onDuplicate "error", or a CSV's unique sets: the coordinator decides repeats in file order (findsRepeats). */
  findsRepeats: boolean;
  /**
   * A CSV: the first of its unique sets among keySetsOf's. A range that repeats one of their values loads after
   * every earlier range, which may hold the value or not (loadInFileOrder).
   */
  uniqueSetsFrom?: number;
  /**
   * Every range loads after every earlier one: onDuplicate "update" with a CSV's unique sets, where a later range
   * may free a value (update the row that held it) that an earlier range's lines must still see held.
   */
  rangesInFileOrder?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onRangeLoading?: (range: number, connectionId: number) => void;
}

/** What the coordinator reaches the world through, given so that a test can run it without threads. */
export interface CoordinatorParts {
  /** Starts one worker: a thread, or in a test a RangeWorker in this one. */
  createWorker: () => PoolWorker;
  /** The progress meter's clock. */
  now: () => number;
}

type RangeTask = Extract<ToWorker, { type: 'range' }>;

/**
 * Hands ranges to the workers: the key gate decides when a parsed range may load, the journal records each
 * commit and writes rejects in line order, the meter reports progress. `run` resolves when every worker has
 * gone, and throws the error that ended the run early.
 */
export class Coordinator {
  readonly nodes: NodesSeen = { used: new Set(), failed: new Set(), splitRanges: new Set() };
  private readonly meter: ProgressMeter;
  private readonly gate = new KeyGate();
  private readonly missingRejects: Set<number>;
  private readonly finder: RepeatFinder | undefined;
  private readonly tasks: RangeTask[];
  /** Ranges that wait for the gate, with the repeats to send them with 'go'. */
  private readonly waitingWorkers = new Map<number, { worker: PoolWorker; repeats?: Repeat[] }>();
  /** onDuplicate "error": parsed ranges whose repeats are not decided yet. */
  private readonly undecided = new Map<number, { worker: PoolWorker; keys: Uint32Array }>();
  /** A unique value (`set\0key`) that a row loaded in file order took, with its line (0: none did): later repeats name it. */
  private readonly holders = new Map<string, number>();
  /** Ranges an earlier run committed: which line of theirs holds a unique value, that run knew (loadInFileOrder). */
  private readonly committedBefore: Set<number>;
  private failure: IngestError | undefined;
  private stopping: boolean;
  private broadcast: (message: ToWorker) => void = () => undefined;

  constructor(
    private readonly settings: CoordinatorSettings,
    private readonly parts: CoordinatorParts,
  ) {
    const { journal, ranges } = settings.plan;
    this.meter = new ProgressMeter(settings.totalBytes, settings.onProgress, parts.now);
    this.missingRejects = new Set(journal.rangesMissingRejects());
    this.committedBefore = new Set(ranges.filter((r) => journal.isCommitted(r.index)).map((r) => r.index));
    // onDuplicate "error" decides repeats in file order, from every range's keys: committed ranges are parsed again
    // for theirs, and every range is handed out in file order, so that the earliest one in flight never waits.
    this.finder = settings.findsRepeats ? new RepeatFinder() : undefined;
    const task = (range: ByteRange): RangeTask => ({ type: 'range', range, rejectsOnly: journal.isCommitted(range.index) });
    this.tasks = this.finder
      ? ranges.map(task)
      : [...[...this.missingRejects].map((index) => task(ranges[index])), ...ranges.filter((r) => !journal.isCommitted(r.index)).map(task)];
    for (const range of ranges) if (journal.isCommitted(range.index)) this.meter.alreadyDone(range.index, range.end - range.start);
    this.stopping = settings.signal?.aborted ?? false;
  }

  /** Lines committed by this run (not by the run it resumes). */
  get linesThisRun(): number {
    return this.meter.linesThisRun;
  }

  async run(): Promise<void> {
    const { signal, workerCount } = this.settings;
    const pool = runPool(this.stopping ? 0 : Math.min(workerCount, this.tasks.length), this.parts.createWorker, {
      next: () => this.takeTask(),
      message: (worker, message) => this.receive(worker, message),
      crashed: (error) => this.fail(new IngestError('internal', `an ingest worker crashed: ${error.message}`)),
    });
    this.broadcast = pool.broadcast;
    const stopAll = () => this.stopAll();
    signal?.addEventListener('abort', stopAll);
    try {
      await pool.done;
    } finally {
      signal?.removeEventListener('abort', stopAll);
    }
    this.tick(true);
    if (this.failure) throw this.failure;
  }

  private tick(force = false): void {
    const { journal, ranges } = this.settings.plan;
    this.meter.tick(journal.totals(), journal.committedRanges, ranges.length, force);
  }

  /** Ranges open in plan order as workers take them, so the gate knows every earlier range first. */
  private takeTask(): RangeTask | undefined {
    const task = this.stopping ? undefined : this.tasks.shift();
    if (task && !task.rejectsOnly) this.gate.open(task.range.index);
    return task;
  }

  private admit(index: number, keys: Uint32Array, worker: PoolWorker, repeats?: Repeat[]): void {
    const from = this.settings.uniqueSetsFrom;
    const afterAll = this.settings.rangesInFileOrder === true || (from !== undefined && (repeats ?? []).some((r) => r.set >= from));
    if (this.settings.plan.journal.isCommitted(index)) return this.go(worker, index, repeats);
    this.waitingWorkers.set(index, { worker, repeats });
    this.letThrough(this.gate.admit(index, keys, afterAll));
  }

  /** The ranges the gate let through load now. */
  private letThrough(admitted: number[]): void {
    for (const index of admitted) {
      const { worker, repeats } = this.waitingWorkers.get(index)!;
      this.waitingWorkers.delete(index);
      this.go(worker, index, repeats);
    }
  }

  /** Lets a range load; a repeat of a unique value names the last line known to hold it. */
  private go(worker: PoolWorker, index: number, repeats?: Repeat[]): void {
    const named = repeats?.map((r) => ({ ...r, firstLine: this.holderOf(r) }));
    worker.postMessage({ type: 'go', index, repeats: named });
  }

  /**
   * The line a repeat names: the last line this run knows to hold the value, else the first line that had it. When
   * an earlier run committed that line's range, a later line of that run may hold the value instead, unknown here:
   * "a row already in the table" (0).
   */
  private holderOf(r: Repeat): number {
    const held = this.holders.get(`${r.set}\0${r.key}`);
    if (held !== undefined) return held;
    const from = this.settings.uniqueSetsFrom;
    if (from === undefined || r.set < from || this.committedBefore.size === 0) return r.firstLine;
    return this.committedBefore.has(rangeOfLine(this.settings.plan.ranges, r.firstLine)) ? 0 : r.firstLine;
  }

  private receive(worker: PoolWorker, message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.meter.read(message.index, message.bytes, message.lines);
        return this.tick();
      case 'parsed':
        if (!this.finder || !message.rows) return this.admit(message.index, message.keys, worker);
        this.undecided.set(message.index, { worker, keys: message.keys });
        for (const { range, repeats } of this.finder.add(message.index, message.rows.lineCount, message.rows.sets, message.rows.linesInFile)) {
          const parsed = this.undecided.get(range)!;
          this.undecided.delete(range);
          this.admit(range, parsed.keys, parsed.worker, repeats);
        }
        return;
      case 'loading':
        this.nodes.used.add(message.node);
        return this.settings.onRangeLoading?.(message.index, message.connectionId);
      case 'node-failed':
        this.nodes.failed.add(message.node);
        return;
      case 'range-split':
        this.nodes.splitRanges.add(message.index);
        return;
      case 'committed':
        return this.committed(message);
      case 'failed':
        return this.fail(new IngestError(message.kind, message.message, message.data));
    }
  }

  private committed(message: Extract<FromWorker, { type: 'committed' }>): void {
    const { journal, ranges } = this.settings.plan;
    const range = ranges[message.index];
    if (!message.rejectsOnly) {
      this.meter.committed(message.index, range.end - range.start, message.counts.lines);
      for (const { set, key, line } of message.holders ?? []) this.holders.set(`${set}\0${key}`, line);
      this.letThrough(this.gate.release(message.index));
    }
    try {
      // A committed range parsed again only for its keys has its rejects in the file already.
      if (message.rejectsOnly) {
        if (this.missingRejects.has(message.index)) journal.addRejects(message.index, message.rejects);
      } else journal.commit(message.index, message.counts, message.rejects);
    } catch (error) {
      // The range is in the database and its ledger; a --resume writes the rejects the disk refused.
      return this.fail(error instanceof IngestError ? error : new IngestError('output', (error as Error).message));
    }
    this.tick();
  }

  private stopAll(): void {
    this.stopping = true;
    this.broadcast({ type: 'stop' });
  }

  private fail(error: IngestError): void {
    this.failure ??= error;
    this.stopAll();
  }
}

/** The CSV range that holds 1-based line `line` of the file: the last one that starts before it. */
function rangeOfLine(ranges: ByteRange[], line: number): number {
  let [low, high] = [0, ranges.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((ranges[middle].firstLine ?? 0) < line) low = middle;
    else high = middle - 1;
  }
  return ranges[low].index;
}

import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { Checkpoint, defaultCheckpointPath, readCheckpoint, writeCheckpoint } from './checkpoint';
import { digestsMeet } from './keyDigest';
import { createLedgerSql, forgetRun, readLedger } from './ledger';
import { CHAT_MESSAGES, IngestMapping } from './mapping';
import { ByteRange, planChunks } from './planChunks';
import { FromWorker, Reject, ToWorker, WorkerConfig } from './protocol';
import { addCounts, IngestProgress, IngestReport, isBalanced, LineCounts, WriteMethod, zeroCounts } from './report';
import { createTableSql } from './sql';
import { connectionOptions, describeMysqlError, describeTarget, IngestError, localInfileDisabled, MysqlTarget } from './target';

export interface IngestOptions {
  file: string;
  target: MysqlTarget;
  password?: string;
  /** Defaults to chat_messages; `table` renames its table. */
  mapping?: IngestMapping;
  table?: string;
  /** Worker threads; defaults to one per core. */
  workers?: number;
  /** 'auto' uses LOAD DATA LOCAL INFILE when the server allows it, else multi-row INSERT. */
  method?: WriteMethod | 'auto';
  rejectsFile?: string;
  checkpointFile?: string;
  resume?: boolean;
  /** Size of the byte ranges the file is cut into; defaults to a few ranges per worker, at most 8 MiB. */
  rangeBytes?: number;
  /** The bundled worker script (dist/ingest-worker.js beside the caller's bundle). */
  workerScript?: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** Things worth telling the user that are not errors (a fallback, a stale checkpoint). */
  onNotice?: (message: string) => void;
}

const MAX_RANGE_BYTES = 8 << 20;
const MIN_RANGE_BYTES = 64 << 10;
const PROGRESS_INTERVAL_MS = 200;
/**
 * Without limits each worker's heap grows to ~75 MB of garbage before V8 collects it; these keep a 1M-line
 * load near 150 MB peak RSS at the same speed (measured: README, "Benchmarks").
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };

/** Loads a JSON-lines file into MySQL on every core and accounts for every line. */
export async function ingestFile(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const file = path.resolve(options.file);
  const stat = statInput(file);
  const mapping = { ...(options.mapping ?? CHAT_MESSAGES), ...(options.table ? { table: options.table } : {}) };
  const checkpointFile = path.resolve(options.checkpointFile ?? defaultCheckpointPath(file));
  const workerCount = Math.max(1, options.workers ?? os.availableParallelism());

  const connection = await openConnection(options.target, options.password);
  try {
    const server = await prepareDatabase(connection, options.target, mapping);
    const method = chooseMethod(options.method ?? 'auto', server.localInfile, options.target, options.onNotice);
    const run = await startOrResume(connection, options, file, stat, mapping, checkpointFile, workerCount);

    const coordinator = new Coordinator(options, run, {
      file,
      target: options.target,
      password: options.password,
      mapping,
      method,
      runKey: run.checkpoint.runKey,
      batchBytes: Math.min(1 << 20, Math.floor(server.maxAllowedPacket / 4)),
    });
    const outcome = await coordinator.run(workerCount);

    const totals = [...run.committed.values()].reduce(addCounts, zeroCounts());
    const finished = outcome === 'done';
    if (finished) {
      await forgetRun(connection, run.checkpoint.runKey);
      fs.rmSync(checkpointFile, { force: true });
    }
    const seconds = (Date.now() - started) / 1000;
    return {
      ...totals,
      file,
      table: mapping.table,
      seconds,
      rowsPerSecond: Math.round(coordinator.linesThisRun / Math.max(seconds, 0.001)),
      bytes: stat.size,
      workers: Math.min(workerCount, run.ranges.length),
      method,
      resumedRanges: run.resumedRanges,
      cancelled: !finished,
      balanced: isBalanced(totals),
      rejectsFile: totals.rejected > 0 ? run.checkpoint.rejectsFile : undefined,
      checkpointFile: finished ? undefined : checkpointFile,
    };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

function statInput(file: string): fs.Stats {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new IngestError(`${file} is not a file`, 'file');
    return stat;
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'file');
  }
}

async function openConnection(target: MysqlTarget, password: string | undefined): Promise<Connection> {
  try {
    return await createConnection(connectionOptions(target, password, false));
  } catch (error) {
    throw describeMysqlError(error, target);
  }
}

/** Creates the database, the table and the ledger when missing, and reads the settings that shape the load. */
async function prepareDatabase(connection: Connection, target: MysqlTarget, mapping: IngestMapping) {
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(target.database)} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${escapeId(target.database)}`);
    await connection.query(createTableSql(mapping));
    await connection.query(createLedgerSql);
    const [[settings]] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS localInfile, @@max_allowed_packet AS maxAllowedPacket');
    return { localInfile: Number(settings.localInfile) === 1, maxAllowedPacket: Number(settings.maxAllowedPacket) };
  } catch (error) {
    throw describeMysqlError(error, target);
  }
}

function chooseMethod(wanted: WriteMethod | 'auto', localInfile: boolean, target: MysqlTarget, notice?: (m: string) => void): WriteMethod {
  if (wanted === 'insert') return 'insert';
  if (localInfile) return 'infile';
  if (wanted === 'infile') throw localInfileDisabled(target);
  notice?.(`local_infile is OFF on ${target.host}:${target.port}, so rows go in with multi-row INSERT (slower). SET GLOBAL local_infile = ON to use LOAD DATA.`);
  return 'insert';
}

interface Run {
  checkpoint: Checkpoint;
  checkpointFile: string;
  ranges: ByteRange[];
  committed: Map<number, LineCounts>;
  resumedRanges: number;
}

async function startOrResume(
  connection: Connection,
  options: IngestOptions,
  file: string,
  stat: fs.Stats,
  mapping: IngestMapping,
  checkpointFile: string,
  workers: number,
): Promise<Run> {
  const target = describeTarget(options.target);
  const existing = readCheckpoint(checkpointFile);
  if (options.resume) {
    if (!existing) throw new IngestError(`there is no checkpoint at ${checkpointFile} to resume from; run without --resume`, 'checkpoint');
    if (existing.file !== file || existing.size !== stat.size || existing.mtimeMs !== stat.mtimeMs) {
      throw new IngestError(`${file} changed since its checkpoint was written; delete ${checkpointFile} and run without --resume to start over`, 'checkpoint');
    }
    if (existing.target !== target || existing.table !== mapping.table) {
      throw new IngestError(`the checkpoint is for ${existing.target} table ${existing.table}, not ${target} table ${mapping.table}`, 'checkpoint');
    }
    const committed = await readLedger(connection, existing.runKey);
    existing.committed = Object.fromEntries(committed);
    truncateRejects(existing.rejectsFile, existing.rejectsBytes);
    const ranges = existing.ranges.map(([start, end], index) => ({ index, start, end }));
    return { checkpoint: existing, checkpointFile, ranges, committed, resumedRanges: committed.size };
  }
  if (existing) options.onNotice?.(`starting over: an earlier run left ${checkpointFile}; use --resume to continue it instead`);

  const rejectsFile = path.resolve(options.rejectsFile ?? `${file}.rejects.jsonl`);
  truncateRejects(rejectsFile, 0);
  const rangeBytes = options.rangeBytes ?? Math.min(MAX_RANGE_BYTES, Math.max(MIN_RANGE_BYTES, Math.ceil(stat.size / (workers * 4))));
  const fd = fs.openSync(file, 'r');
  const ranges = (() => {
    try {
      return planChunks(fd, stat.size, rangeBytes);
    } finally {
      fs.closeSync(fd);
    }
  })();
  const checkpoint: Checkpoint = {
    version: 1,
    runKey: randomUUID(),
    file,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    target,
    table: mapping.table,
    ranges: ranges.map((r) => [r.start, r.end]),
    committed: {},
    rejectsFile,
    rejectsPrefix: 0,
    rejectsBytes: 0,
  };
  writeCheckpoint(checkpointFile, checkpoint);
  return { checkpoint, checkpointFile, ranges, committed: new Map(), resumedRanges: 0 };
}

function truncateRejects(rejectsFile: string, bytes: number): void {
  if (bytes === 0) fs.rmSync(rejectsFile, { force: true });
  else fs.truncateSync(rejectsFile, bytes);
}

type Task = { range: ByteRange; rejectsOnly: boolean };

/** Hands ranges to workers, keeps the rejects file in line order, and the checkpoint current. */
class Coordinator {
  linesThisRun = 0;
  private readonly queue: Task[] = [];
  private readonly bytesByRange = new Map<number, number>();
  /** Lines parsed in ranges not yet committed, for a live rows/s. */
  private readonly linesInFlight = new Map<number, number>();
  /** Ranges handed to workers to load and not yet committed, with their keys once parsed. */
  private readonly inFlight = new Map<number, Uint32Array | undefined>();
  /** Parsed ranges held back until no earlier range in flight shares a key with them. */
  private readonly held = new Map<number, Worker>();
  private readonly pendingRejects = new Map<number, Reject[]>();
  private readonly workers = new Set<Worker>();
  private failure?: IngestError;
  private stopping = false;
  private lastProgress = 0;
  private lineBase = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly options: IngestOptions,
    private readonly state: Run,
    private readonly config: WorkerConfig,
  ) {
    const { ranges, committed, checkpoint } = state;
    for (let i = 0; i < checkpoint.rejectsPrefix; i++) this.lineBase += committed.get(i)?.lines ?? 0;
    for (const range of ranges) {
      if (!committed.has(range.index)) this.queue.push({ range, rejectsOnly: false });
      else if (range.index >= checkpoint.rejectsPrefix && committed.get(range.index)!.rejected > 0) {
        // Committed before a crash cut the rejects file short: parse it again for its rejects only.
        this.queue.unshift({ range, rejectsOnly: true });
      }
      if (committed.has(range.index)) this.bytesByRange.set(range.index, range.end - range.start);
    }
    this.writeRejectsPrefix();
  }

  async run(workerCount: number): Promise<'done' | 'cancelled'> {
    const signal = this.options.signal;
    const onAbort = () => this.stopAll();
    signal?.addEventListener('abort', onAbort);
    try {
      if (signal?.aborted) return 'cancelled';
      const count = Math.min(workerCount, this.queue.length);
      await Promise.all(Array.from({ length: count }, () => this.runWorker()));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    this.emitProgress(true);
    if (this.failure) throw this.failure;
    const complete = this.state.committed.size === this.state.ranges.length && this.state.checkpoint.rejectsPrefix === this.state.ranges.length;
    return complete ? 'done' : 'cancelled';
  }

  private runWorker(): Promise<void> {
    const script = this.options.workerScript ?? path.join(__dirname, 'ingest-worker.js');
    const worker = new Worker(script, { workerData: this.config, resourceLimits: WORKER_HEAP_LIMITS });
    this.workers.add(worker);
    let tasks = 0;
    const next = () => {
      const task = this.stopping ? undefined : this.queue.shift();
      if (task) {
        tasks++;
        if (!task.rejectsOnly) this.inFlight.set(task.range.index, undefined);
        worker.postMessage({ type: 'range', range: task.range, rejectsOnly: task.rejectsOnly } satisfies ToWorker);
      } else if (tasks === 0) void worker.terminate();
    };
    return new Promise((resolve) => {
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            return next();
          case 'progress':
            this.onRangeProgress(message.index, message.bytes, message.lines);
            return this.emitProgress(false);
          case 'parsed':
            this.inFlight.set(message.index, message.keys);
            this.held.set(message.index, worker);
            return this.releaseHeld();
          case 'committed':
            tasks--;
            this.onCommitted(message.index, message.counts, message.rejects, message.rejectsOnly);
            return next();
          case 'cancelled':
            return void worker.terminate();
          case 'failed':
            this.fail(new IngestError(message.message, message.kind as IngestError['kind']));
            return void worker.terminate();
        }
      });
      worker.on('error', (error) => this.fail(new IngestError(`an ingest worker crashed: ${error.message}`)));
      worker.on('exit', () => {
        this.workers.delete(worker);
        resolve();
      });
    });
  }

  private onRangeProgress(index: number, bytes: number, lines: number): void {
    this.bytesByRange.set(index, (this.bytesByRange.get(index) ?? 0) + bytes);
    this.linesInFlight.set(index, (this.linesInFlight.get(index) ?? 0) + lines);
  }

  /**
   * First one wins across ranges too: a range whose keys meet those of an earlier range still in flight
   * loads only after that range commits. Earlier ranges never wait for later ones, so nothing deadlocks.
   */
  private releaseHeld(): void {
    for (const [index, worker] of this.held) {
      const keys = this.inFlight.get(index)!;
      const blocked = [...this.inFlight].some(([earlier, earlierKeys]) => earlier < index && (!earlierKeys || digestsMeet(keys, earlierKeys)));
      if (blocked) continue;
      this.held.delete(index);
      worker.postMessage({ type: 'go', index } satisfies ToWorker);
    }
  }

  private onCommitted(index: number, counts: LineCounts, rejects: Reject[], rejectsOnly: boolean): void {
    this.linesInFlight.delete(index);
    this.inFlight.delete(index);
    this.releaseHeld();
    if (!rejectsOnly) {
      this.state.committed.set(index, counts);
      this.state.checkpoint.committed[index] = counts;
      this.linesThisRun += counts.lines;
      const range = this.state.ranges[index];
      this.bytesByRange.set(index, range.end - range.start);
    }
    this.pendingRejects.set(index, rejects);
    this.writeRejectsPrefix();
    writeCheckpoint(this.state.checkpointFile, this.state.checkpoint);
    this.emitProgress(false);
  }

  /** Rejects go out in file order, once every earlier range is committed and its line count known. */
  private writeRejectsPrefix(): void {
    const { checkpoint, committed } = this.state;
    while (checkpoint.rejectsPrefix < this.state.ranges.length) {
      const index = checkpoint.rejectsPrefix;
      const counts = committed.get(index);
      if (!counts) return;
      const rejects = this.pendingRejects.get(index);
      if (counts.rejected > 0 && !rejects) return;
      if (rejects && rejects.length > 0) {
        const text = rejects.map((r) => JSON.stringify({ line: this.lineBase + r.line, reason: r.reason, text: r.text }) + '\n').join('');
        fs.appendFileSync(checkpoint.rejectsFile, text);
        checkpoint.rejectsBytes += Buffer.byteLength(text);
      }
      this.pendingRejects.delete(index);
      this.lineBase += counts.lines;
      checkpoint.rejectsPrefix++;
    }
  }

  private fail(error: IngestError): void {
    this.failure ??= error;
    this.stopAll();
  }

  private stopAll(): void {
    this.stopping = true;
    for (const worker of this.workers) worker.postMessage({ type: 'stop' } satisfies ToWorker);
  }

  private emitProgress(force: boolean): void {
    const now = Date.now();
    if (!this.options.onProgress || (!force && now - this.lastProgress < PROGRESS_INTERVAL_MS)) return;
    this.lastProgress = now;
    const totals = [...this.state.committed.values()].reduce(addCounts, zeroCounts());
    const bytesDone = [...this.bytesByRange.values()].reduce((a, b) => a + b, 0);
    const elapsed = (now - this.startedAt) / 1000;
    this.options.onProgress({
      ...totals,
      bytesDone: Math.min(bytesDone, this.state.checkpoint.size),
      totalBytes: this.state.checkpoint.size,
      rowsPerSecond: elapsed > 0 ? Math.round((this.linesThisRun + [...this.linesInFlight.values()].reduce((a, b) => a + b, 0)) / elapsed) : 0,
      rangesDone: this.state.committed.size,
      rangesTotal: this.state.ranges.length,
    });
  }
}

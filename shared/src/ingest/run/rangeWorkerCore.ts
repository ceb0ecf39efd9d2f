import { Connection, escapeId, setSessionSqlMode, RowDataPacket } from '../load/connect/connection';
import { IngestError } from '../ingestError';
import { keyDigest } from '../keys/keyDigest';
import { weighColumns } from '../load/keyWeights';
import { noProgress, RangeProgress, readRangeProgress } from '../load/ledger';
import { loadRange } from '../load/loadRange';
import { timedQuery } from '../load/query';
import { tableHolders } from '../load/skips/tableHolders';
import { lostQuorumStatus } from '../load/connect/cluster';
import { classifyMysqlError, isNodeFailure, isRetryable, isWriteSetTooLarge, quorumLost } from '../load/connect/mysqlErrors';
import { parseAnyRange } from '../parse/parseAnyRange';
import { readLoadableKeys } from '../foreignKeys/loadableKeys';
import { receivedKeys } from '../foreignKeys/postedKeys';
import { ReferenceCheck, referenceCheck, RowReferences } from '../foreignKeys/referenceCheck';
import { rejectOrphans } from '../foreignKeys/rejectOrphans';
import { heldReferences } from '../load/heldReferences';
import { checkCleanRange } from '../parse/checkCleanRange';
import { CsvRangeText } from '../parse/csvRangeText';
import { CancelledError, Holder, ParsedRange } from '../parse/parsedRange';
import { findsRepeats, keySetsOf, rejectRepeats, Repeat } from '../keys/repeatFinder';
import { ByteRange } from '../plan/planChunks';
import { Reject } from '../reject';
import { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { LoadTurns } from './loadTurns';
import { addCounts } from '../report';
import { ServerReject, withServerRejects } from '../load/skips/serverRejects';
import { ServerSkipsFound } from '../load/skips/serverSkips';
import { applyTableKeys, hasTableKeys } from '../keys/tableKeys';
import { newColumnCollations } from '../parse/keyCollation';
import { connectionOptions, describeServer, MysqlEndpoint, nodesOf } from '../load/connect/target';

/** The part of a worker thread's parent port the worker uses; a test passes an in-process one. */
export interface WorkerPort {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: ToWorker) => void): unknown;
}

/** Opens a connection (mysql2's createConnection; a test passes one that hands out scripted connections). */
export type Connect = (options: ReturnType<typeof connectionOptions>) => Promise<Connection>;

/** What the worker reaches the world through, given so that a test can run it without a thread or a server. */
export interface WorkerParts {
  connect: Connect;
  /** Waits out a retry's back-off. */
  sleep: (ms: number) => Promise<void>;
}

/** About 30 s in all: long enough for a server restart (a large buffer pool takes a while to stop and start). */
export const RETRY_DELAYS_MS = [250, 1000, 2000, 4000, 8000, 15000];

/**
 * One worker of a run: parses the ranges the coordinator sends, waits for its 'go', loads them with retries
 * (through the next node of a cluster when one fails) and reports each. rangeWorker.ts runs one in a thread.
 */
export class RangeWorker {
  private readonly nodes: MysqlEndpoint[];
  /** The node this worker writes to now. */
  private node: number;
  private connection: Connection | undefined;
  /** The server's CONNECTION_ID() of `connection`. */
  private serverConnectionId = 0;
  private cancelled = false;
  /**
   * The waits on the database in flight, each rejected when a stop arrives: mysql2 leaves a statement on a frozen
   * server pending until its timeout even after destroy(), and Ctrl+C must end the run at once (the open
   * transaction rolls back on the server; the pool terminates the thread).
   */
  private readonly waits = new Set<(error: CancelledError) => void>();
  /** Whether each range sends its keys to the coordinator's RepeatFinder (the same for every range of the run). */
  private readonly findsRepeats: boolean;
  /** A CSV's rows carry their lines in the file. */
  private readonly linesInFile: boolean;
  /**
   * A clean CSV range would load as its own bytes with nothing else to settle: it is checked first without
   * building its rows (checkCleanRange), and parsed as usual only if it is not clean. Such a worker checks its next
   * range while the last one loads ('more'), since its check never asks the server (no foreign keys, table keys or
   * unique values to look up), which would run inside the loading range's transaction: the CPU of the check and the
   * server's of the load overlap instead of taking turns (docs/benchmarks.md, "CSV import: where the time goes").
   */
  private readonly checksClean: boolean;
  /** A CSV with foreign keys: the check of its records against the referenced files' keys, read once per worker. */
  private references: Promise<ReferenceCheck> | undefined;
  /** The coordinator's 'go' for the range parsed and waiting, if any. */
  private go: ((repeats: Repeat[]) => void) | undefined;
  private readonly loads = new LoadTurns(() => this.cancelled);
  /** The worker told the coordinator how it ended ('failed' or 'cancelled'). */
  private ended = false;

  constructor(
    private readonly port: WorkerPort,
    private readonly config: WorkerConfig,
    private readonly parts: WorkerParts,
  ) {
    this.nodes = nodesOf(config.target);
    this.node = config.firstNode;
    this.findsRepeats = findsRepeats(config.mapping, config.input);
    this.linesInFile = config.input.kind === 'csv';
    this.checksClean =
      config.rawCsv &&
      config.input.kind === 'csv' &&
      config.method === 'infile' &&
      config.mapping.onDuplicate !== 'update' &&
      !config.beforeTriggers &&
      !this.findsRepeats &&
      !hasTableKeys(config.tableKeys) &&
      !config.input.csv.foreignKeys;
    port.on('message', (message) => this.receive(message));
    this.post({ type: 'ready' });
  }

  private post(message: FromWorker): void {
    this.port.postMessage(message);
  }

  /**
   * What `start` gives, or a CancelledError once a stop arrives. Not Promise.race with one promise of the stop: each
   * race left a reaction on it, holding its outcome (a dropped connection, a range's counts) for the life of the
   * worker. Nothing starts after a stop: a statement on the connection the stop destroyed would reject with no one
   * to hear it, which ends the thread, and a connection opened then would never be closed.
   */
  private untilStopped<T>(start: () => Promise<T>): Promise<T> {
    if (this.cancelled) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      this.waits.add(reject);
      start()
        .then(resolve, reject)
        .finally(() => this.waits.delete(reject));
    });
  }

  /** The target as the node now written to: errors name it. */
  private atNode() {
    return { ...this.config.target, ...this.nodes[this.node] };
  }

  private receive(message: ToWorker): void {
    if (message.type === 'stop') {
      this.cancelled = true;
      this.go?.([]);
      for (const reject of this.waits) reject(new CancelledError());
      this.connection?.destroy();
    } else if (message.type === 'go') this.go?.(message.repeats ?? []);
    else this.handleRange(message.range, message.rejectsOnly).catch((error) => this.stop(error));
  }

  private async connect(): Promise<Connection> {
    const { config } = this;
    const c = await this.parts.connect(connectionOptions(config.target, config.password, !config.causalReads, this.nodes[this.node]));
    c.on('error', () => undefined); // a fatal error also rejects the statement in flight, which handles it
    await setSessionSqlMode(c);
    // Unix seconds become UTC timestamps whatever the server's zone is.
    await c.query("SET time_zone = '+00:00'");
    // Every skipped row's warning, to tell a repeat of the key from a CHECK or a foreign key (the default shows 64).
    await c.query('SET SESSION max_error_count = 65535');
    if (config.causalReads) {
      // Reads on this node wait for every write set the cluster committed before them: the database the set-up
      // just created on another node, and the ledger rows of a range committed through a node that then died.
      await c.query('SET SESSION wsrep_sync_wait = 1');
      await c.query('SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?', [config.target.database]);
      await c.query(`USE ${escapeId(config.target.database)}`);
    }
    const [[row]] = await c.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    this.serverConnectionId = Number(row.id);
    return c;
  }

  /** Drops the connection: the next attempt opens a fresh one. */
  private dropConnection(): void {
    this.connection?.destroy();
    this.connection = undefined;
  }

  /**
   * A lost connection, a timeout, a deadlock or a lock timeout: the range loads again on a fresh connection,
   * through the next node of a cluster when the node itself failed. When the connection died during COMMIT the
   * outcome is unknown, so a retry first asks the ledger, whose row commits with the range's rows, whether the
   * range is already in. A range committed before (`committedBefore`) is only looked up, for its server rejects.
   */
  private async loadWithRetry(range: ByteRange, parsed: ParsedRange, committedBefore = false): Promise<RangeProgress & { holders: Holder[] }> {
    const { config } = this;
    const total = parsed.rows.order.length;
    let progress = noProgress();
    /** The unique values that rows loaded in file order took (loadInFileOrder), for the coordinator. */
    const holders: Holder[] = [];
    /** Rows per transaction: the whole range, unless the cluster refuses a write set that large. */
    let partRows = Math.max(1, total);
    let checkLedger = config.resumed || committedBefore;
    /** The server skipped rows that are not repeats of the key: find each one (settleRows). */
    let careful = false;
    for (let attempt = 0; ;) {
      try {
        const connection = (this.connection ??= await this.untilStopped(() => this.connect()));
        if (checkLedger) progress = await this.untilStopped(() => readRangeProgress(connection, config.runKey, range.index));
        checkLedger = false;
        if (progress.complete || committedBefore) return { ...progress, holders };
        this.post({ type: 'loading', index: range.index, connectionId: this.serverConnectionId, node: describeServer(this.nodes[this.node]) });
        for (;;) {
          // Loaded any other way than as its own bytes, an unbuilt range needs its rows: parsed in place.
          if (parsed.unbuilt && (careful || partRows < total))
            Object.assign(parsed, await this.untilStopped(() => this.parse(range, true)), { unbuilt: false });
          const rows = { from: progress.rowsDone, to: Math.min(total, progress.rowsDone + partRows) };
          const part = await this.untilStopped(() => loadRange(connection, config, range, parsed, rows, () => this.cancelled, careful));
          progress.rowsDone = rows.to;
          addCounts(progress.counts, part.counts);
          progress.rejects.push(...part.rejects);
          holders.push(...part.holders);
          if (part.final) return { ...progress, holders };
        }
      } catch (error) {
        if (error instanceof CancelledError || this.cancelled) throw new CancelledError();
        const tooLarge = isWriteSetTooLarge(error) && partRows > 1;
        if (tooLarge || (error instanceof ServerSkipsFound && !careful)) {
          // The transaction rolled back whole: commit the rest of the range in halves, or carefully, on a fresh
          // connection (mysql2 leaves a LOAD DATA that failed midway listening on the socket).
          if (tooLarge) partRows = Math.ceil(partRows / 2);
          else careful = true;
          this.dropConnection();
          if (tooLarge) this.post({ type: 'range-split', index: range.index, rows: partRows });
          continue;
        }
        if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
        this.dropConnection();
        checkLedger = true;
        if (this.nodes.length > 1 && isNodeFailure(error)) {
          this.post({ type: 'node-failed', node: describeServer(this.nodes[this.node]), reason: classifyMysqlError(error, this.atNode()).message });
          this.node = (this.node + 1) % this.nodes.length;
        }
        await this.parts.sleep(RETRY_DELAYS_MS[attempt++]);
      }
    }
  }

  /** The range's rows; `reported`: its progress was posted already (a range parsed again); `read`: its text, read already. */
  private async parse(range: ByteRange, reported = false, read?: CsvRangeText): Promise<ParsedRange> {
    const hooks = {
      isCancelled: () => this.cancelled,
      onProgress: (bytes: number, lines: number) => reported || this.post({ type: 'progress', index: range.index, bytes, lines }),
    };
    const { input, file } = this.config;
    if (input.kind === 'csv' && input.csv.foreignKeys) {
      const { contract, foreignKeys } = input.csv;
      // Keys the tables hold count for the self-references' fixpoint too: asked over this worker's connection.
      const askTables = (asked: RowReferences[]) =>
        this.asked((connection) =>
          heldReferences(timedQuery(connection, this.config.statementTimeoutMs), asked, foreignKeys, this.config.mapping.table, this.config.batchBytes),
        );
      // The keys the load read and settled once (ingestFile), else read here.
      const { fileKeys } = this.config;
      this.references ??= (fileKeys ? Promise.resolve(receivedKeys(fileKeys)) : readLoadableKeys(file, contract, foreignKeys, askTables)).then((keys) =>
        referenceCheck(contract, foreignKeys, keys),
      );
      return parseAnyRange({ ...this.config, references: await this.references }, range, hooks, read);
    }
    return parseAnyRange(this.config, range, hooks, read);
  }

  /**
   * Rejects the range's rows whose foreign keys neither the referenced files nor the referenced tables hold: the
   * table is asked once for the range, for the keys the files lack (heldReferences).
   */
  private async settleReferences(parsed: ParsedRange): Promise<void> {
    const { config } = this;
    const asked = parsed.referenceAsks;
    if (!asked || config.input.kind !== 'csv' || !config.input.csv.foreignKeys) return;
    const foreignKeys = config.input.csv.foreignKeys;
    const isHeld =
      asked.length === 0
        ? () => false
        : await this.asked((connection) =>
            heldReferences(timedQuery(connection, config.statementTimeoutMs), asked, foreignKeys, config.mapping.table, config.batchBytes),
          );
    rejectOrphans(parsed, isHeld);
  }

  /** The range's rejects with those the server refused, whose texts a second parse gives when the first kept none. */
  private async rejectsOf(range: ByteRange, parsed: ParsedRange, refused: ServerReject[]): Promise<Reject[]> {
    if (refused.length === 0) return parsed.rejects;
    const hooks = { isCancelled: () => this.cancelled, onProgress: () => undefined };
    const texts = parsed.rowTexts ?? (await parseAnyRange({ ...this.config, keepTexts: true }, range, hooks)).rowTexts!;
    return withServerRejects(parsed, refused, texts, this.config.input.kind);
  }

  /**
   * Parse, wait for the key gate, load, report: one range, then the coordinator sends the next. With onDuplicate
   * "error" the coordinator also says which rows repeat an earlier line's key, also for a range committed before
   * (`rejectsOnly`), whose keys it needs and whose rejects it may need again.
   */
  private async handleRange(range: ByteRange, rejectsOnly: boolean): Promise<void> {
    const { config, linesInFile } = this;
    const { clean, read } =
      this.checksClean && !rejectsOnly && config.input.kind === 'csv' ? await checkCleanRange({ ...config, csv: config.input.csv }, range) : {};
    if (clean) this.post({ type: 'progress', index: range.index, bytes: range.end - range.start, lines: clean.counts.lines });
    // A range that is not clean is parsed from the text the check read: the file is read and decoded once.
    const parsed = clean ?? (await this.parse(range, false, read));
    await this.settleReferences(parsed);
    const otherKeys = await this.tableKeysOf(parsed);
    const sets = this.findsRepeats ? keySetsOf(parsed, config.mapping) : undefined;
    if (rejectsOnly && !sets) return this.postRejectsOnly(range, parsed);
    // A stop that came while the last batch parsed has no waiter to release: stop here, not at the wait.
    if (this.cancelled) throw new CancelledError();
    const repeats = await new Promise<Repeat[]>((resolve) => {
      this.go = resolve;
      const keys = keyDigest(otherKeys.length > 0 ? [...parsed.rows.keys, ...otherKeys] : parsed.rows.keys);
      const rows = sets ? { rows: { lineCount: parsed.counts.lines, sets: sets.map(({ keys, lines }) => ({ keys, lines })), linesInFile } } : {};
      this.port.postMessage({ type: 'parsed', index: range.index, keys, ...rows }, [keys.buffer as ArrayBuffer]);
    });
    this.go = undefined;
    if (this.cancelled) throw new CancelledError();
    // A CSV's unique values that rows of the table held before the load repeat those rows: asked once every earlier
    // range that could free them (onDuplicate "update") has committed, that is now.
    const held =
      sets && config.tableHadRows && !rejectsOnly
        ? await this.asked((connection) => tableHolders(connection, timedQuery(connection, config.statementTimeoutMs), config, parsed, sets, repeats))
        : [];
    // The load settles repeats of the mapping's key and of a CSV's unique values: a line the server refuses holds
    // nothing (settleRepeats, loadInFileOrder).
    rejectRepeats(parsed, [...repeats, ...held], sets ?? [], linesInFile, true);
    if (rejectsOnly) return this.postRejectsOnly(range, parsed);
    await this.loads.run(async () => {
      if (this.checksClean) this.post({ type: 'more' });
      const { counts, rejects, holders } = await this.loadWithRetry(range, parsed);
      this.post({ type: 'committed', index: range.index, counts, rejects: await this.rejectsOf(range, parsed, rejects), rejectsOnly, holders });
    });
  }

  /**
   * Keys the range as the table's UNIQUE indexes compare it (applyTableKeys): the server weighs the values of
   * columns whose collation folds, in one statement. Returns the keys of the table's other UNIQUE indexes.
   */
  private async tableKeysOf(parsed: ParsedRange): Promise<string[]> {
    const { config } = this;
    if (!hasTableKeys(config.tableKeys)) return [];
    const weighed = config.tableKeys.weighed;
    const weights = weighed.length > 0 ? await this.asked((connection) => weighColumns(connection, weighed, parsed.rows.values)) : [];
    return applyTableKeys(
      parsed,
      config.mapping,
      config.keyCollations,
      config.columnCollations ?? newColumnCollations(config.mapping),
      config.tableKeys,
      weights,
    );
  }

  /** A question to the server outside a load: a lost connection or a restarting server asks again, as a load would be retried. */
  private async asked<T>(question: (connection: Connection) => Promise<T>): Promise<T> {
    for (let attempt = 0; ;) {
      try {
        const connection = (this.connection ??= await this.untilStopped(() => this.connect()));
        return await this.untilStopped(() => question(connection));
      } catch (error) {
        if (error instanceof CancelledError || this.cancelled || !isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
        this.dropConnection();
        await this.parts.sleep(RETRY_DELAYS_MS[attempt++]);
      }
    }
  }

  /** A range committed before, parsed again for its rejects: the ledger keeps those the server refused. */
  private async postRejectsOnly(range: ByteRange, parsed: ParsedRange): Promise<void> {
    await this.loads.run(async () => {
      const { rejects } = await this.loadWithRetry(range, parsed, true);
      this.post({ type: 'committed', index: range.index, counts: parsed.counts, rejects: await this.rejectsOf(range, parsed, rejects), rejectsOnly: true });
    });
  }

  /**
   * Retries that ran out on a cluster (not ready, lock waits, lost connections) may be a lost quorum: the node,
   * asked on a fresh connection, says so.
   */
  private async quorumLostAtNode(error: unknown): Promise<IngestError | undefined> {
    const { config } = this;
    if (!config.causalReads || !isRetryable(error)) return undefined;
    const probe = await this.parts.connect(connectionOptions(config.target, config.password, false, this.nodes[this.node])).catch(() => undefined);
    if (!probe) return undefined;
    probe.on('error', () => undefined);
    try {
      const status = await lostQuorumStatus(probe);
      return status ? quorumLost(describeServer(this.atNode()), status) : undefined;
    } finally {
      probe.destroy();
    }
  }

  private async stop(error: unknown): Promise<void> {
    // A range whose turn to load never came (LoadTurns) leaves the end to the range whose load failed; and one end
    // is told, not one per range the worker held.
    if ((error instanceof CancelledError && !this.cancelled) || this.ended) return;
    this.ended = true;
    if (this.cancelled) this.connection?.destroy();
    else await this.connection?.end().catch(() => undefined);
    this.connection = undefined;
    if (error instanceof CancelledError) return this.post({ type: 'cancelled' });
    const described = error instanceof IngestError ? error : ((await this.quorumLostAtNode(error)) ?? classifyMysqlError(error, this.atNode()));
    this.post({ type: 'failed', kind: described.kind, message: described.message, data: { ...described.data } });
  }
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Connection, createConnection, escapeId, setSessionSqlMode } from './load/connect/connection';
import { mappingFingerprint } from './journal/checkpoint';
import { averageLineBytes, ClusterInfo, rangeBytesWithinLimits } from './load/connect/cluster';
import { OnDuplicate } from '../mapping/declaredMapping';
import { IngestError, lostInputOr } from './ingestError';
import { forgetRun, LEDGER_TABLE, readLedger } from './load/ledger';
import { IngestMapping } from '../mapping/ingestMapping';
import { classifyMysqlError, isNodeFailure } from './load/connect/mysqlErrors';
import { InputKind, LOG_INPUT } from './source/inputKind';
import { csvUniqueColumns } from './source/csvUniqueColumns';
import { chooseMethod, FallbackReason, prepareDatabase, ServerSettings } from './load/prepareDatabase';
import { Coordinator, NodesSeen } from './run/coordinator';
import { WorkerConfig } from './run/protocol';
import { findsRepeats } from './keys/repeatFinder';
import { ClusterReport, IngestProgress, IngestReport, reportBasics, WriteMethod } from './report';
import { RunJournal } from './journal/runJournal';
import { lockRunOutputs } from './journal/runOutputs';
import { MIN_RANGE_BYTES, startRun } from './run/startRun';
import { checkInputUnchanged } from './source/inputUnchanged';
import { statInput } from './source/statInput';
import { refuseUtf16 } from './source/utf16Input';
import { connectionOptions, describeServer, MysqlTarget, nodesOf, targetIdentity } from './load/connect/target';
import { EarlyWorkers } from './run/earlyWorkers';
import { readFileKeys, referencedFileIdentities } from './foreignKeys/fileKeys';
import { postedKeys } from './foreignKeys/postedKeys';
import { settleLoadableKeys } from './foreignKeys/loadableKeys';
import { heldReferences } from './load/heldReferences';
import { timedQuery } from './load/query';
import { withOverrides } from '../mapping/withOverrides';

/** Things worth telling the user that are not errors; each adapter words them. */
export type IngestNotice =
  /** 'auto' loads with multi-row INSERT: local_infile is OFF, or the engine (Vitess) takes LOAD DATA only in places. */
  | { kind: 'insert-fallback'; where: string; because: FallbackReason }
  /** The table has BEFORE triggers, which may rewrite a row's key: rows go in one by one, each one's fate read by its own key. */
  | { kind: 'row-by-row'; table: string; triggers: string[] }
  /** A fresh start without --resume replaces an earlier run's checkpoint. */
  | { kind: 'checkpoint-discarded'; checkpoint: string }
  /** The load is complete but its ledger rows could not be deleted. */
  | { kind: 'ledger-kept'; ledger: string; runKey: string; reason: string };

export interface IngestOptions {
  file: string;
  target: MysqlTarget;
  password?: string;
  /** Defaults to the built-in chat mapping; `table` renames its table and `onDuplicate` overrides the mapping's. */
  mapping?: IngestMapping;
  table?: string;
  onDuplicate?: OnDuplicate;
  /** A JSON-lines log (the default) or a CSV through its contract. */
  input?: InputKind;
  /** Worker threads; defaults to one per core. */
  workers?: number;
  /** 'auto' uses LOAD DATA LOCAL INFILE when the server allows it, else multi-row INSERT. */
  method?: WriteMethod | 'auto';
  rejectsFile?: string;
  checkpointFile?: string;
  resume?: boolean;
  /**
   * Size of the byte ranges the file is cut into; defaults to a few ranges per worker, at most 8 MiB, and under a
   * cluster's write-set limits.
   */
  rangeBytes?: number;
  /** A cluster: workers start on different nodes, instead of all on the first node that answers. */
  spread?: boolean;
  /** The ingest worker script: dist/ingest-worker.js, or its compiled module under out/. */
  workerScript: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onNotice?: (notice: IngestNotice) => void;
  /** Statement timeout; defaults to 60 s. */
  statementTimeoutMs?: number;
  /** A range's transaction starts on a server connection (its CONNECTION_ID()); for diagnostics and fault tests. */
  onRangeLoading?: (range: number, connectionId: number) => void;
  /** False: every CSV range takes the parsed rows' path (the test that compares it with the fast path's tables). */
  rawCsv?: boolean;
}

/** A statement past this is taken for a frozen server or a black hole: it fails and the range is retried. */
const STATEMENT_TIMEOUT_MS = 60_000;

/** Loads a JSON-lines file into MySQL on every core and accounts for every line. */
export async function ingestFile(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const file = path.resolve(options.file);
  const stat = statInput(file);
  const input = options.input ?? LOG_INPUT;
  if (input.kind === 'log') refuseUtf16(file, file, 'logs in UTF-8');
  const mapping = withOverrides(options);
  const workerCount = Math.max(1, options.workers ?? os.availableParallelism());
  const statementTimeoutMs = options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS;
  const { target, password } = options;
  let lockLost: IngestError | undefined;
  const onLockLost = (error: IngestError) => (lockLost ??= error);
  // A foreign key that is not to a key stops the load before it touches the database. The keys are read here once,
  // for every worker.
  const fileKeys = input.kind === 'csv' && input.csv.foreignKeys ? await readFileKeys(file, input.csv.foreignKeys, input.csv.contract, true) : undefined;
  const outputs = await lockRunOutputs(file, stat, { ...options, table: mapping.table, resume: options.resume ?? false }, onLockLost);
  const { checkpointFile } = outputs;
  // The threads load their code while the set-up and the plan run: one per range, up to the workers asked for.
  const early = new EarlyWorkers(options.workerScript, Math.min(workerCount, Math.ceil(stat.size / MIN_RANGE_BYTES)));
  try {
    // The set-up connection is closed before the load: after a server restart, an idle one would be dead.
    const { server, method, plan, writeNode } = await withConnection(target, password, async (connection, node) => {
      const setUpNode = { ...target, ...nodesOf(target)[node] };
      const server = await prepareDatabase(connection, setUpNode, mapping, input.kind === 'csv' ? csvUniqueColumns(input.csv) : [], input.kind);
      if (fileKeys && input.kind === 'csv') {
        const foreignKeys = input.csv.foreignKeys!;
        // A self-reference's fixpoint, once, here (hp15 02: in each worker it held every referring row in a worker's heap).
        await settleLoadableKeys(file, input.csv.contract, foreignKeys, fileKeys, (asked) =>
          heldReferences(timedQuery(connection, statementTimeoutMs), asked, foreignKeys, server.mapping.table, batchBytesOf(server)),
        );
      }
      const { method, fellBack } = chooseMethod(options.method ?? 'auto', server, setUpNode);
      if (fellBack) options.onNotice?.({ kind: 'insert-fallback', where: describeServer(setUpNode), because: fellBack });
      if (server.beforeTriggers.length > 0) options.onNotice?.({ kind: 'row-by-row', table: server.mapping.table, triggers: server.beforeTriggers });
      const plan = await startRun(connection, {
        identity: {
          file,
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ctimeMs: stat.ctimeMs,
          dev: stat.dev,
          ino: stat.ino,
          target: targetIdentity(target),
          table: mapping.table,
          mapping: mappingFingerprint(mapping, input),
          ...(input.kind === 'csv' && input.csv.foreignKeys ? { references: referencedFileIdentities(input.csv.foreignKeys) } : {}),
        },
        checkpointFile,
        rejectsFile: outputs.rejectsFile,
        mode: outputs.mode,
        resume: options.resume ?? false,
        workers: workerCount,
        rangeBytes: options.rangeBytes,
        maxRangeBytes: maxRangeBytes(server, file),
        onDiscard: () => options.onNotice?.({ kind: 'checkpoint-discarded', checkpoint: checkpointFile }),
        input,
        lineKey: mapping.lineKey === true,
      });
      return { server, method, plan, writeNode: node };
    });
    const { journal } = plan;
    const config: WorkerConfig = {
      file,
      target,
      password,
      mapping: server.mapping,
      method,
      runKey: journal.checkpoint.runKey,
      batchBytes: batchBytesOf(server),
      keyCollations: server.keyCollations,
      columnCollations: server.columnCollations,
      keyIndexes: server.keyIndexes,
      otherUniqueKeys: server.otherUniqueKeys,
      systemVersioned: server.systemVersioned,
      beforeTriggers: server.beforeTriggers.length > 0,
      tableKeys: server.tableKeys,
      statementTimeoutMs,
      firstNode: writeNode,
      causalReads: server.cluster !== undefined,
      resumed: options.resume ?? false,
      tableHadRows: server.tableHadRows,
      input,
      rawCsv: (options.rawCsv ?? true) && server.orderFree,
      ...(fileKeys ? { fileKeys: postedKeys(fileKeys) } : {}),
    };
    const nodeCount = nodesOf(target).length;
    let workersStarted = 0;
    // Every worker on the node that answered first (Galera turns writes from several nodes into certification
    // conflicts), or, with `spread`, one node after another.
    const createWorker = () => {
      const firstNode = options.spread ? (writeNode + workersStarted++) % nodeCount : writeNode;
      return early.take({ ...config, firstNode });
    };
    const coordinator = new Coordinator(
      {
        plan,
        workerCount,
        totalBytes: stat.size,
        findsRepeats: findsRepeats(mapping, input),
        ...(input.kind === 'csv' ? { uniqueSetsFrom: mapping.onDuplicate === 'error' ? 1 : 0 } : {}),
        rangesInFileOrder: input.kind === 'csv' && mapping.onDuplicate === 'update' && findsRepeats(mapping, input),
        signal: options.signal,
        onProgress: options.onProgress,
        onRangeLoading: options.onRangeLoading,
      },
      { createWorker, now: Date.now },
    );
    try {
      await coordinator.run();
    } finally {
      if (!journal.complete) await reconcileWithLedger(target, password, journal);
    }
    if (lockLost) throw lockLost;
    checkInputUnchanged(file, stat);
    journal.checkRejectsFile();

    const finished = journal.complete;
    if (finished) {
      await forgetRunQuietly(target, password, journal.checkpoint.runKey, options.onNotice);
      fs.rmSync(checkpointFile, { force: true });
    }
    const totals = journal.totals();
    const basics = { file, mapping, startedMs: started, linesThisRun: coordinator.linesThisRun, bytes: stat.size, rejectsFile: journal.checkpoint.rejectsFile };
    return {
      ...reportBasics(totals, basics),
      workers: Math.min(workerCount, plan.ranges.length),
      method,
      engine: server.engine,
      resumedRanges: plan.resumedRanges,
      cancelled: !finished,
      checkpointFile: finished ? undefined : checkpointFile,
      ...(server.cluster ? { cluster: clusterReport(server.cluster, coordinator.nodes) } : {}),
    };
  } catch (error) {
    // The set-up reads the input too (the plan's cuts, its lines' average length): a rename just then is the file's.
    throw lostInputOr(error, file);
  } finally {
    early.dismiss();
    await outputs.unlock();
  }
}

/**
 * A connection for a few set-up or clean-up statements, closed afterwards, to the first node of the target that
 * answers (and its index); errors come out classified, the last node's when none answers.
 */
async function withConnection<T>(
  target: MysqlTarget,
  password: string | undefined,
  use: (connection: Connection, node: number) => Promise<T>,
  connectTimeout?: number,
): Promise<T> {
  const nodes = nodesOf(target);
  for (let node = 0; ; node++) {
    let connection: Connection;
    try {
      connection = await createConnection({ ...connectionOptions(target, password, false, nodes[node]), ...(connectTimeout ? { connectTimeout } : {}) });
    } catch (error) {
      if (node < nodes.length - 1 && isNodeFailure(error)) continue;
      throw classifyMysqlError(error, { ...target, ...nodes[node] });
    }
    try {
      await setSessionSqlMode(connection);
      return await use(connection, node);
    } finally {
      await connection.end().catch(() => undefined);
    }
  }
}

/**
 * The largest range one transaction of this server takes: under a Galera cluster's write-set limits, and under
 * half an engine's transaction limit (TiDB, Group Replication), which leaves room for a range of long lines.
 */
function maxRangeBytes(server: ServerSettings, file: string): number | undefined {
  const caps: number[] = [];
  const writeSetCap = server.cluster && rangeBytesWithinLimits(server.cluster, averageLineBytes(file));
  if (writeSetCap) caps.push(writeSetCap);
  if (server.limits.maxTransactionBytes) caps.push(Math.floor(server.limits.maxTransactionBytes / 2));
  return caps.length > 0 ? Math.min(...caps) : undefined;
}

function clusterReport(cluster: ClusterInfo, seen: NodesSeen): ClusterReport {
  return {
    name: cluster.name,
    size: cluster.size,
    status: cluster.status,
    nodesUsed: [...seen.used].sort(),
    nodesFailed: [...seen.failed].sort(),
    splitRanges: seen.splitRanges.size,
  };
}

/**
 * Deletes the finished run's ledger rows. The load is complete whatever happens here, so a failure (no DELETE
 * privilege, a server gone after the last commit) is a notice, not an error: the rows only take a little space.
 */
async function forgetRunQuietly(target: MysqlTarget, password: string | undefined, runKey: string, onNotice: IngestOptions['onNotice']): Promise<void> {
  await withConnection(target, password, async (connection) => {
    await connection.query(`USE ${escapeId(target.database)}`);
    await forgetRun(connection, runKey);
  }).catch((error: IngestError) => onNotice?.({ kind: 'ledger-kept', ledger: LEDGER_TABLE, runKey, reason: error.message }));
}

/**
 * After a stop or a failure, the ledger (which commits with the rows) may know of ranges no worker reported:
 * a stop can land during a COMMIT that still succeeds. Counting them keeps the report equal to the table.
 * Best effort: with the server gone, --resume reads the ledger anyway.
 */
async function reconcileWithLedger(target: MysqlTarget, password: string | undefined, journal: RunJournal): Promise<void> {
  await withConnection(
    target,
    password,
    async (connection) => {
      await connection.query({ sql: `USE ${escapeId(target.database)}`, timeout: RECONCILE_TIMEOUT_MS });
      for (const [range, counts] of await readLedger(connection, journal.checkpoint.runKey, RECONCILE_TIMEOUT_MS)) {
        if (!journal.isCommitted(range)) journal.recordCommitted(range, counts);
      }
    },
    RECONCILE_TIMEOUT_MS,
  ).catch(() => undefined);
}

/** A stopped run must not wait long on a server that stopped answering. */
const RECONCILE_TIMEOUT_MS = 2000;

/** Bytes per LOAD DATA packet or INSERT statement (WorkerConfig.batchBytes): well under the server's max_allowed_packet. */
const batchBytesOf = (server: { maxAllowedPacket: number }) => Math.min(1 << 20, Math.floor(server.maxAllowedPacket / 4));

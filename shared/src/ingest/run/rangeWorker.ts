import { parentPort, workerData } from 'worker_threads';
import { Connection, createConnection, escapeId, RowDataPacket } from '../load/connect/connection';
import { IngestError } from '../ingestError';
import { keyDigest } from '../keys/keyDigest';
import { weighColumns } from '../load/keyWeights';
import { noProgress, RangeProgress, readRangeProgress } from '../load/ledger';
import { loadRange } from '../load/loadRange';
import { lostQuorumStatus } from '../load/connect/cluster';
import { classifyMysqlError, isNodeFailure, isRetryable, isWriteSetTooLarge, quorumLost } from '../load/connect/mysqlErrors';
import { parseAnyRange } from '../parse/parseAnyRange';
import { CancelledError, ParsedRange } from '../parse/parsedRange';
import { findsRepeats, keySetsOf, rejectRepeats, Repeat } from '../keys/repeatFinder';
import { ByteRange } from '../plan/planChunks';
import { Reject } from '../reject';
import { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { addCounts } from '../report';
import { ServerReject, withServerRejects } from '../load/skips/serverRejects';
import { ServerSkipsFound } from '../load/skips/serverSkips';
import { applyTableKeys, hasTableKeys } from '../keys/tableKeys';
import { connectionOptions, describeServer, nodesOf } from '../load/connect/target';

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
/** About 30 s in all: long enough for a server restart (a large buffer pool takes a while to stop and start). */
const RETRY_DELAYS_MS = [250, 1000, 2000, 4000, 8000, 15000];

const nodes = nodesOf(config.target);
/** The node this worker writes to now. */
let node = config.firstNode;
/** The target as the node now written to: errors name it. */
const atNode = () => ({ ...config.target, ...nodes[node] });
let connection: Connection | undefined;
/** The server's CONNECTION_ID() of `connection`. */
let serverConnectionId = 0;
let cancelled = false;
/**
 * Rejects once a stop arrives. Every wait on the database races it: mysql2 leaves a statement on a frozen
 * server pending until its timeout even after destroy(), and Ctrl+C must end the run at once (the open
 * transaction rolls back on the server; the pool terminates this thread).
 */
let rejectStopped: (error: CancelledError) => void = () => undefined;
const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
stopped.catch(() => undefined);
const untilStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, stopped]);
/** Whether each range sends its keys to the coordinator's RepeatFinder (the same for every range of the run). */
const loadFindsRepeats = findsRepeats(config.mapping, config.input);
/** A CSV's rows carry their lines in the file. */
const linesInFile = config.input.kind === 'csv';
/** The coordinator's 'go' for the range parsed and waiting, if any. */
let go: ((repeats: Repeat[]) => void) | undefined;

async function connect(): Promise<Connection> {
  const c = await createConnection(connectionOptions(config.target, config.password, !config.causalReads, nodes[node]));
  c.on('error', () => undefined); // a fatal error also rejects the statement in flight, which handles it
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
  serverConnectionId = Number(row.id);
  return c;
}

/**
 * A lost connection, a timeout, a deadlock or a lock timeout: the range loads again on a fresh connection,
 * through the next node of a cluster when the node itself failed. When the connection died during COMMIT the
 * outcome is unknown, so a retry first asks the ledger, whose row commits with the range's rows, whether the
 * range is already in. A range committed before (`committedBefore`) is only looked up, for its server rejects.
 */
async function loadWithRetry(range: ByteRange, parsed: ParsedRange, committedBefore = false): Promise<RangeProgress> {
  const total = parsed.rows.order.length;
  let progress = noProgress();
  /** Rows per transaction: the whole range, unless the cluster refuses a write set that large. */
  let partRows = Math.max(1, total);
  let checkLedger = config.resumed || committedBefore;
  /** The server skipped rows that are not repeats of the key: find each one (settleRows). */
  let careful = false;
  for (let attempt = 0; ;) {
    try {
      connection ??= await untilStopped(connect());
      if (checkLedger) progress = await untilStopped(readRangeProgress(connection, config.runKey, range.index));
      checkLedger = false;
      if (progress.complete || committedBefore) return progress;
      post({ type: 'loading', index: range.index, connectionId: serverConnectionId, node: describeServer(nodes[node]) });
      for (;;) {
        const rows = { from: progress.rowsDone, to: Math.min(total, progress.rowsDone + partRows) };
        const part = await untilStopped(loadRange(connection, config, range, parsed, rows, () => cancelled, careful));
        progress.rowsDone = rows.to;
        addCounts(progress.counts, part.counts);
        progress.rejects.push(...part.rejects);
        if (part.final) return progress;
      }
    } catch (error) {
      if (error instanceof CancelledError || cancelled) throw new CancelledError();
      const tooLarge = isWriteSetTooLarge(error) && partRows > 1;
      if (tooLarge || (error instanceof ServerSkipsFound && !careful)) {
        // The transaction rolled back whole: commit the rest of the range in halves, or carefully, on a fresh
        // connection (mysql2 leaves a LOAD DATA that failed midway listening on the socket).
        if (tooLarge) partRows = Math.ceil(partRows / 2);
        else careful = true;
        connection?.destroy();
        connection = undefined;
        if (tooLarge) post({ type: 'range-split', index: range.index, rows: partRows });
        continue;
      }
      if (!isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      connection?.destroy();
      connection = undefined;
      checkLedger = true;
      if (nodes.length > 1 && isNodeFailure(error)) {
        post({ type: 'node-failed', node: describeServer(nodes[node]), reason: classifyMysqlError(error, atNode()).message });
        node = (node + 1) % nodes.length;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt++]));
    }
  }
}

/** The range's rejects with those the server refused, whose texts a second parse gives when the first kept none. */
async function rejectsOf(range: ByteRange, parsed: ParsedRange, refused: ServerReject[]): Promise<Reject[]> {
  if (refused.length === 0) return parsed.rejects;
  const texts =
    parsed.rowTexts ?? (await parseAnyRange({ ...config, keepTexts: true }, range, { isCancelled: () => cancelled, onProgress: () => undefined })).rowTexts!;
  return withServerRejects(parsed, refused, texts, linesInFile);
}

/**
 * Parse, wait for the key gate, load, report: one range, then the coordinator sends the next. With onDuplicate
 * "error" the coordinator also says which rows repeat an earlier line's key, also for a range committed before
 * (`rejectsOnly`), whose keys it needs and whose rejects it may need again.
 */
async function handleRange(range: ByteRange, rejectsOnly: boolean): Promise<void> {
  const parsed = await parseAnyRange(config, range, {
    isCancelled: () => cancelled,
    onProgress: (bytes, lines) => post({ type: 'progress', index: range.index, bytes, lines }),
  });
  const otherKeys = await tableKeysOf(parsed);
  const sets = loadFindsRepeats ? keySetsOf(parsed, config.mapping) : undefined;
  if (rejectsOnly && !sets) return postRejectsOnly(range, parsed);
  // A stop that came while the last batch parsed has no waiter to release: stop here, not at the wait.
  if (cancelled) throw new CancelledError();
  const repeats = await new Promise<Repeat[]>((resolve) => {
    go = resolve;
    const keys = keyDigest(otherKeys.length > 0 ? [...parsed.rows.keys, ...otherKeys] : parsed.rows.keys);
    const rows = sets ? { rows: { lineCount: parsed.counts.lines, sets: sets.map(({ keys, lines }) => ({ keys, lines })), linesInFile } } : {};
    port.postMessage({ type: 'parsed', index: range.index, keys, ...rows } satisfies FromWorker, [keys.buffer as ArrayBuffer]);
  });
  go = undefined;
  if (cancelled) throw new CancelledError();
  // The load settles repeats of the mapping's key: a line the server refuses holds no key (settleRepeats).
  rejectRepeats(parsed, repeats, sets ?? [], linesInFile, true);
  if (rejectsOnly) return postRejectsOnly(range, parsed);
  const { counts, rejects } = await loadWithRetry(range, parsed);
  post({ type: 'committed', index: range.index, counts, rejects: await rejectsOf(range, parsed, rejects), rejectsOnly });
}

/**
 * Keys the range as the table's UNIQUE indexes compare it (applyTableKeys): the server weighs the values of
 * columns whose collation folds, in one statement. Returns the keys of the table's other UNIQUE indexes.
 */
async function tableKeysOf(parsed: ParsedRange): Promise<string[]> {
  if (!hasTableKeys(config.tableKeys)) return [];
  let weights: (string[] | null)[][] = [];
  for (let attempt = 0; config.tableKeys.weighed.length > 0;) {
    try {
      connection ??= await untilStopped(connect());
      weights = await untilStopped(weighColumns(connection, config.tableKeys.weighed, parsed.rows.values));
      break;
    } catch (error) {
      // A lost connection or a restarting server: ask again, as a load would be retried.
      if (error instanceof CancelledError || cancelled || !isRetryable(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      connection?.destroy();
      connection = undefined;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt++]));
    }
  }
  return applyTableKeys(parsed, config.mapping, config.keyCollations, config.tableKeys, weights);
}

/** A range committed before, parsed again for its rejects: the ledger keeps those the server refused. */
async function postRejectsOnly(range: ByteRange, parsed: ParsedRange): Promise<void> {
  const { rejects } = await loadWithRetry(range, parsed, true);
  post({ type: 'committed', index: range.index, counts: parsed.counts, rejects: await rejectsOf(range, parsed, rejects), rejectsOnly: true });
}

/**
 * Retries that ran out on a cluster (not ready, lock waits, lost connections) may be a lost quorum: the node, asked
 * on a fresh connection, says so.
 */
async function quorumLostAtNode(error: unknown): Promise<IngestError | undefined> {
  if (!config.causalReads || !isRetryable(error)) return undefined;
  const probe = await createConnection(connectionOptions(config.target, config.password, false, nodes[node])).catch(() => undefined);
  if (!probe) return undefined;
  probe.on('error', () => undefined);
  try {
    const status = await lostQuorumStatus(probe);
    return status ? quorumLost(describeServer(atNode()), status) : undefined;
  } finally {
    probe.destroy();
  }
}

async function stop(error: unknown): Promise<void> {
  if (cancelled) connection?.destroy();
  else await connection?.end().catch(() => undefined);
  connection = undefined;
  if (error instanceof CancelledError) return post({ type: 'cancelled' });
  const described = error instanceof IngestError ? error : ((await quorumLostAtNode(error)) ?? classifyMysqlError(error, atNode()));
  post({ type: 'failed', kind: described.kind, message: described.message, data: { ...described.data } });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    cancelled = true;
    go?.([]);
    rejectStopped(new CancelledError());
    connection?.destroy();
  } else if (message.type === 'go') go?.(message.repeats ?? []);
  else handleRange(message.range, message.rejectsOnly).catch(stop);
});

post({ type: 'ready' });

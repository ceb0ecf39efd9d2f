import { IngestError, IngestErrorKind, inputLost } from '../../ingestError';
import { describeServer, MysqlTarget } from './target';

/** How the engine treats one MySQL error: retry the range on a fresh connection, or stop with a kind. */
interface ErrorRule {
  retry: boolean;
  kind: IngestErrorKind;
  /** The fact, given where the server is. */
  fact: (where: string, target: MysqlTarget) => string;
  /** A finer reason adapters may word differently (for 'unreachable': refused, unknown-host, no-answer). */
  reason?: string;
}

const lost: ErrorRule = {
  retry: true,
  kind: 'connection-lost',
  fact: (where) => `the connection to MySQL at ${where} was lost and did not come back after retries`,
};
const noAnswer: ErrorRule = { retry: true, kind: 'unreachable', reason: 'no-answer', fact: (where) => `cannot connect to MySQL at ${where}: no answer` };
const refused: ErrorRule = { retry: true, kind: 'unreachable', reason: 'refused', fact: (where) => `cannot connect to MySQL at ${where}: connection refused` };
const unknownHost: ErrorRule = {
  retry: false,
  kind: 'unreachable',
  reason: 'unknown-host',
  fact: (where, t) => `cannot connect to MySQL at ${where}: unknown host ${t.host}`,
};
/** A Galera node that left the cluster or has not caught up yet (error 1047): the range goes to another node. */
const notReady: ErrorRule = {
  retry: true,
  kind: 'unreachable',
  reason: 'not-ready',
  fact: (where) => `MySQL at ${where} is not ready for writes (WSREP has not yet prepared node for application use)`,
};
const auth: ErrorRule = { retry: false, kind: 'auth', fact: (where, t) => `MySQL at ${where} refused user '${t.user}': wrong password or no such user` };
const localInfile: ErrorRule = { retry: false, kind: 'local-infile', fact: (where) => `local_infile is disabled on MySQL at ${where}` };

/**
 * The error table, by mysql2's `code` (server errors and Node socket errors alike). Deadlocks, lock
 * timeouts and lost connections are worth a retry with back-off; authentication and configuration are not.
 */
const RULES: Record<string, ErrorRule> = {
  // Galera's certification conflicts ("wsrep aborted transaction") come as deadlocks too: the whole range retries.
  ER_LOCK_DEADLOCK: { retry: true, kind: 'server', fact: (where) => `MySQL at ${where} kept reporting deadlocks` },
  ER_UNKNOWN_COM_ERROR: notReady,
  ER_LOCK_WAIT_TIMEOUT: { retry: true, kind: 'server', fact: (where) => `MySQL at ${where} kept timing out on locks` },
  PROTOCOL_CONNECTION_LOST: lost,
  ECONNRESET: lost,
  EPIPE: lost,
  ETIMEDOUT: noAnswer,
  EHOSTUNREACH: noAnswer,
  ENETUNREACH: noAnswer,
  ECONNREFUSED: refused,
  // mysql2's own statement timeout: a frozen server or a black hole. The connection is then dropped and replaced.
  PROTOCOL_SEQUENCE_TIMEOUT: {
    retry: true,
    kind: 'unreachable',
    reason: 'no-answer',
    fact: (where) => `MySQL at ${where} stopped answering (statement timeout)`,
  },
  ENOTFOUND: unknownHost,
  EAI_AGAIN: unknownHost,
  ER_ACCESS_DENIED_ERROR: auth,
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: auth,
  ER_DBACCESS_DENIED_ERROR: { retry: false, kind: 'database-access', fact: (where, t) => `user '${t.user}' may not use database '${t.database}' at ${where}` },
  ER_NOT_ALLOWED_COMMAND: localInfile,
  ER_CLIENT_LOCAL_FILES_DISABLED: localInfile,
};

/**
 * Server error numbers for the same cases, when a driver gives no code: mysql2 names no 1927 (MariaDB's "Connection
 * was killed", a node shutting down or an administrator's KILL), which leaves the connection gone like 2013.
 */
const RULES_BY_ERRNO: Record<number, ErrorRule> = {
  1213: RULES.ER_LOCK_DEADLOCK,
  1205: RULES.ER_LOCK_WAIT_TIMEOUT,
  1047: notReady,
  1927: lost,
  2006: lost,
  2013: lost,
};

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  fatal?: boolean;
}

function ruleFor(error: unknown): ErrorRule | undefined {
  const e = (error ?? {}) as DriverError;
  const rule = RULES[e.code ?? ''] ?? RULES_BY_ERRNO[e.errno ?? 0];
  // mysql2 marks every error that leaves the connection unusable as fatal (a kill between two statements
  // surfaces as "Can't add new command when connection is in closed state").
  return rule ?? (e.fatal ? lost : undefined);
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof IngestError) && ruleFor(error)?.retry === true;
}

/** The node itself is gone or not ready (not a conflict): with more nodes, the range moves to the next one. */
export function isNodeFailure(error: unknown): boolean {
  const rule = ruleFor(error);
  return rule?.retry === true && (rule.kind === 'connection-lost' || rule.kind === 'unreachable');
}

/** mysql2's statement timeout: the statement may still run on the server, and anything sent after it waits behind it. */
export const isStatementTimeout = (error: unknown) => (error as DriverError | undefined)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT';

/**
 * Galera refused the transaction's write set as too large: error 1180 at COMMIT (past wsrep_max_ws_rows), or, past
 * wsrep_max_ws_size, error 1105 "Maximum writeset size exceeded" during the statement that grew it (measured, 10.11).
 */
export function isWriteSetTooLarge(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return e.errno === 1180 || (e.errno === 1105 && /Maximum writeset size exceeded/i.test(e.message ?? ''));
}

/** No node of the Galera cluster is in a primary component (wsrep_cluster_status non-Primary): none takes writes. */
export const quorumLost = (where: string, status: string) =>
  new IngestError('unreachable', `the Galera cluster at ${where} has lost quorum (wsrep_cluster_status is ${status}), so no node takes writes`, {
    where,
    reason: 'no-quorum',
  });

/** One IngestError for any error a MySQL call threw: its kind, a one-line fact, and where. */
export function classifyMysqlError(error: unknown, target: MysqlTarget): IngestError {
  if (error instanceof IngestError) return error;
  // A file error (the log gone or unreadable during the load) is the file's, not the server's.
  const { path, code } = (error ?? {}) as { path?: unknown; code?: string };
  if (typeof path === 'string') return inputLost(path, code ?? (error as Error).message);
  const where = describeServer(target);
  const rule = ruleFor(error);
  if (rule) return new IngestError(rule.kind, rule.fact(where, target), rule.reason ? { where, reason: rule.reason } : { where });
  const driver = (error ?? {}) as DriverError;
  const message = (driver.message ?? String(error)).split('\n')[0];
  // The server's and the driver's errors carry an errno or a code; anything else (a TypeError) is Loadline's own
  // fault, never worded as the server's.
  if (driver.errno === undefined && driver.code === undefined) return new IngestError('internal', `Loadline failed, not the server: ${message}`, { where });
  return new IngestError('server', `MySQL at ${where} said: ${message}`, { where });
}

export const localInfileDisabled = (target: MysqlTarget) => classifyMysqlError({ code: 'ER_CLIENT_LOCAL_FILES_DISABLED' }, target);

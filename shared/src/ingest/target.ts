import { ConnectionOptions } from 'mysql2';

/** Where rows go. The password is never part of it: it comes from MYSQL_PWD, a prompt or SecretStorage. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export class IngestError extends Error {
  constructor(
    message: string,
    /** What went wrong, for callers that offer a fix (re-enter the password, start the server). */
    readonly kind: 'auth' | 'unreachable' | 'local-infile' | 'file' | 'checkpoint' | 'server' | 'usage' = 'server',
  ) {
    super(message);
  }
}

/** Parses mysql://USER@HOST:PORT/DB; a password in the URL is refused so that it never lands in shell history. */
export function parseMysqlUrl(url: string): MysqlTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IngestError(`not a MySQL URL: ${url} (expected mysql://USER@HOST:PORT/DB)`, 'usage');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new IngestError(`not a MySQL URL: ${url} (expected mysql://USER@HOST:PORT/DB)`, 'usage');
  }
  if (parsed.password) throw new IngestError('put the password in MYSQL_PWD (or type it at the prompt), not in the URL', 'usage');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.username || !parsed.hostname || !database) {
    throw new IngestError(`the URL needs a user, a host and a database: mysql://USER@HOST:PORT/DB (got ${url})`, 'usage');
  }
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 3306, user: decodeURIComponent(parsed.username), database };
}

export const describeTarget = (t: MysqlTarget) => `${t.user}@${t.host}:${t.port}/${t.database}`;

export function connectionOptions(target: MysqlTarget, password: string | undefined, withDatabase = true): ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password,
    database: withDatabase ? target.database : undefined,
    charset: 'utf8mb4',
    timezone: 'Z',
    connectTimeout: 10000,
    flags: ['+LOCAL_FILES'],
  };
}

const RETRYABLE_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED']);
const RETRYABLE_ERRNOS = new Set([1213, 1205, 2006, 2013]);
/** Fatal for the connection, but no new connection would fare better. */
const HOPELESS_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_ALLOWED_COMMAND', 'ER_CLIENT_LOCAL_FILES_DISABLED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Deadlocks, lock timeouts and lost connections: worth a retry with back-off on a fresh connection.
 * mysql2 marks every error that leaves the connection unusable as fatal (a kill between two statements
 * surfaces as "Can't add new command when connection is in closed state").
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; fatal?: boolean };
  if (HOPELESS_CODES.has(e.code ?? '')) return false;
  return RETRYABLE_CODES.has(e.code ?? '') || RETRYABLE_ERRNOS.has(e.errno ?? 0) || e.fatal === true;
}

/** One clear line for the errors people hit, naming the server and the fix; no stack traces. */
export function describeMysqlError(error: unknown, target: MysqlTarget): IngestError {
  if (error instanceof IngestError) return error;
  const e = error as { code?: string; errno?: number; message?: string; fatal?: boolean };
  const where = `${target.host}:${target.port}`;
  if (e.fatal && !e.code) e.code = 'PROTOCOL_CONNECTION_LOST';
  switch (e.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new IngestError(`MySQL at ${where} refused user '${target.user}': wrong password or no such user. Set the right password in MYSQL_PWD (or re-enter it).`, 'auth');
    case 'ER_DBACCESS_DENIED_ERROR':
      return new IngestError(`user '${target.user}' may not use database '${target.database}' at ${where}: GRANT it the privileges, or pick another database.`, 'auth');
    case 'ECONNREFUSED':
      return new IngestError(`cannot connect to MySQL at ${where}: connection refused. Is the server running? (for the local one: scripts/mariadb.sh start)`, 'unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new IngestError(`cannot connect to MySQL at ${where}: unknown host ${target.host}. Check the URL.`, 'unreachable');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new IngestError(`cannot connect to MySQL at ${where}: no answer (${e.code}). Check the host, the port and any firewall.`, 'unreachable');
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
      return new IngestError(`the connection to MySQL at ${where} was lost and did not come back after retries. Is the server still running?`, 'unreachable');
    case 'ER_NOT_ALLOWED_COMMAND':
    case 'ER_CLIENT_LOCAL_FILES_DISABLED':
      return localInfileDisabled(target);
  }
  return new IngestError(`MySQL at ${where} said: ${(e.message ?? String(error)).split('\n')[0]}`, 'server');
}

export function localInfileDisabled(target: MysqlTarget): IngestError {
  return new IngestError(
    `local_infile is disabled on MySQL at ${target.host}:${target.port}. Enable it with SET GLOBAL local_infile = ON ` +
      '(or local_infile=ON under [mysqld] in my.cnf), or load with --method insert.',
    'local-infile',
  );
}

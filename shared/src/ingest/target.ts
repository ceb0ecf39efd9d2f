import { ConnectionOptions } from 'mysql2';
import { IngestError } from './ingestError';

/** Where rows go. The password is never part of it: it comes from MYSQL_PWD, a prompt or SecretStorage. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export const DEFAULT_MYSQL_PORT = 3306;

/** Parses mysql://USER@HOST:PORT/DB; a password in the URL is refused so that it never lands in shell history. */
export function parseMysqlUrl(url: string): MysqlTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IngestError('usage', `not a MySQL URL: ${url}`, { reason: 'not-mysql-url', url });
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new IngestError('usage', `not a MySQL URL: ${url}`, { reason: 'not-mysql-url', url });
  }
  if (parsed.password) throw new IngestError('usage', 'the URL holds a password', { reason: 'password-in-url' });
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.username || !parsed.hostname || !database) {
    throw new IngestError('usage', `the URL needs a user, a host and a database (got ${url})`, { reason: 'incomplete-url', url });
  }
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : DEFAULT_MYSQL_PORT, user: decodeURIComponent(parsed.username), database };
}

export const describeTarget = (t: MysqlTarget) => `${t.user}@${t.host}:${t.port}/${t.database}`;
export const describeServer = (t: MysqlTarget) => `${t.host}:${t.port}`;

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

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localMariadb, sql } from './mariadb';
import { runCli, RunResult } from './run';

/** A database of its own per test, dropped by `cleanup`. */
export function freshDatabase(): { name: string; url: string; cleanup: () => void } {
  const name = `it_${randomBytes(4).toString('hex')}`;
  return { name, url: localMariadb().url.replace(/\/[^/]*$/, `/${name}`), cleanup: () => void sql(`DROP DATABASE IF EXISTS \`${name}\``) };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-ingest-'));
}

export const chatEvent = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ id, type: 'message', from: 'visitor1', site_id: '7', timestamp: 1554000000, data: { message: `text of ${id}` }, ...over });

/** `loadline ingest` with the local server's password in MYSQL_PWD (or `password` when given). */
export function ingest(file: string, url: string, args: string[] = [], password = localMariadb().password): RunResult & { report?: Record<string, unknown> } {
  const result = runCli(['ingest', file, '--mysql', url, '--json', ...args], { env: { ...process.env, MYSQL_PWD: password } });
  let report: Record<string, unknown> | undefined;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  return { ...result, report };
}

export const rowsOf = (database: string, columns = 'id, `from`, type, site_id, data, UNIX_TIMESTAMP(`timestamp`)') =>
  sql(`SET time_zone = '+00:00'; SELECT ${columns} FROM chat_messages ORDER BY id`, database)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));

export const countRows = (database: string) => Number(sql('SELECT COUNT(*) FROM chat_messages', database).trim());
export const checksum = (database: string) => sql('CHECKSUM TABLE chat_messages', database).trim().split('\t')[1];

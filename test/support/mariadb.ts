import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './run';

export interface LocalMariadb {
  url: string;
  passwordFile: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The throwaway server that scripts/mariadb.sh started; tests never touch any other. */
export function localMariadb(): LocalMariadb {
  const dir = process.env.LOADLINE_DB_DIR ?? path.join(REPO_ROOT, '.loadline-db');
  const port = Number(fs.readFileSync(path.join(dir, 'port'), 'utf8').trim());
  const passwordFile = path.join(dir, 'password');
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  return { passwordFile, url: `mysql://loadline@127.0.0.1:${port}/loadline`, host: '127.0.0.1', port, user: 'loadline', password };
}

/** Runs the `mariadb` client against the local server as the test user (the password in MYSQL_PWD, never argv). */
export function mariadbClient(options: string[], database: string, statements: string, stdio: 'pipe' | 'inherit' = 'pipe'): string {
  const db = localMariadb();
  return execFileSync(
    'mariadb',
    ['--no-defaults', ...options, '-h', db.host, '-P', String(db.port), '-u', db.user, ...(database ? [database] : []), '-e', statements],
    {
      env: { ...process.env, MYSQL_PWD: db.password },
      encoding: 'utf8',
      stdio,
    },
  );
}

/** Runs a script through the mariadb client's standard input, where DELIMITER works (a trigger's body, for one). */
export function sqlScript(script: string, database = ''): string {
  const db = localMariadb();
  return execFileSync('mariadb', ['--no-defaults', '-h', db.host, '-P', String(db.port), '-u', db.user, ...(database ? [database] : [])], {
    env: { ...process.env, MYSQL_PWD: db.password },
    encoding: 'utf8',
    input: script,
  });
}

/** Runs SQL through the mariadb client as the test user; returns tab-separated rows without headers. */
export function sql(statements: string, database = ''): string {
  return mariadbClient(['--default-character-set=utf8mb4', '-N', '-B'], database, statements);
}

/** SQL as the server's root, over its socket (root logs in by socket only): for grants the test user cannot give. */
export function rootSql(statements: string): string {
  const socket = path.join(path.dirname(localMariadb().passwordFile), 'mysqld.sock');
  return execFileSync('mariadb', ['--no-defaults', '--protocol=socket', `--socket=${socket}`, '-uroot', '-N', '-B', '-e', statements], { encoding: 'utf8' });
}

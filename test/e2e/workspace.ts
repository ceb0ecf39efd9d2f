import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { localMariadb } from '../support/mariadb';

export interface E2eWorkspace {
  folder: string;
  database: string;
  /** Environment for the extension host: where the test server's password is, which database to check. */
  env: Record<string, string>;
}

/**
 * A fresh copy of test/e2e/fixture with generated chat logs and workspace settings that point a
 * "local" profile at the throwaway MariaDB (its password never goes into settings).
 */
export function prepareWorkspace(options: { bigLogLines?: number } = {}): E2eWorkspace {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-e2e-ws-'));
  fs.cpSync(path.join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixture'), folder, { recursive: true });
  fs.mkdirSync(path.join(folder, 'logs'));
  writeChatLogFile(path.join(folder, 'logs', 'chat.jsonl'), { lines: 2000, seed: 5, badRate: 0.01 });
  if (options.bigLogLines) writeChatLogFile(path.join(folder, 'logs', 'chat-big.jsonl'), { lines: options.bigLogLines, seed: 6, badRate: 0.01 });
  const db = localMariadb();
  const database = `e2e_${process.pid}_${Date.now() % 100000}`;
  fs.mkdirSync(path.join(folder, '.vscode'));
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'loadline.debounceMs': 50,
        'loadline.mysql.profiles': [
          { name: 'local', host: db.host, port: db.port, user: db.user, database, table: 'chat_messages' },
          // A "cluster" whose first node is down (nothing listens on port 1): the load goes on through the next.
          { name: 'failover', host: db.host, port: 1, hosts: [`${db.host}:${db.port}`], user: db.user, database: `${database}_failover` },
          // No table: the file's mapping or contract names it.
          { name: 'csv', host: db.host, port: db.port, user: db.user, database: `${database}_csv` },
        ],
        'loadline.snippets': [{ id: 'mine', title: 'Mine: tail the app log', template: 'tail -f {{1:/var/log/app.log}}', tags: ['tail'] }],
      },
      null,
      2,
    ),
  );
  return { folder, database, env: { LOADLINE_E2E_DATABASE: database, LOADLINE_DB_DIR: path.dirname(db.passwordFile) } };
}

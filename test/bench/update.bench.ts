// npm run bench:update: `loadline ingest --on-duplicate update` of a chat log into a table that already holds every
// one of its rows, so each line updates its row. LOADLINE_CLI picks another build of the CLI (to compare before and
// after a change, on one machine in one run: machines of this kind differ about 3x from day to day).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { createTableSql } from '../../shared/src/ingest/load/sql';
import { localMariadb, sql } from '../support/mariadb';
import { CLI, REPO_ROOT } from '../support/run';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const CLIS = (process.env.LOADLINE_CLI ?? CLI).split(',');
const LOG = path.join(REPO_ROOT, '.cache', 'bench', `chat-${LINES}.jsonl`);
const DATABASE = 'bench_update';

/** `loadline ingest` of the log, timed; its JSON report. */
function run(cli: string, args: string[]): { seconds: number; report: Record<string, number | string> } {
  const db = localMariadb();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'ingest', LOG, '--mysql', db.url.replace(/\/[^/]*$/, `/${DATABASE}`), '--json', ...args], {
    env: { ...process.env, MYSQL_PWD: db.password },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`loadline ingest failed: ${result.stderr}`);
  return { seconds, report: JSON.parse(result.stdout) };
}

/** A table holding the log's rows; `otherKey` adds a UNIQUE key besides the mapping's (the row-by-row path). */
function loadedTable(cli: string, otherKey: boolean): void {
  const unique = otherKey ? 'ALTER TABLE chat_messages ADD UNIQUE KEY id_from (id, `from`);' : '';
  sql(`DROP DATABASE IF EXISTS ${DATABASE}; CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4; USE ${DATABASE}; ${createTableSql(CHAT_MESSAGES)}; ${unique}`);
  run(cli, []);
}

function main(): void {
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  if (!fs.existsSync(LOG)) writeChatLogFile(LOG, { lines: LINES, seed: 42 });
  console.log(`Update benchmark: ${LINES.toLocaleString('en')} lines into a table that holds them all`);
  for (const cli of CLIS) {
    for (const [method, otherKey] of [
      ['infile', false],
      ['insert', false],
      ['insert', true],
    ] as const) {
      loadedTable(cli, otherKey);
      const { seconds, report } = run(cli, ['--on-duplicate', 'update', '--method', method]);
      console.log(
        `${path.relative(REPO_ROOT, cli) || cli} --method ${method}${otherKey ? ', another UNIQUE key (row by row)' : ''}: ${seconds.toFixed(1)} s, ` +
          `${Math.round(LINES / seconds).toLocaleString('en')} lines/s; inserted ${report.inserted}, updated ${report.updated}, duplicates ${report.duplicates}, rejected ${report.rejected}`,
      );
    }
  }
  sql(`DROP DATABASE ${DATABASE}`);
}

main();

import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { ingestFile, IngestOptions } from '../../shared/src/ingest/ingestFile';
import { parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';
import { defaultCheckpointPath } from '../../shared/src/ingest/journal/checkpoint';
import { localMariadb, sql } from './mariadb';
import { CLI, COMPILED_INGEST_WORKER, runCli, RunResult } from './run';

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
  return { ...result, report: parseReport(result.stdout) };
}

export const rowsOf = (database: string, columns = 'id, `from`, type, site_id, data, UNIX_TIMESTAMP(`timestamp`)') =>
  sql(`SET time_zone = '+00:00'; SELECT ${columns} FROM chat_messages ORDER BY id`, database)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));

/** Where a load of `file` into chat_messages at `url` keeps its checkpoint by default. */
export const checkpointOf = (file: string, url: string) => defaultCheckpointPath(path.resolve(file), parseMysqlUrl(url), 'chat_messages');
export const databaseExists = (database: string) => sql(`SHOW DATABASES LIKE '${database}'`).trim() !== '';
export const countRows = (database: string) => Number(sql('SELECT COUNT(*) FROM chat_messages', database).trim());
export const checksum = (database: string) => sql('CHECKSUM TABLE chat_messages', database).trim().split('\t')[1];

/** `loadline ingest` as a child process that leaves this event loop free (a lock held here stays fresh). */
export function ingestAsync(file: string, url: string, args: string[] = []): Promise<RunResult & { report?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'ingest', file, '--mysql', url, '--json', ...args], {
      env: { ...process.env, MYSQL_PWD: localMariadb().password },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr, report: parseReport(stdout) }));
  });
}

/** Where a killed run had got to: the progress the child last reported. */
interface KilledAt {
  rangesDone: number;
  rangesTotal: number;
}

/**
 * Runs the engine in a child (test/support/ingestChild.ts) and SIGKILLs it once `ranges` ranges have committed;
 * resolves when it is dead. `mode` loads through the file's mapping (`declared`) or contract (`csv`).
 */
export async function killIngestAfter(
  file: string,
  url: string,
  ranges: number,
  { rangeBytes, mode, password = localMariadb().password }: { rangeBytes: number; mode?: 'declared' | 'csv'; password?: string },
): Promise<KilledAt> {
  const child = fork(path.join(__dirname, 'ingestChild.js'), [file, url, String(rangeBytes), ...(mode ? [mode] : [])], {
    env: { ...process.env, MYSQL_PWD: password },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killedAt = await new Promise<KilledAt>((resolve, reject) => {
    child.on('message', (message: KilledAt & { type: string }) => {
      if (message.type === 'progress' && message.rangesDone >= ranges) {
        child.kill('SIGKILL');
        resolve(message);
      } else if (message.type !== 'progress') reject(new Error(`the load ended before the kill: ${JSON.stringify(message)}`));
    });
  });
  await exited;
  return killedAt;
}

function parseReport(stdout: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A temporary folder and fresh databases for one test file, all removed after it. */
export function ingestWorkspace() {
  const dir = tempDir();
  const cleanups: (() => void)[] = [];
  after(() => {
    for (const cleanup of cleanups) cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const database = () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    return db;
  };
  return {
    dir,
    database,
    writeLog: (name: string, content: string | Buffer): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    writeGeneratedLog: (name: string, lines: number, seed: number, badRate = 0): string => {
      const file = path.join(dir, name);
      writeChatLogFile(file, { lines, seed, badRate });
      return file;
    },
    /**
     * Loads `lines` (written as given: numbers a double would change reach Loadline as written) into `table` (by
     * default the first that `ddl` makes) of a fresh database, with a mapping of `columns` keyed on `id`. Returns the
     * run, the rows read back by `select` and the rejects as [line, reason].
     */
    loadLines: (name: string, load: LinesLoad) => {
      const db = database();
      sql(`CREATE DATABASE ${db.name}`);
      sql(load.ddl, db.name);
      const folder = path.join(dir, name);
      fs.mkdirSync(folder);
      const table = load.table ?? /CREATE TABLE (\w+)/.exec(load.ddl)![1];
      fs.writeFileSync(
        path.join(folder, '.loadline.json'),
        JSON.stringify({ ingest: [{ name, files: ['*.jsonl'], table, key: 'id', columns: load.columns }] }),
      );
      const file = path.join(folder, 'e.jsonl');
      fs.writeFileSync(file, load.lines.join('\n') + '\n');
      const rejects = path.join(folder, 'rejects.jsonl');
      const result = ingest(file, db.url, ['--rejects', rejects, ...(load.args ?? [])]);
      const rows = sql(load.select, db.name)
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      const rejected = fs.existsSync(rejects) ? rejectsOf(rejects).map((r) => [r.line, r.reason]) : [];
      return { result, rows, rejected, db };
    },
  };
}

/** What ingestWorkspace().loadLines loads, and how it reads the table back. */
interface LinesLoad {
  ddl: string;
  table?: string;
  columns: Record<string, object>;
  lines: string[];
  select: string;
  args?: string[];
}

/**
 * The rejects file beside `log` that a load (named `LOG.TABLE.HASH.loadline-rejects.jsonl`) or a dry run
 * (`LOG.TABLE.dry-run.loadline-rejects.jsonl`) wrote; a path that does not exist when there is none.
 */
function rejectsBeside(log: string, run: RegExp): string {
  const base = path.basename(log);
  const found = fs.readdirSync(path.dirname(log)).filter((name) => name.startsWith(`${base}.`) && run.test(name.slice(base.length)));
  assert.ok(found.length <= 1, `one rejects file for ${log}: ${found.join(', ')}`);
  return path.join(path.dirname(log), found[0] ?? `${base}.no-rejects-file`);
}
export const loadRejectsPath = (log: string) => rejectsBeside(log, /^\.[^/]+\.[0-9a-f]{8}\.loadline-rejects\.jsonl$/);
export const dryRejectsPath = (log: string) => rejectsBeside(log, /^\.[^/]+\.dry-run\.loadline-rejects\.jsonl$/);

export const rejectsOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; code: string; reason: string; text: string });

/** The engine in this process (so a test can cancel it or watch it), on the compiled worker. */
export function ingestInProcess(file: string, url: string, options: Partial<IngestOptions> = {}) {
  return ingestFile({ file, target: parseMysqlUrl(url), password: localMariadb().password, workerScript: COMPILED_INGEST_WORKER, ...options });
}

/** Cancels once `ranges` ranges have committed. */
export function cancelAfter(ranges: number): Partial<IngestOptions> {
  const controller = new AbortController();
  return { signal: controller.signal, onProgress: (p) => p.rangesDone >= ranges && controller.abort() };
}

/**
 * Stops a run part-way whatever its speed: progress is reported at intervals, so a small file can finish before
 * `cancelAfter` sees its count; this also stops it when the range of index `range` starts loading.
 */
export function stopPartWay(range: number): Partial<IngestOptions> {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    onProgress: (p) => p.rangesDone >= range && controller.abort(),
    onRangeLoading: (index) => index >= range && controller.abort(),
  };
}

const COUNTS = ['lines', 'inserted', 'duplicates', 'rejected', 'blank'] as const;
export const assertSameCounts = (actual: object, expected: object) => {
  for (const key of COUNTS) assert.equal((actual as Record<string, number>)[key], (expected as Record<string, number>)[key], key);
};

/** Counted from the file, independently of the engine: its valid lines and their distinct ids (the rows a load keeps). */
export function validIdsOf(file: string): { valid: number; ids: number } {
  const ids = new Set<string>();
  let valid = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line.startsWith('{"id": "broken') ? '{}' : line) as {
      id?: unknown;
      from?: unknown;
      type?: unknown;
      timestamp?: unknown;
      data?: { message?: string };
    };
    const fits = typeof e.id === 'string' && typeof e.from === 'string' && (e.type === 'message' || e.type === 'status') && typeof e.timestamp === 'number';
    if (fits && !((e.data?.message?.length ?? 0) > 255)) {
      valid++;
      ids.add(e.id as string);
    }
  }
  return { valid, ids: ids.size };
}

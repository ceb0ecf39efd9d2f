// npm run bench:ingest: loadline ingest against the mariadb client's LOAD DATA LOCAL INFILE, same server, same run.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateChatLog, writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { ingestFile } from '../../shared/src/ingest/ingestFile';
import { csvMapping } from '../../shared/src/ingest/source/csvMapping';
import { readCsvSource } from '../../shared/src/ingest/source/csvSource';
import { CHAT_DECLARATION, CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { createTableSql, loadDataSql, toTsvRow } from '../../shared/src/ingest/load/sql';
import { parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';
import { CLI, REPO_ROOT } from '../support/run';
import { localMariadb, sql } from '../support/mariadb';
import { cpuMs } from '../support/processCpu';
import { BusySample, sampleBusy, TICK_MS } from './busySampler';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Another build's dist/cli.js, run in the same pairs (A/B against an older build). */
const BASE_CLI = process.env.BENCH_BASE_CLI;
const DIR = path.join(REPO_ROOT, '.cache', 'bench');
const LOG = path.join(DIR, `chat-${LINES}.jsonl`);
const TSV = path.join(DIR, `chat-${LINES}.tsv`);

function prepareInputs(): void {
  fs.mkdirSync(DIR, { recursive: true });
  if (fs.existsSync(LOG) && fs.existsSync(TSV)) return;
  const log = fs.openSync(LOG, 'w');
  const tsv = fs.openSync(TSV, 'w');
  let logChunk = '';
  let tsvChunk = '';
  for (const line of generateChatLog({ lines: LINES, seed: 42 })) {
    logChunk += line + '\n';
    const mapped = mapLine(line, CHAT_MESSAGES);
    if (mapped.kind === 'row') tsvChunk += toTsvRow(mapped.values);
    if (logChunk.length > 1 << 20) {
      fs.writeSync(log, logChunk);
      fs.writeSync(tsv, tsvChunk);
      logChunk = tsvChunk = '';
    }
  }
  fs.writeSync(log, logChunk);
  fs.writeSync(tsv, tsvChunk);
  fs.closeSync(log);
  fs.closeSync(tsv);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function freshDatabase(name: string): void {
  sql(`DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4; USE \`${name}\`; ${createTableSql(CHAT_MESSAGES)}`);
}

function baseline(): Run {
  freshDatabase('bench_baseline');
  return clientLoad('bench_baseline', `SET time_zone = '+00:00'; ${loadDataSql(CHAT_MESSAGES, TSV)}`);
}

/** Wall time, the process's user CPU (all its threads), the server's CPU meanwhile (user + system), peak RSS. */
type Run = { seconds: number; userS: number; serverS: number; rssMB: number; report: Record<string, number> };

const serverPid = () => Number(fs.readFileSync(path.join(path.dirname(localMariadb().passwordFile), 'mysqld.pid'), 'utf8').trim());
const serverCpuMs = () => cpuMs(serverPid());

/** The mariadb client's own run of `statements`, under /usr/bin/time for its user CPU and peak RSS. */
function clientLoad(database: string, statements: string): Run {
  const db = localMariadb();
  const server = serverCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'LOADLINE_TIME %U %M',
      'mariadb',
      '--no-defaults',
      '--local-infile=1',
      '-h',
      db.host,
      '-P',
      String(db.port),
      '-u',
      db.user,
      database,
      '-e',
      statements,
    ],
    { env: { ...process.env, MYSQL_PWD: db.password }, encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`mariadb failed: ${result.stderr}`);
  const [, user, rssKb] = /LOADLINE_TIME ([\d.]+) (\d+)/.exec(result.stderr)!;
  return { seconds, userS: Number(user), serverS: (serverCpuMs() - server) / 1000, rssMB: Number(rssKb) / 1024, report: {} };
}

const spread = (xs: number[], digits = 2) => `median ${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/** One side's runs: wall, user CPU, server CPU, peak RSS. */
const describeRuns = (runs: Run[]) =>
  `wall ${spread(runs.map((r) => r.seconds))} s, user CPU ${spread(runs.map((r) => r.userS))} s, server CPU ${spread(runs.map((r) => r.serverS))} s, peak RSS ${Math.max(...runs.map((r) => r.rssMB)).toFixed(0)} MB`;

/** Loadline's speed over LOAD DATA's, pair by pair (a's time / b's time), and the same for CPU (client + server). */
const pairRatios = (a: Run[], b: Run[]) =>
  `speed b/a ${spread(a.map((x, i) => x.seconds / b[i].seconds))} over ${a.length} pairs; CPU a/b (client + server) ${spread(a.map((x, i) => (x.userS + x.serverS) / (b[i].userS + b[i].serverS)))}`;

/** `loadline ingest FILE --json` into a database that `prepare` makes fresh, timed, with its peak RSS. */
function loadline(file = LOG, database = 'bench_loadline', prepare: (database: string) => void = freshDatabase, cli = CLI): Run {
  prepare(database);
  const db = localMariadb();
  const server = serverCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'reportRss.js'), cli, 'ingest', file, '--mysql', db.url.replace(/\/[^/]*$/, `/${database}`), '--json'],
    {
      env: { ...process.env, MYSQL_PWD: db.password },
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const serverS = (serverCpuMs() - server) / 1000;
  if (result.status !== 0) throw new Error(`loadline ingest failed: ${result.stderr}`);
  return {
    seconds,
    userS: Number(/LOADLINE_USER_MS=([\d.]+)/.exec(result.stderr)![1]) / 1000,
    serverS,
    rssMB: Number(/LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr)![1]),
    report: JSON.parse(result.stdout),
  };
}

/** The same log beside a .loadline.json that declares the chat mapping (docs/ingest.md, "Ingest mappings"). */
function declaredLog(): string {
  const folder = path.join(DIR, 'declared');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [{ ...CHAT_DECLARATION, files: ['*.jsonl'] }] }, null, 2));
  const link = path.join(folder, path.basename(LOG));
  fs.rmSync(link, { force: true });
  fs.symlinkSync(LOG, link);
  return link;
}

const checksumOf = (table: string) => sql(`CHECKSUM TABLE ${table}`).trim().split('\t')[1];

/** BENCH_1GB=1: peak RSS of loadline ingest on a log of about 1 GiB (memory must stay bounded). */
function bigFileMemory(): void {
  const lines = 5_800_000;
  const file = path.join(DIR, `chat-${lines}.jsonl`);
  if (!fs.existsSync(file)) writeChatLogFile(file, { lines, seed: 43 });
  freshDatabase('bench_big');
  const db = localMariadb();
  const result = spawnSync(
    process.execPath,
    ['--require', path.join(__dirname, 'reportRss.js'), CLI, 'ingest', file, '--mysql', db.url.replace(/\/[^/]*$/, '/bench_big'), '--json'],
    {
      env: { ...process.env, MYSQL_PWD: db.password },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`loadline ingest failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout);
  const rss = /LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr)![1];
  console.log(
    `1 GiB check: ${(fs.statSync(file).size / 2 ** 30).toFixed(2)} GiB, ${lines.toLocaleString('en')} lines in ${report.seconds.toFixed(1)} s (${report.rowsPerSecond.toLocaleString('en')} lines/s), peak RSS ${Number(rss).toFixed(0)} MB (target < 200)`,
  );
  sql('DROP DATABASE bench_big');
}

async function main(): Promise<void> {
  if (process.env.BENCH_1GB === '1') return bigFileMemory();
  // BENCH_ONLY=csv: the CSV rows alone.
  if (process.env.BENCH_ONLY === 'csv') return csvBench();
  prepareInputs();
  const rows = fs.readFileSync(TSV).toString('latin1').split('\n').length - 1;
  console.log(
    `Ingest benchmark: ${LINES.toLocaleString('en')} lines (${(fs.statSync(LOG).size / 1048576).toFixed(0)} MiB JSON, ${rows.toLocaleString('en')} TSV rows), median of ${RUNS} runs`,
  );
  console.log('Server settings:');
  console.log(
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'mariadb.sh'), 'settings'], { encoding: 'utf8' })
      .replace(/^/gm, '  ')
      .trimEnd(),
  );
  const a: Run[] = [];
  const b: Run[] = [];
  const c: Run[] = [];
  const base: Run[] = [];
  const declared = declaredLog();
  for (let i = 0; i < RUNS; i++) {
    // The order turns each time: a run right after another's large table pays for the server's cleanup.
    if (i % 2 === 0) {
      a.push(baseline());
      b.push(loadline());
      c.push(loadline(declared, 'bench_declared'));
      if (BASE_CLI) base.push(loadline(LOG, 'bench_base', freshDatabase, BASE_CLI));
    } else {
      if (BASE_CLI) base.push(loadline(LOG, 'bench_base', freshDatabase, BASE_CLI));
      c.push(loadline(declared, 'bench_declared'));
      b.push(loadline());
      a.push(baseline());
    }
  }
  const [checksumA] = sql('CHECKSUM TABLE bench_baseline.chat_messages')
    .trim()
    .split('\n')
    .map((l) => l.split('\t')[1]);
  const [checksumB] = sql('CHECKSUM TABLE bench_loadline.chat_messages')
    .trim()
    .split('\n')
    .map((l) => l.split('\t')[1]);
  const aRate = LINES / median(a.map((x) => x.seconds));
  const bRate = LINES / median(b.map((x) => x.seconds));
  const last = b[b.length - 1].report;
  console.log(`(a) mariadb client LOAD DATA LOCAL INFILE (pre-made TSV, 1 stream): ${Math.round(aRate).toLocaleString('en')} lines/s; ${describeRuns(a)}`);
  console.log(`(b) loadline ingest (defaults: ${last.workers} workers, ${last.method}): ${Math.round(bRate).toLocaleString('en')} lines/s; ${describeRuns(b)}`);
  console.log(`JSON-lines ${pairRatios(a, b)} (target >= 1.0; the baseline does no JSON parsing or validation)`);
  if (BASE_CLI)
    console.log(
      `JSON-lines, BENCH_BASE_CLI: ${describeRuns(base)}; ${pairRatios(a, base)}; head/base time ${spread(base.map((x, i) => x.seconds / b[i].seconds))}`,
    );
  console.log(`report: inserted ${last.inserted}, duplicates ${last.duplicates}, rejected ${last.rejected}, blank ${last.blank}, balanced ${last.balanced}`);
  console.log(`same table contents: ${checksumA === checksumB ? 'yes' : 'NO'} (CHECKSUM TABLE ${checksumA} vs ${checksumB})`);
  const cSeconds = median(c.map((x) => x.seconds));
  console.log(
    `(c) loadline ingest through the chat mapping declared in .loadline.json: ${cSeconds.toFixed(2)} s, ${Math.round(LINES / cSeconds).toLocaleString('en')} lines/s; c/b time = ${(cSeconds / median(b.map((x) => x.seconds))).toFixed(3)} (target <= 1.05), same table as (b): ${checksumOf('bench_declared.chat_messages') === checksumB ? 'yes' : 'NO'}; runs (b) ${b.map((x) => x.seconds.toFixed(1)).join(', ')} s, (c) ${c.map((x) => x.seconds.toFixed(1)).join(', ')} s`,
  );
  // BENCH_ONLY=jsonl: the JSON-lines rows alone.
  if (process.env.BENCH_ONLY === 'jsonl') return;
  csvBench();
  await mainThreadDelay();
}

const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const CSV_CONTRACT = {
  contracts: [
    {
      files: ['*.csv'],
      headers: {
        id: { type: 'integer', required: true },
        name: { constraints: { maxLength: 64 } },
        city: { constraints: { maxLength: 32 } },
        amount: { type: 'number' },
        day: { type: 'date' },
      },
      schema: { fields: [], primaryKey: 'id' },
    },
  ],
};

/** 1M rows, 6 columns, about 100 MB: 1 value in 10 quoted, 1 row in 1,000 with a quoted line break, no empty cells. */
function prepareCsv(): string {
  // Named shops.csv, so that Loadline's table is `shops`, the one the baseline loads into.
  const folder = path.join(DIR, `csv-${CSV_ROWS}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(CSV_CONTRACT, null, 2));
  const file = path.join(folder, 'shops.csv');
  if (fs.existsSync(file)) return file;
  const out = fs.openSync(file, 'w');
  let chunk = 'id,name,city,amount,day,note\n';
  const cities = ['Berlin', 'Paris', 'Lisbon', 'Oslo, Norway', 'São Paulo', 'Zürich'];
  for (let i = 1; i <= CSV_ROWS; i++) {
    // Quoted when it must be (a comma or a quote inside), and 1 value in 10 besides.
    const quote = (value: string, k: number) => ((i + k) % 10 === 0 || /[,"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const noteText = `note ${(i * 7919) % 100000}${i % 7 === 0 ? ' said "hi"' : ''}`;
    const note = i % 1000 === 0 ? `"line one\nline two of ${i}"` : quote(noteText, 5);
    chunk +=
      [
        String(i),
        quote(`shop number ${i} of the benchmark`, 1),
        quote(cities[i % cities.length], 2),
        quote((((i * 37) % 100000) / 100).toFixed(2), 3),
        quote(`20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, 4),
        note,
      ].join(',') + '\n';
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
  return file;
}

/** A CSV through its contract against the mariadb client's LOAD DATA of the same file into the same table. */
function csvBench(): void {
  const file = prepareCsv();
  const contract = CSV_CONTRACT.contracts[0] as unknown as Parameters<typeof readCsvSource>[1];
  const { mapping } = csvMapping(contract, readCsvSource(file, contract, file).header, path.basename(file, '.csv'), file);
  const table = (database: string) =>
    sql(`DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4; USE \`${database}\`; ${createTableSql(mapping)}`);
  const loadData = () => {
    table('bench_csv_baseline');
    return clientLoad(
      'bench_csv_baseline',
      `LOAD DATA LOCAL INFILE '${file}' INTO TABLE shops CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' IGNORE 1 LINES`,
    );
  };
  /** The run with the share of its ticks in which the client, the server, both or neither was busy. */
  const busy: Record<'a' | 'b' | 'base', BusySample[]> = { a: [], b: [], base: [] };
  const sampled = (side: keyof typeof busy, run: () => Run) => {
    const { result, busy: sample } = sampleBusy(serverPid(), run);
    busy[side].push(sample);
    return result;
  };
  const a: Run[] = [];
  const b: Run[] = [];
  const base: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternating pairs: each side goes first half the time.
    if (i % 2 === 0) a.push(sampled('a', loadData));
    b.push(sampled('b', () => loadline(file, 'bench_csv_loadline', table)));
    if (BASE_CLI) base.push(sampled('base', () => loadline(file, 'bench_csv_base', table, BASE_CLI)));
    if (i % 2 === 1) a.push(sampled('a', loadData));
  }
  const busyOf = (samples: BusySample[]) =>
    `client ${spread(
      samples.map((x) => 100 * x.client),
      0,
    )}%, server ${spread(
      samples.map((x) => 100 * x.server),
      0,
    )}%, both ${spread(
      samples.map((x) => 100 * x.both),
      0,
    )}%, neither ${spread(
      samples.map((x) => 100 * x.neither),
      0,
    )}%`;
  const last = b[b.length - 1].report;
  const same = checksumOf('bench_csv_baseline.shops') === checksumOf('bench_csv_loadline.shops');
  console.log(`CSV: ${CSV_ROWS.toLocaleString('en')} rows, ${(fs.statSync(file).size / 1048576).toFixed(0)} MiB`);
  console.log(`(a) mariadb LOAD DATA LOCAL INFILE … OPTIONALLY ENCLOSED BY '"' IGNORE 1 LINES: ${describeRuns(a)}`);
  console.log(`(b) loadline ingest through the contract (${last.workers} workers): ${describeRuns(b)} (RSS target < 200)`);
  console.log(`CSV ${pairRatios(a, b)} (target >= 0.9); inserted ${last.inserted}, rejected ${last.rejected}; same table contents: ${same ? 'yes' : 'NO'}`);
  console.log(`busy (share of ${TICK_MS}-ms ticks a side ran or waited to run half of) (a): ${busyOf(busy.a)}; (b): ${busyOf(busy.b)}`);
  if (BASE_CLI) console.log(`busy (base): ${busyOf(busy.base)}`);
  if (BASE_CLI) {
    const sameBase = checksumOf('bench_csv_base.shops') === checksumOf('bench_csv_loadline.shops');
    console.log(`(base) BENCH_BASE_CLI: ${describeRuns(base)}; CSV ${pairRatios(a, base)}; same table: ${sameBase ? 'yes' : 'NO'}`);
    console.log(
      `head/base time ${spread(base.map((x, i) => x.seconds / b[i].seconds))} (base's wall / head's, > 1: head faster); user CPU head/base ${spread(b.map((x, i) => x.userS / base[i].userS))}`,
    );
    sql('DROP DATABASE bench_csv_base');
  }
  sql('DROP DATABASE bench_csv_baseline; DROP DATABASE bench_csv_loadline; DROP DATABASE IF EXISTS bench_declared; DROP DATABASE IF EXISTS bench_base');
}

/**
 * The VS Code command runs the engine in the extension host; what the host feels is the event-loop delay of
 * the thread that calls ingestFile. Measured here the same way, in this process.
 */
async function mainThreadDelay(): Promise<void> {
  freshDatabase('bench_delay');
  const db = localMariadb();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const report = await ingestFile({
    file: LOG,
    target: parseMysqlUrl(db.url.replace(/\/[^/]*$/, '/bench_delay')),
    password: db.password,
    workerScript: path.join(REPO_ROOT, 'dist', 'ingest-worker.js'),
  });
  delay.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  console.log(
    `calling thread while ${report.lines.toLocaleString('en')} lines load: event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
  );
  sql('DROP DATABASE bench_delay');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

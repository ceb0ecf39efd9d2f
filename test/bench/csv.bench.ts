// npm run bench:csv — CSV validation against raw papaparse and csv-file-validator, in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';
import { CLI, REPO_ROOT } from '../support/run';
import { BENCH_CONTRACT, TYPED_CONTRACT, writeBenchCsv, writeTypedCsv } from './csvData';
import { comparePairs, compareStartup } from './processPairs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FILE = path.join(REPO_ROOT, '.cache', 'bench', `rows-${ROWS}.csv`);
/** The typed files sit beside a .loadline.json holding TYPED_CONTRACT, so that the CLI finds it as a user's would. */
const TYPED_DIR = path.join(REPO_ROOT, '.cache', 'bench', 'typed');
const TYPED_FILE = path.join(TYPED_DIR, `typed-${ROWS}.csv`);
/** Rows of the streaming check: about 1 GiB at 92 bytes a row. */
const GIB_ROWS = Number(process.env.BENCH_GIB_ROWS ?? 11_700_000);
const GIB_FILE = path.join(TYPED_DIR, `typed-${GIB_ROWS}.csv`);
const TABLESCHEMA_ROWS = 50_000;
/** The untyped file again, beside a .loadline.json holding BENCH_CONTRACT, for the whole-process pairs. */
const UNTYPED_DIR = path.join(REPO_ROOT, '.cache', 'bench', 'untyped');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
/** Another build's CLI (e.g. the integration branch's dist/cli.js) to run in the same pairs, for before and after. */
const BASE_CLI = process.env.BENCH_BASE_CLI;

interface Sample {
  ms: number;
  rssMB: number;
}

let readMs = 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args: string[], runs = RUNS): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', path.join(__dirname, 'reportRss.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const rss = /LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr);
    if (!rss) throw new Error(`benchmark task failed: ${args.join(' ')}\n${result.stderr}`);
    const inner = /"ms":([\d.]+)/.exec(result.stdout);
    const read = /"readMs":([\d.]+)/.exec(result.stdout);
    if (read) readMs = Number(read[1]);
    samples.push({ ms: inner ? Number(inner[1]) : wallMs, rssMB: Number(rss[1]) });
  }
  return { ms: median(samples.map((s) => s.ms)), rssMB: Math.max(...samples.map((s) => s.rssMB)) };
}

/** Median time from didChange to the diagnostics of that version, over 50 edits of a 10,000-row document. */
async function lspLatency(file: string, header: string, body: (edit: number) => string): Promise<number> {
  const uri = pathToFileURL(file).href;
  const client = new LspClient({ ...TEST_SETTINGS });
  await client.initialize(pathToFileURL(REPO_ROOT).href);
  const first = client.nextDiagnostics(uri);
  await client.open(uri, header + body(-1));
  await first;
  const times: number[] = [];
  for (let v = 2; v <= 51; v++) {
    const text = header + body(v * 97);
    const published = client.nextDiagnostics(uri, (d) => d.version === v);
    const started = process.hrtime.bigint();
    await client.change(uri, text, v);
    await published;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await client.stop();
  return median(times);
}

/** `loadline validate` against a raw Papa.parse process, whole processes in alternating pairs (issue 24). */
function validatePairs(): void {
  const untyped = path.join(UNTYPED_DIR, `rows-${ROWS}.csv`);
  writeBenchCsv(untyped, ROWS);
  fs.writeFileSync(path.join(UNTYPED_DIR, '.loadline.json'), JSON.stringify({ contracts: [{ ...BENCH_CONTRACT, files: ['*.csv'] }] }, null, 2));
  fs.mkdirSync(TYPED_DIR, { recursive: true });
  fs.writeFileSync(path.join(TYPED_DIR, '.loadline.json'), JSON.stringify({ contracts: [{ ...TYPED_CONTRACT, files: ['*.csv'] }] }, null, 2));
  writeTypedCsv(TYPED_FILE, ROWS);
  const raw = path.join(__dirname, 'rawPapaparse.js');
  const clis = [{ name: 'loadline validate', cli: CLI }, ...(BASE_CLI ? [{ name: 'loadline validate (BENCH_BASE_CLI)', cli: BASE_CLI }] : [])];
  const rows = (ROWS / 1e6).toFixed(ROWS % 1e6 ? 1 : 0);
  for (const { title, file, target } of [
    { title: `Untyped contract, ${rows}M rows`, file: untyped, target: '<= 1.25x' },
    { title: `Typed contract, ${rows}M rows x 8 columns`, file: TYPED_FILE, target: '<= 1.4x' },
  ]) {
    comparePairs(
      title,
      { name: 'raw Papa.parse process', args: [raw, file] },
      clis.map(({ name, cli }) => ({ name, args: [cli, 'validate', '--format', 'json', file], target })),
      PAIRS,
    );
  }
  const small = path.join(UNTYPED_DIR, 'three-lines.csv');
  fs.writeFileSync(small, 'shop_id,shop_name,email,platinum_member,amount\n1,Shop 1,o1@example.com,true,1.5\n2,Shop 2,o2@example.com,false,2.5\n');
  compareStartup(
    'Startup, loadline validate on a 3-line file',
    [
      { name: 'node -e 0 (for reference)', args: ['-e', '0'], cwd: UNTYPED_DIR },
      ...clis.map(({ name, cli }) => ({
        name,
        args: [cli, 'validate', small],
        cwd: UNTYPED_DIR,
        target: name === 'loadline validate' ? '< 0.10 s' : undefined,
      })),
    ],
    Math.max(PAIRS, 9),
  );
}

async function main(): Promise<void> {
  validatePairs();
  // BENCH_PAIRS_ONLY=1: only the pairs above, e.g. to measure another build beside this one.
  if (process.env.BENCH_PAIRS_ONLY) return;
  console.log();
  writeBenchCsv(FILE, ROWS);
  const sizeMB = fs.statSync(FILE).size / 1048576;
  console.log(`CSV benchmark: ${ROWS.toLocaleString('en')} rows, ${sizeMB.toFixed(1)} MiB, median of ${RUNS} runs, node ${process.version}`);
  const tasks = path.join(__dirname, 'csvTasks.js');
  const a = measure([tasks, 'papaparse', FILE]);
  fs.mkdirSync(TYPED_DIR, { recursive: true });
  fs.writeFileSync(path.join(TYPED_DIR, '.loadline.json'), JSON.stringify({ contracts: [{ ...TYPED_CONTRACT, files: ['*.csv'] }] }, null, 2));
  writeTypedCsv(TYPED_FILE, ROWS);
  const typedMB = fs.statSync(TYPED_FILE).size / 1048576;
  const a2 = measure([tasks, 'papaparse-array', FILE]);
  const b = measure([tasks, 'loadline', FILE]);
  const c = measure([tasks, 'csv-file-validator', FILE]);
  const cli = measure([CLI, 'validate', '--format', 'json', FILE]);
  const row = (name: string, s: Sample, note = '') =>
    console.log(`${name.padEnd(46)} ${(s.ms / 1000).toFixed(2).padStart(7)} s ${s.rssMB.toFixed(0).padStart(6)} MB peak RSS ${note}`);
  row('(a) papaparse, raw parse (step, no checks)', a);
  row('    papaparse, parse into one array', a2, '(for reference)');
  row('(b) loadline engine, all checks', b, `b/a = ${(b.ms / a.ms).toFixed(2)}x (target <= 1.25)`);
  row('(c) csv-file-validator, same required cells', c, `c/b = ${(c.ms / b.ms).toFixed(2)}x faster (target >= 4)`);
  row('loadline validate (CLI, whole process)', cli, `(target < 200 MB; includes reading the file)`);
  console.log(`Times (a)-(c) start once the file is in memory; reading and decoding it took ${readMs.toFixed(0)} ms in each.`);
  const latency = await lspLatency(path.join(REPO_ROOT, '.cache', 'bench', 'latency.csv'), 'shop_id,shop_name,email\n', (edit) =>
    Array.from({ length: 10_000 }, (_, i) => `${i},Shop ${i},${i === edit ? '' : `o${i}@x.io`}`).join('\n'),
  );
  console.log(`LSP didChange -> publishDiagnostics, 10,000 rows, median of 50 edits, debounce 0: ${latency.toFixed(1)} ms (target < 30)`);

  console.log(`\nTyped contract (Table Schema): ${ROWS.toLocaleString('en')} rows, 8 typed columns, ${typedMB.toFixed(1)} MiB, 0.1% bad rows`);
  const ta = measure([tasks, 'papaparse', TYPED_FILE]);
  const tb = measure([tasks, 'loadline-typed', TYPED_FILE]);
  const ts = measure([tasks, 'tableschema', TYPED_FILE, String(TABLESCHEMA_ROWS)]);
  const tcli = measure([CLI, 'validate', '--format', 'json', TYPED_FILE]);
  const perRow = (ms: number, rows: number) => (ms * 1000) / rows;
  row('(a) papaparse, raw parse (step, no checks)', ta);
  row('(t) loadline engine, full typed check', tb, `t/a = ${(tb.ms / ta.ms).toFixed(2)}x (target <= 2.0)`);
  row(`(s) tableschema npm, castRow, first ${TABLESCHEMA_ROWS.toLocaleString('en')}`, ts, `${perRow(ts.ms, TABLESCHEMA_ROWS).toFixed(1)} us/row`);
  const speedup = perRow(ts.ms, TABLESCHEMA_ROWS) / perRow(tb.ms, ROWS);
  console.log(`    loadline ${perRow(tb.ms, ROWS).toFixed(2)} us/row: ${speedup.toFixed(0)}x faster per row than tableschema (target >= 100)`);
  row('loadline validate (CLI, whole process)', tcli, `${Math.round(ROWS / (tcli.ms / 1000)).toLocaleString('en')} rows/s (target > 780,000)`);
  const head = Buffer.alloc(2 << 20);
  const fd = fs.openSync(TYPED_FILE, 'r');
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const typedRows = head.toString('utf8').split('\n').slice(1, 10_001);
  const typedLatency = await lspLatency(path.join(TYPED_DIR, 'latency.csv'), 'id,amount,joined,seen_at,active,tier,code,email\n', (edit) =>
    typedRows.map((line, i) => (i === edit ? line.replace(/^\d+/, 'x') : line)).join('\n'),
  );
  console.log(`LSP didChange -> publishDiagnostics, 10,000 typed rows, median of 50 edits: ${typedLatency.toFixed(1)} ms (target < 30)`);

  writeTypedCsv(GIB_FILE, GIB_ROWS);
  const gib = fs.statSync(GIB_FILE).size;
  const streamed = measure([CLI, 'validate', '--format', 'json', GIB_FILE], 1);
  row(
    `loadline validate, ${(gib / 2 ** 30).toFixed(2)} GiB, ${(GIB_ROWS / 1e6).toFixed(1)}M rows streamed`,
    streamed,
    `${Math.round(GIB_ROWS / (streamed.ms / 1000)).toLocaleString('en')} rows/s, unique over every row (target < 300 MB)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

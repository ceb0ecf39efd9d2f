// npm run bench:csv — CSV validation against raw papaparse and csv-file-validator, in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';
import { CLI, REPO_ROOT } from '../support/run';
import { writeBenchCsv } from './csvData';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FILE = path.join(REPO_ROOT, '.cache', 'bench', `rows-${ROWS}.csv`);

interface Sample {
  ms: number;
  rssMB: number;
}

let readMs = 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args: string[]): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
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

async function lspLatency(): Promise<number> {
  const rows = 10_000;
  const uri = pathToFileURL(path.join(REPO_ROOT, '.cache', 'bench', 'latency.csv')).href;
  const header = 'shop_id,shop_name,email\n';
  const body = (edit: number) => Array.from({ length: rows }, (_, i) => `${i},Shop ${i},${i === edit ? '' : `o${i}@x.io`}`).join('\n');
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

async function main(): Promise<void> {
  writeBenchCsv(FILE, ROWS);
  const sizeMB = fs.statSync(FILE).size / 1048576;
  console.log(`CSV benchmark: ${ROWS.toLocaleString('en')} rows, ${sizeMB.toFixed(1)} MiB, median of ${RUNS} runs, node ${process.version}`);
  const tasks = path.join(__dirname, 'csvTasks.js');
  const a = measure([tasks, 'papaparse', FILE]);
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
  const latency = await lspLatency();
  console.log(`LSP didChange -> publishDiagnostics, 10,000 rows, median of 50 edits, debounce 0: ${latency.toFixed(1)} ms (target < 30)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

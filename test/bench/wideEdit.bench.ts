// node out/test/bench/wideEdit.bench.js [BASELINE_DIST [CONTENDER_DIST]] — a 100,000-column document (WIDE_COLUMNS) under a
// header-rules contract, edited EDITS times: how long each didChange waits for its diagnostics, and the server's user CPU.
// Given another build's dist/ folder, its server and this one's run in alternating pairs (the machine is shared).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LspClient, REPO, TEST_SETTINGS } from '../support/lspClient';

const PAIRS = Number(process.env.WIDE_PAIRS ?? 3);
const COLUMNS = Number(process.env.WIDE_COLUMNS ?? 100_000);
const EDITS = Number(process.env.WIDE_EDITS ?? 6);
const labels = Array.from({ length: COLUMNS }, (_, i) => `col_${i}`);
/** A row whose first `bad` cells are not integers: each edit's diagnostics differ, so each is the edit's own. */
const textWith = (bad: number) => `${labels.join(',')}\n${labels.map((_, i) => (i < bad ? 'x' : String(i))).join(',')}\n`;

interface Run {
  openMs: number;
  editMs: number[];
  failed: number;
  serverUserMs: number;
}

const ticks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) * 1000) / 100;
};

async function edits(dist: string): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-wide-bench-'));
  const config = { contracts: [{ files: ['*.csv'], headers: Object.fromEntries(labels.map((name) => [name, { type: 'integer', required: true }])) }] };
  fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const client = new LspClient(
    { ...TEST_SETTINGS },
    {
      transport: {
        reader: new StreamMessageReader(child.stdout),
        writer: new StreamMessageWriter(child.stdin),
        close: () => Promise.resolve(void child.kill()),
      },
    },
  );
  await client.initialize(pathToFileURL(dir).href);
  const uri = pathToFileURL(path.join(dir, 'wide.csv')).href;
  let started = performance.now();
  const opened = client.nextDiagnostics(uri, () => true, 300_000);
  await client.open(uri, textWith(1));
  await opened;
  const openMs = performance.now() - started;
  const editMs: number[] = [];
  let failed = 0;
  for (let version = 2; version <= EDITS + 1; version++) {
    const published = client.nextDiagnostics(uri, (d) => d.version === version, 300_000);
    started = performance.now();
    await client.change(uri, textWith(version), version);
    const { diagnostics } = await published;
    editMs.push(performance.now() - started);
    if (diagnostics.some((d) => d.code === 'check-failed')) failed++;
  }
  const serverUserMs = ticks(child.pid!);
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { openMs, editMs, failed, serverUserMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

async function main(): Promise<void> {
  const builds = [{ name: process.argv[3] ?? 'this build', dist: path.resolve(process.argv[3] ?? path.join(REPO, 'dist')) }];
  if (process.argv[2]) builds.unshift({ name: `baseline ${process.argv[2]}`, dist: path.resolve(process.argv[2]) });
  const runs = builds.map(() => [] as Run[]);
  for (let p = 0; p < PAIRS; p++)
    for (const [i, build] of builds.entries()) {
      const run = await edits(build.dist);
      runs[i].push(run);
      console.log(
        `  ${build.name}: open ${run.openMs.toFixed(0)} ms; edits median ${median(run.editMs).toFixed(0)} ms, max ${Math.max(...run.editMs).toFixed(0)} ms; ` +
          `${run.failed} check-failed; server user CPU ${(run.serverUserMs / 1000).toFixed(1)} s`,
      );
    }
  console.log(
    `${COLUMNS} columns, ${EDITS} whole-text edits: ${PAIRS} alternating runs each, median (min–max) over runs, ms (load ${os.loadavg()[0].toFixed(1)})`,
  );
  for (const [i, build] of builds.entries())
    console.log(
      `  ${build.name.padEnd(30)} didChange→diagnostics median ${summary(runs[i].map((r) => median(r.editMs)))}, max ${summary(runs[i].map((r) => Math.max(...r.editMs)))}, ` +
        `open ${summary(runs[i].map((r) => r.openMs))}, check-failed ${runs[i].reduce((n, r) => n + r.failed, 0)}, server user CPU ${summary(runs[i].map((r) => r.serverUserMs))}`,
    );
}

void main();

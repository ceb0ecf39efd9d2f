// node out/test/bench/editStorm.bench.js [BASELINE_DIST [CONTENDER_DIST]] — four 4 MB documents (STORM_BIG) whose contract makes their
// check take seconds each get an edit every 25 ms for 6 s, while a small document is edited every 400 ms: how long each small
// edit waits for its diagnostics, and how long after the storm the big ones get their own. Given another build's
// dist/ folder, its server and this one's run in alternating pairs (the machine is shared), with medians and spreads.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LspClient, REPO, TEST_SETTINGS } from '../support/lspClient';
import { randomAb, SLOW_PATTERN } from '../support/slowPattern';

const PAIRS = Number(process.env.STORM_PAIRS ?? 3);
const STORM_MS = 6000;
const BIG_EDIT_MS = 25;
const SMALL_EDIT_MS = 400;
const ROWS = 4000;
/** How many 4 MB documents the storm edits, in turn. */
const BIG = Number(process.env.STORM_BIG ?? 4);
const ROW = 1000;

interface Run {
  smallMs: number[];
  bigAfterMs: number;
  wallMs: number;
  serverUserMs: number;
}

const ticks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) * 1000) / 100;
};

async function storm(dist: string): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-storm-bench-'));
  const config = {
    contracts: [
      { files: ['big/*.csv'], headers: { v: { constraints: { pattern: SLOW_PATTERN } } } },
      { files: ['fast/*.csv'], headers: { n: { type: 'integer' } } },
    ],
  };
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
  const started = performance.now();
  await client.initialize(pathToFileURL(dir).href);
  const uri = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  const bigs = Array.from({ length: BIG }, (_, i) => uri(`big/big${i}.csv`));
  const small = uri('fast/small.csv');
  const ab = randomAb(ROWS * ROW);
  const text = `v\n${Array.from({ length: ROWS }, (_, i) => ab.slice(i * ROW, (i + 1) * ROW)).join('\n')}\n`;
  const opened = [small, ...bigs].map((u) => client.nextDiagnostics(u, () => true, 120_000));
  await client.open(small, 'n\n1\nx\n');
  for (const big of bigs) await client.open(big, text);
  await Promise.all(opened);
  // A version of the small document superseded before its check ended is never published: the next one answers for it.
  const sentAt = new Map<number, number>();
  const smallMs: number[] = [];
  let smallVersion = 1;
  /** The last version sent, once the storm is over. */
  let finalSmall = Infinity;
  const watched = (async () => {
    for (let answered = 1; answered < finalSmall;) {
      const { version = 0 } = await client.nextDiagnostics(small, () => true, 120_000);
      for (const [sent, at] of sentAt) {
        if (sent > version) continue;
        smallMs.push(performance.now() - at);
        sentAt.delete(sent);
      }
      answered = Math.max(answered, version);
    }
  })();
  const editSmall = async () => {
    const version = ++smallVersion;
    sentAt.set(version, performance.now());
    await client.edit(small, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'y', version);
  };
  let bigVersion = 1;
  const stormStart = performance.now();
  let nextSmall = stormStart;
  while (performance.now() - stormStart < STORM_MS) {
    bigVersion++;
    for (const big of bigs) await client.edit(big, { start: { line: bigVersion, character: 3 }, end: { line: bigVersion, character: 3 } }, 'a', bigVersion);
    if (performance.now() >= nextSmall) {
      nextSmall += SMALL_EDIT_MS;
      await editSmall();
    }
    await new Promise((resolve) => setTimeout(resolve, BIG_EDIT_MS));
  }
  const stormEnd = performance.now();
  finalSmall = smallVersion + 1;
  await editSmall();
  const last = bigVersion;
  await Promise.all(bigs.map((big) => client.nextDiagnostics(big, (d) => d.version === last, 120_000)));
  const bigAfterMs = performance.now() - stormEnd;
  await watched;
  const serverUserMs = ticks(child.pid!);
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { smallMs, bigAfterMs, wallMs: performance.now() - started, serverUserMs };
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
      const run = await storm(build.dist);
      runs[i].push(run);
      console.log(
        `  ${build.name}: small edits ${run.smallMs.length}, median ${median(run.smallMs).toFixed(0)} ms, max ${Math.max(...run.smallMs).toFixed(0)} ms; ` +
          `big ${run.bigAfterMs.toFixed(0)} ms after the storm; server user CPU ${(run.serverUserMs / 1000).toFixed(1)} s`,
      );
    }
  console.log(`edit storm on ${BIG} 4 MB documents: ${PAIRS} alternating runs each, median (min–max) over runs, ms (load ${os.loadavg()[0].toFixed(1)})`);
  for (const [i, build] of builds.entries())
    console.log(
      `  ${build.name.padEnd(30)} small median ${summary(runs[i].map((r) => median(r.smallMs)))}, small max ${summary(runs[i].map((r) => Math.max(...r.smallMs)))}, ` +
        `big after storm ${summary(runs[i].map((r) => r.bigAfterMs))}, wall ${summary(runs[i].map((r) => r.wallMs))}, server user CPU ${summary(runs[i].map((r) => r.serverUserMs))}`,
    );
}

void main();

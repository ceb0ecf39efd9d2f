// npm run bench (and npm run bench:csv) — `loadline validate` of a 1,000,000-line JSON-lines log against
// `loadline ingest --dry-run` of it (issue 25: validate at least as fast), in alternating pairs, then each once
// more for its peak RSS. The log (the chat log, 1% bad lines, its mapping declared in a .loadline.json) is written
// to a temporary folder and deleted after. BENCH_GIB_LOG=1 instead validates one log of 1 GiB, once, for its wall
// time, lines per second and peak RSS (issue 25: under 300 MB).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHAT_DECLARATION } from '../../shared/src/mapping/chatMapping';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { CLI } from '../support/run';
import { comparePairs } from './processPairs';

const LINES = Number(process.env.BENCH_LOG_LINES ?? 1_000_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const GIB = 2 ** 30;
const RSS_TARGET_MB = 300;

/** Peak RSS of one process, as reportRss prints it, and its wall time. */
function measured(args: string[], cwd: string): { rssMB: number; wallMs: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', path.join(__dirname, 'reportRss.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = /LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr);
  if (!rss) throw new Error(`benchmark process failed: ${args.join(' ')}\n${result.stderr}`);
  return { rssMB: Number(rss[1]), wallMs };
}

const peakRssMB = (args: string[], cwd: string) => measured(args, cwd).rssMB;

/** The chat log's lines that make 1 GiB, from the size of a sample of the same seed. */
function linesForOneGib(dir: string): number {
  const sample = path.join(dir, 'sample.jsonl');
  writeChatLogFile(sample, { lines: 10_000, seed: 25, badRate: 0.01 });
  const bytesPerLine = fs.statSync(sample).size / 10_000;
  fs.rmSync(sample);
  return Math.ceil(GIB / bytesPerLine);
}

/** `loadline validate` of a 1 GiB log, once: streamed, it must stay under RSS_TARGET_MB whatever the log's size. */
function oneGib(dir: string): void {
  const lines = linesForOneGib(dir);
  const log = path.join(dir, 'chat-1gib.jsonl');
  writeChatLogFile(log, { lines, seed: 25, badRate: 0.01 });
  const gib = fs.statSync(log).size / GIB;
  const load = os.loadavg()[0].toFixed(1);
  const { rssMB, wallMs } = measured([CLI, 'validate', '--format', 'json', log], dir);
  console.log(`\nLog validate: ${lines.toLocaleString('en')} chat lines, ${gib.toFixed(2)} GiB, ${os.availableParallelism()} cores, load ${load}`);
  console.log(
    `  wall ${(wallMs / 1000).toFixed(1)} s, ${Math.round(lines / (wallMs / 1000)).toLocaleString('en')} lines/s, peak RSS ${rssMB.toFixed(0)} MB (target < ${RSS_TARGET_MB})`,
  );
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-log-bench-'));
  try {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [{ ...CHAT_DECLARATION, files: ['*.jsonl'] }] }));
    if (process.env.BENCH_GIB_LOG === '1') return oneGib(dir);
    const log = path.join(dir, `chat-${LINES}.jsonl`);
    writeChatLogFile(log, { lines: LINES, seed: 25, badRate: 0.01 });
    const rejects = path.join(dir, 'rejects.jsonl');
    // The dry run will not replace its rejects file: each run removes it first (a node -e step, in the same process).
    const dryRun = ['-e', `require('fs').rmSync(${JSON.stringify(rejects)},{force:true});process.argv.splice(1,0,'x');require(${JSON.stringify(CLI)})`];
    const dryRunArgs = [...dryRun, 'ingest', '--dry-run', log, '--rejects', rejects];
    const validateArgs = [CLI, 'validate', '--format', 'json', log];
    const mib = fs.statSync(log).size / 2 ** 20;
    console.log(
      `\nLog validate: ${LINES.toLocaleString('en')} chat lines, ${mib.toFixed(1)} MiB, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );
    comparePairs(
      'validate vs ingest --dry-run',
      { name: 'ingest --dry-run', args: dryRunArgs },
      [{ name: 'validate', args: validateArgs, target: '<= 1.00x' }],
      PAIRS,
    );
    console.log(`  peak RSS: ingest --dry-run ${peakRssMB(dryRunArgs, dir).toFixed(0)} MB, validate ${peakRssMB(validateArgs, dir).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();

// npm run bench:csv (and npm run bench) — `loadline validate` on every core: --workers 1 against --workers 2 on the
// typed 1M-row file in alternating pairs, then a 1 GiB typed file (wall, rows/s, peak RSS). The files are written
// to a temporary folder and deleted after.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/run';
import { TYPED_CONTRACT, writeTypedCsv } from './csvData';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
/** About 1 GiB at 92 bytes a row. */
const GIB_ROWS = Number(process.env.BENCH_GIB_ROWS ?? 11_700_000);

interface Run {
  wallS: number;
  userS: number;
  rssMB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;

/** One whole `loadline validate` process: wall time, and its user CPU and peak RSS (all threads) as it reports them. */
function run(usage: string, file: string, workers?: number): Run {
  const started = process.hrtime.bigint();
  const args = ['--require', usage, CLI, 'validate', '--format', 'json', ...(workers ? ['--workers', String(workers)] : []), file];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const reported = /LOADLINE_USAGE user=([\d.]+) rss=([\d.]+)/.exec(result.stderr);
  if (!reported || result.status !== 1) throw new Error(`validate failed (exit ${result.status}): ${result.stderr}`);
  return { wallS, userS: Number(reported[1]), rssMB: Number(reported[2]) };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-parallel-bench-'));
  try {
    const usage = path.join(dir, 'usage.js');
    fs.writeFileSync(
      usage,
      "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nLOADLINE_USAGE user=${u.userCPUTime / 1e6} rss=${u.maxRSS / 1024}\\n`); });\n",
    );
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ ...TYPED_CONTRACT, files: ['*.csv'] }] }));
    const typed = path.join(dir, `typed-${ROWS}.csv`);
    writeTypedCsv(typed, ROWS);
    const mib = fs.statSync(typed).size / 2 ** 20;
    console.log(
      `\nParallel validate: typed ${ROWS.toLocaleString('en')} rows x 8 columns, ${mib.toFixed(1)} MiB, ${PAIRS} alternating pairs, ` +
        `${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );
    const one: Run[] = [];
    const two: Run[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternating which goes first: a burst of load from the other sessions falls on both.
      const pair = i % 2 === 0 ? [run(usage, typed, 1), run(usage, typed, 2)] : [run(usage, typed, 2), run(usage, typed, 1)].reverse();
      one.push(pair[0]);
      two.push(pair[1]);
    }
    const line = (name: string, runs: Run[]) => {
      const rates = runs.map((r) => ROWS / r.wallS);
      console.log(
        `${name.padEnd(24)} ${Math.round(median(rates)).toLocaleString('en').padStart(9)} rows/s (spread ${spread(
          rates.map((r) => r / 1000),
          0,
        )}k)` +
          `  wall ${median(runs.map((r) => r.wallS)).toFixed(2)} s  user CPU ${median(runs.map((r) => r.userS)).toFixed(2)} s` +
          ` (spread ${spread(
            runs.map((r) => r.userS),
            2,
          )})  peak RSS ${Math.max(...runs.map((r) => r.rssMB)).toFixed(0)} MB`,
      );
    };
    line('validate --workers 1', one);
    line('validate --workers 2', two);
    const speedups = one.map((r, i) => r.wallS / two[i].wallS);
    console.log(`speed-up, wall time of 1 worker / 2 workers per pair: median ${median(speedups).toFixed(2)}x (spread ${spread(speedups, 2)})`);
    fs.rmSync(typed);

    const gibFile = path.join(dir, `typed-${GIB_ROWS}.csv`);
    writeTypedCsv(gibFile, GIB_ROWS);
    const gib = fs.statSync(gibFile).size / 2 ** 30;
    const big = run(usage, gibFile);
    console.log(
      `validate, ${gib.toFixed(2)} GiB typed, ${(GIB_ROWS / 1e6).toFixed(1)}M rows, default workers: wall ${big.wallS.toFixed(1)} s, ` +
        `${Math.round(GIB_ROWS / big.wallS).toLocaleString('en')} rows/s, user CPU ${big.userS.toFixed(1)} s, peak RSS ${big.rssMB.toFixed(0)} MB (target < 300 MB)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();

// Whole processes compared in alternating pairs, as the shared machine needs: a baseline process, then each
// contender, repeated; medians and spreads of each contender's ratio to the baseline of its own pair.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProcessCost {
  wallMs: number;
  userMs: number;
  /** The process's peak resident set. */
  rssMb: number;
}

/** Runs one process with reportRss preloaded: its wall time and user CPU (every thread). */
export function runProcess(args: string[], cwd?: string): ProcessCost {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', path.join(__dirname, 'reportRss.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const user = /LOADLINE_USER_MS=([\d.]+)/.exec(result.stderr);
  if (!user) throw new Error(`benchmark process failed: ${args.join(' ')}\n${result.stderr}`);
  return { wallMs, userMs: Number(user[1]), rssMb: Number(/LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr)?.[1]) };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[], digits = 2) => `${sorted(xs)[0].toFixed(digits)}-${sorted(xs)[xs.length - 1].toFixed(digits)}`;

/**
 * `pairs` rounds of the baseline then each contender, in turn; prints per contender the median and the range
 * (min-max) of its wall and user-CPU ratios to the baseline, and the medians of both. Returns each contender's
 * median wall time, in milliseconds.
 */
export function comparePairs(
  title: string,
  baseline: { name: string; args: string[] },
  contenders: { name: string; args: string[]; target?: string }[],
  pairs: number,
): number[] {
  const base: ProcessCost[] = [];
  const runs = contenders.map(() => [] as ProcessCost[]);
  const loadBefore = os.loadavg()[0];
  for (let p = 0; p < pairs; p++) {
    base.push(runProcess(baseline.args));
    contenders.forEach((c, i) => runs[i].push(runProcess(c.args)));
  }
  const ms = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s`;
  // The machine is shared: a figure means little without the load it was taken under.
  console.log(`${title}: ${pairs} alternating pairs, median (min-max), load average ${loadBefore.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}`);
  const rss = (xs: ProcessCost[]) => `peak RSS ${Math.max(...xs.map((x) => x.rssMb)).toFixed(0)} MB`;
  console.log(`  ${baseline.name.padEnd(40)} wall ${ms(base.map((b) => b.wallMs))}, user CPU ${ms(base.map((b) => b.userMs))}, ${rss(base)}`);
  contenders.forEach((c, i) => {
    const wall = runs[i].map((r, p) => r.wallMs / base[p].wallMs);
    const user = runs[i].map((r, p) => r.userMs / base[p].userMs);
    console.log(
      `  ${c.name.padEnd(40)} wall ${ms(runs[i].map((r) => r.wallMs))}, user CPU ${ms(runs[i].map((r) => r.userMs))}; ` +
        `ratio wall ${median(wall).toFixed(2)}x (${spread(wall)}), user ${median(user).toFixed(2)}x (${spread(user)})${c.target ? ` (target ${c.target})` : ''}, ${rss(runs[i])}`,
    );
  });
  return runs.map((r) => median(r.map((x) => x.wallMs)));
}

/** The user CPU of `pairs` runs of each command in turn: median and range, in seconds. */
export function compareStartup(title: string, commands: { name: string; args: string[]; cwd: string; target?: string }[], pairs: number): void {
  const runs = commands.map(() => [] as number[]);
  for (let p = 0; p < pairs; p++) commands.forEach((c, i) => runs[i].push(runProcess(c.args, c.cwd).userMs / 1000));
  console.log(`${title}: ${pairs} alternating runs, user CPU median (min-max)`);
  commands.forEach((c, i) =>
    console.log(`  ${c.name.padEnd(40)} ${median(runs[i]).toFixed(3)} s (${spread(runs[i], 3)})${c.target ? ` (target ${c.target})` : ''}`),
  );
}

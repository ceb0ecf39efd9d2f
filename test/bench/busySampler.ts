// How busy the client and the server are during one run of the ingest bench, from /proc: which side works while
// the other waits. Run as its own process (the bench's spawnSync blocks its event loop), it samples every TICK_MS
// what the bench's other children and their descendants (the client) and mysqld (the server) wanted of the CPU.
//   node busySampler.js BENCH_PID MYSQLD_PID OUT_FILE: writes OUT_FILE.ready once sampling, OUT_FILE on SIGTERM.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TICK_MS = 10;
/** A side is busy in a tick when it ran or waited to run for at least half of it (on one core or more). */
const BUSY_SHARE = 0.5;

/**
 * Nanoseconds a process's threads ran or waited to run (schedstat's first two fields: on the CPU, and runnable in
 * the run queue): what it wanted of the CPU, which on a shared machine is not all it got. A side that wants no CPU
 * waits for the other side or for I/O.
 */
function wantedNs(pid: number): number {
  let total = 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0; // gone
  }
  for (const task of tasks) {
    try {
      const [running, waiting] = fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ');
      total += Number(running) + Number(waiting);
    } catch {
      // a thread that just ended
    }
  }
  return total;
}

/** The process's children, grandchildren and so on. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    let children: number[] = [];
    try {
      children = fs.readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      // gone
    }
    for (const child of children.filter((c) => c !== process.pid)) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** The summary BusyShares reads back: per side, the share of the run's ticks in which it was busy. */
export interface BusySample {
  ticks: number;
  client: number;
  server: number;
  both: number;
  neither: number;
}

function main(): void {
  const [benchPid, serverPid] = process.argv.slice(2, 4).map(Number);
  const out = process.argv[4];
  /** CPU each client process had used at its last tick: a process that ends leaves the sum with what it had. */
  const clientSeen = new Map<number, number>();
  let server = wantedNs(serverPid);
  let started = false;
  const counts = { ticks: 0, client: 0, server: 0, both: 0, neither: 0 };
  let last = process.hrtime.bigint();
  const tick = () => {
    const now = process.hrtime.bigint();
    const tickNs = Number(now - last);
    last = now;
    let clientWanted = 0;
    for (const pid of descendants(benchPid)) {
      const used = wantedNs(pid);
      // A process first seen started during the run: the sampler is ready before the bench spawns it.
      clientWanted += used - (clientSeen.get(pid) ?? 0);
      clientSeen.set(pid, used);
    }
    const serverNow = wantedNs(serverPid);
    const serverWanted = serverNow - server;
    server = serverNow;
    started ||= clientSeen.size > 0;
    if (!started) return;
    const c = clientWanted >= BUSY_SHARE * tickNs;
    const s = serverWanted >= BUSY_SHARE * tickNs;
    counts.ticks++;
    if (c) counts.client++;
    if (s) counts.server++;
    if (c && s) counts.both++;
    if (!c && !s) counts.neither++;
  };
  const timer = setInterval(tick, TICK_MS);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    const share = (n: number) => n / Math.max(1, counts.ticks);
    const sample: BusySample = {
      ticks: counts.ticks,
      client: share(counts.client),
      server: share(counts.server),
      both: share(counts.both),
      neither: share(counts.neither),
    };
    fs.writeFileSync(out, JSON.stringify(sample));
    process.exit(0);
  });
  fs.writeFileSync(`${out}.ready`, '');
}

/** Waits, blocking (the bench runs its sides with spawnSync), until `file` exists. */
function waitForFile(file: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !fs.existsSync(file); waited += 5) {
    if (waited > 10_000) throw new Error(`the busy sampler did not write ${file}`);
    Atomics.wait(pause, 0, 0, 5);
  }
}

/** `run` (which spawns the client with spawnSync) while a sampler watches this process's children and mysqld. */
export function sampleBusy<T>(serverPid: number, run: () => T): { result: T; busy: BusySample } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'busy-')), 'sample.json');
  const sampler = spawn(process.execPath, [__filename, String(process.pid), String(serverPid), out], { stdio: 'ignore' });
  try {
    waitForFile(`${out}.ready`);
    const result = run();
    sampler.kill('SIGTERM');
    waitForFile(out);
    return { result, busy: JSON.parse(fs.readFileSync(out, 'utf8')) as BusySample };
  } finally {
    sampler.kill('SIGKILL');
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

if (require.main === module) main();

import { ChildProcess, spawn, SpawnOptions, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** Copies the `loadline` bin into `folder` with the bundle it runs and its code cache (cli/src/cachedStart.ts), and nothing else of dist/. */
export function copyCliAlone(folder: string): string {
  for (const file of ['cli.js', 'cli-main.js', 'cli-main.js.cache']) fs.copyFileSync(path.join(path.dirname(CLI), file), path.join(folder, file));
  return path.join(folder, 'cli.js');
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `loadline` CLI and captures everything it printed. */
export function runCli(args: string[], options: SpawnSyncOptions = {}): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The built `loadline` CLI as a child process, for a test that acts on it while it runs. */
export function startCli(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], options);
}

/** Sends `signal` to a running child; resolves when it has ended, with how, and the milliseconds that took. */
export async function endBySignal(
  child: ChildProcess,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; received: NodeJS.Signals | null; waited: number }> {
  const exited = once(child, 'exit');
  const sent = performance.now();
  child.kill(signal);
  const [code, received] = (await exited) as [number | null, NodeJS.Signals | null];
  return { code, received, waited: performance.now() - sent };
}

/** The ingest worker compiled by tsc: in-process ingests run it from out/, as entry points under out/ would. */
export const COMPILED_INGEST_WORKER = path.join(REPO_ROOT, 'out', 'shared', 'src', 'ingest', 'run', 'rangeWorker.js');

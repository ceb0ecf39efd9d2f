import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

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

/** The ingest worker compiled by tsc: in-process ingests run it from out/, as entry points under out/ would. */
export const COMPILED_INGEST_WORKER = path.join(REPO_ROOT, 'out', 'shared', 'src', 'ingest', 'run', 'rangeWorker.js');

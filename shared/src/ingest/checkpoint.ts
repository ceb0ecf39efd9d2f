import * as fs from 'fs';
import { LineCounts } from './report';
import { IngestError } from './target';

/**
 * The plan of an interrupted run and what it committed. The database's ledger table is the truth for
 * "committed" (it commits with the rows); this file carries the plan and lets people see where a run stands.
 */
export interface Checkpoint {
  version: 1;
  runKey: string;
  file: string;
  size: number;
  mtimeMs: number;
  target: string;
  table: string;
  ranges: [number, number][];
  committed: Record<number, LineCounts>;
  rejectsFile: string;
  /** Ranges [0, rejectsPrefix) have their rejects in the file, which is then rejectsBytes long. */
  rejectsPrefix: number;
  rejectsBytes: number;
}

export const defaultCheckpointPath = (file: string) => `${file}.loadline-checkpoint.json`;

export function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const checkpoint = JSON.parse(text) as Checkpoint;
    if (checkpoint.version !== 1 || !Array.isArray(checkpoint.ranges)) throw new Error('unknown format');
    return checkpoint;
  } catch (error) {
    throw new IngestError(`the checkpoint ${path} is unreadable (${(error as Error).message}); delete it and run without --resume`, 'checkpoint');
  }
}

/** Written to a temporary file and renamed, so a kill never leaves half a checkpoint. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(checkpoint, null, 1));
  fs.renameSync(temporary, path);
}

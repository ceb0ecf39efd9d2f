import * as fs from 'fs';
import { defaultCheckpointPath, defaultRejectsPath, readCheckpoint } from './checkpoint';
import { IngestError } from '../ingestError';
import { lockOutput } from './outputLock';
import { canonicalPath, checkRejectsPath, outputMode } from './outputFile';
import { checkOutputPaths } from '../run/startRun';
import { sameFile } from './sameFile';
import { MysqlTarget, targetIdentity } from '../load/connect/target';

/** The checkpoint and rejects files of a run, checked and locked before anything reads or writes them. */
export interface RunOutputs {
  checkpointFile: string;
  rejectsFile: string;
  /** Their permission bits: the input's, or fewer. */
  mode: number;
  unlock: () => Promise<void>;
}

/**
 * Locks the checkpoint, then the rejects file: the one an interrupted run recorded when resuming it, else the
 * one asked for or the default. Refuses outputs that are the input (by real path or inode), folders, symlinks,
 * and files that are not Loadline's.
 */
export async function lockRunOutputs(
  file: string,
  input: fs.Stats,
  run: { target: MysqlTarget; table: string; checkpointFile?: string; rejectsFile?: string; resume: boolean },
  onLost: (error: IngestError) => void,
): Promise<RunOutputs> {
  const checkpointFile = canonicalPath(run.checkpointFile ?? defaultCheckpointPath(file, run.target, run.table));
  // Before anything reads or locks them: a checkpoint path that is the log would be read as a checkpoint.
  checkOutputPaths(file, { checkpoint: checkpointFile, ...(run.rejectsFile ? { rejects: run.rejectsFile } : {}) });
  const unlockCheckpoint = await lockOutput(checkpointFile, 'checkpoint', onLost);
  try {
    const checkpoint = readCheckpoint(checkpointFile);
    // Only a checkpoint of this input, target and table makes its rejects file this load's own.
    const ours = checkpoint && sameFile(checkpoint.file, file) && checkpoint.target === targetIdentity(run.target) && checkpoint.table === run.table;
    const recorded = ours ? checkpoint.rejectsFile : undefined;
    const rejectsFile = canonicalPath(run.rejectsFile ?? (run.resume ? recorded : undefined) ?? defaultRejectsPath(file, run.target, run.table));
    checkOutputPaths(file, { checkpoint: checkpointFile, rejects: rejectsFile });
    checkRejectsPath(rejectsFile, {
      recorded: recorded && canonicalPath(recorded),
      recordedId: ours ? checkpoint.rejectsId : undefined,
      asked: run.rejectsFile !== undefined,
    });
    const unlockRejects = await lockOutput(rejectsFile, 'rejects', onLost);
    const unlock = async () => {
      await unlockRejects().catch(() => undefined);
      await unlockCheckpoint().catch(() => undefined);
    };
    return { checkpointFile, rejectsFile, mode: outputMode(input), unlock };
  } catch (error) {
    await unlockCheckpoint().catch(() => undefined);
    throw error;
  }
}

import * as fs from 'fs';
import * as path from 'path';
import lockfile from 'proper-lockfile';
import { IngestError } from '../ingestError';

/** A lock younger than this is held; an older one was left by a killed run and is taken over. */
const STALE_MS = 4000;

/**
 * An exclusive lock on an output file (the checkpoint, the rejects), so that two runs never write one file.
 * proper-lockfile keeps the lock fresh while this run lives; after a kill -9 it goes stale and the next run
 * (a --resume) takes it over once it has waited out STALE_MS.
 */
export async function lockOutput(file: string, what: string, onLost: (error: IngestError) => void): Promise<() => Promise<void>> {
  // Before locking: the lock's retries would wait seconds for a folder that will not come.
  if (!fs.existsSync(path.dirname(file)))
    throw new IngestError('usage', `the folder ${path.dirname(file)} of the ${what} file ${file} does not exist`, { file, reason: 'no-folder', output: what });
  try {
    return await lockfile.lock(file, {
      realpath: false,
      // The lock is a folder: made 0700, not 0777 less the umask, so that it shows nothing of a private input to others.
      fs: { ...fs, mkdir: (folder: string, done: (error: NodeJS.ErrnoException | null) => void) => fs.mkdir(folder, 0o700, done) },
      stale: STALE_MS,
      update: STALE_MS / 2,
      retries: { retries: 6, minTimeout: STALE_MS / 4, maxTimeout: STALE_MS / 4 },
      onCompromised: (error) =>
        onLost(new IngestError('output', `the lock on the ${what} file ${file} was lost (${error.message})`, { file, reason: 'lock-lost' })),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOCKED') throw new IngestError('output', `another loadline ingest is writing the ${what} file ${file}`, { file, reason: 'locked' });
    throw new IngestError('output', `cannot lock the ${what} file ${file} (${code ?? (error as Error).message})`, { file, reason: 'unwritable' });
  }
}

import * as fs from 'fs';
import { IngestError } from '../ingestError';
import { Checkpoint } from './checkpoint';
import { appendOutput, identifyOutput, identityOf, replaceOutput, truncateOutput } from './outputFile';

/** The journal's file operations, injected so that a unit test can crash one half-way. */
export interface JournalIo {
  /** With `id`, only into the file that has that identity still (see identify). */
  append(file: string, text: string, id?: string): void;
  /** Cuts the file to `bytes` (never removes it). Never called with more bytes than the file has. */
  truncate(file: string, bytes: number): void;
  /** The file's size, 0 when it does not exist. */
  size(file: string): number;
  /** The file's identity (see identify) as it stands at the path now, undefined when there is none. */
  identityAt(file: string): string | undefined;
  saveCheckpoint(checkpoint: Checkpoint): void;
  /**
   * Creates the file exclusively and returns its device, inode and birth time; a file already there must have
   * the `expected` identity (undefined: any; null: none is expected).
   */
  identify(file: string, expected: string | null | undefined): string;
}

/**
 * The journal's I/O on the real files, created with `mode` (the input's bits or fewer) and never through a
 * symlink (the checkpoint is written whole and renamed, so a kill never leaves half of one); a failed write
 * (unwritable, disk full) becomes an 'output' IngestError.
 */
export function fileJournalIo(checkpointFile: string, mode: number): JournalIo {
  return {
    append: (file, text, id) =>
      writing('rejects', file, () => {
        if (!appendOutput(file, text, mode, id)) throw replacedSince(file);
      }),
    truncate: (file, bytes) => writing('rejects', file, () => truncateOutput(file, bytes)),
    size: (file) => {
      try {
        return fs.lstatSync(file).size;
      } catch {
        return 0;
      }
    },
    identityAt: (file) => {
      try {
        return identityOf(file);
      } catch {
        return undefined;
      }
    },
    identify: (file, expected) => {
      let id: string | undefined;
      writing('rejects', file, () => (id = identifyOutput(file, mode, expected)));
      if (id === undefined) throw replacedSince(file);
      return id;
    },
    saveCheckpoint: (checkpoint) => writing('checkpoint', checkpointFile, () => replaceOutput(checkpointFile, JSON.stringify(checkpoint, null, 1), mode)),
  };
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ELOOP: 'it is a symlink, which Loadline does not follow',
  ENOENT: 'it or its folder was removed during the run',
};

/** Another file put at the rejects path during the run: it is left as it is, and the run stops (exit 1). */
export const replacedSince = (file: string) =>
  new IngestError('output', `the rejects file ${file} was replaced by another file during this run, which Loadline left untouched`, {
    file,
    reason: 'rejects-changed',
  });

function writing(what: string, file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof IngestError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = WRITE_FAILURES[code] ?? code ?? (error as Error).message;
    throw new IngestError('output', `cannot write the ${what} file ${file}: ${reason}`, { file, what, reason: code });
  }
}

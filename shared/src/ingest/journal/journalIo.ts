import * as fs from 'fs';
import { IngestError } from '../ingestError';
import { Checkpoint } from './checkpoint';
import { appendOutput, identifyOutput, replaceOutput, truncateOutput } from './outputFile';

/** The journal's file operations, injected so that a unit test can crash one half-way. */
export interface JournalIo {
  append(file: string, text: string): void;
  /** Cuts the file to `bytes` (never removes it). Never called with more bytes than the file has. */
  truncate(file: string, bytes: number): void;
  /** The file's size, 0 when it does not exist. */
  size(file: string): number;
  saveCheckpoint(checkpoint: Checkpoint): void;
  /** Creates the file if it is missing, and returns its device, inode and birth time. */
  identify(file: string): string;
}

/**
 * The journal's I/O on the real files, created with `mode` (the input's bits or fewer) and never through a
 * symlink (the checkpoint is written whole and renamed, so a kill never leaves half of one); a failed write
 * (unwritable, disk full) becomes an 'output' IngestError.
 */
export function fileJournalIo(checkpointFile: string, mode: number): JournalIo {
  return {
    append: (file, text) => writing('rejects', file, () => appendOutput(file, text, mode)),
    truncate: (file, bytes) => writing('rejects', file, () => truncateOutput(file, bytes)),
    size: (file) => {
      try {
        return fs.lstatSync(file).size;
      } catch {
        return 0;
      }
    },
    identify: (file) => {
      let id = '';
      writing('rejects', file, () => (id = identifyOutput(file, mode)));
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
};

function writing(what: string, file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = WRITE_FAILURES[code] ?? code ?? (error as Error).message;
    throw new IngestError('output', `cannot write the ${what} file ${file}: ${reason}`, { file, what, reason: code });
  }
}

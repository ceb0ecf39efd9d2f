import { createHash } from 'crypto';
import * as fs from 'fs';
import { CsvSource } from './csvSource';
import { IngestError } from './ingestError';
import { IngestMapping } from './mapping';
import { ByteRange } from './planChunks';
import { LineCounts } from './report';
import { JournalIo } from './runJournal';
import { MysqlTarget, targetIdentity } from './target';

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
  /** See RunIdentity; absent in checkpoints written before it was kept. */
  mapping?: string;
  /** [start, end) of each range, and for a CSV the line it starts on. */
  ranges: RangeEntry[];
  committed: Record<number, LineCounts>;
  rejectsFile: string;
  /** Ranges [0, rejectsPrefix) have their rejects in the file, which is then rejectsBytes long. */
  rejectsPrefix: number;
  rejectsBytes: number;
}

/**
 * One checkpoint per log, target and table: loading the same log into another table (or server) must not
 * discard a load of it that is waiting for --resume. The target goes in as a short hash (its URL is long).
 */
export function defaultCheckpointPath(file: string, target: MysqlTarget, table: string): string {
  const where = createHash('sha256')
    .update(`${targetIdentity(target)}/${table}`)
    .digest('hex')
    .slice(0, 8);
  return `${file}.${table}.${where}.loadline-checkpoint.json`;
}
export type RangeEntry = [number, number] | [number, number, number];
export const rangeEntry = (r: ByteRange): RangeEntry => (r.firstLine === undefined ? [r.start, r.end] : [r.start, r.end, r.firstLine]);
export const rangeOfEntry = ([start, end, firstLine]: RangeEntry, index: number): ByteRange => ({
  index,
  start,
  end,
  ...(firstLine === undefined ? {} : { firstLine }),
});

export const defaultRejectsPath = (file: string) => `${file}.rejects.jsonl`;

/** What a resumed run must agree with: the same input, unchanged, into the same table. */
export interface RunIdentity {
  file: string;
  size: number;
  mtimeMs: number;
  target: string;
  table: string;
  /** mappingFingerprint of the run: a resumed run must turn each line into the same row or reject. */
  mapping: string;
}

/** Throws a 'checkpoint' IngestError when the checkpoint belongs to another file, version of the file, mapping or target. */
export function checkResumable(checkpoint: Checkpoint, run: RunIdentity, checkpointFile: string): void {
  if (checkpoint.file !== run.file) {
    throw new IngestError('checkpoint', `the checkpoint ${checkpointFile} is for ${checkpoint.file}, not ${run.file}`, {
      checkpoint: checkpointFile,
      reason: 'other-file',
    });
  }
  if (checkpoint.size !== run.size || checkpoint.mtimeMs !== run.mtimeMs) {
    throw new IngestError('checkpoint', `${run.file} changed since its checkpoint was written`, { checkpoint: checkpointFile, reason: 'file-changed' });
  }
  // Checkpoints written before the mapping was part of a run's identity have none.
  if (checkpoint.mapping !== undefined && checkpoint.mapping !== run.mapping) {
    throw new IngestError('checkpoint', `the mapping of ${run.file} changed since its checkpoint was written`, {
      checkpoint: checkpointFile,
      reason: 'mapping-changed',
    });
  }
  if (checkpoint.target !== run.target || checkpoint.table !== run.table) {
    throw new IngestError('checkpoint', `the checkpoint is for ${checkpoint.target} table ${checkpoint.table}, not ${run.target} table ${run.table}`, {
      checkpoint: checkpointFile,
      reason: 'other-target',
    });
  }
}

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
    throw new IngestError('checkpoint', `the checkpoint ${path} is unreadable (${(error as Error).message})`, { checkpoint: path, reason: 'unreadable' });
  }
}

/** Written to a temporary file and renamed, so a kill never leaves half a checkpoint. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(checkpoint, null, 1));
  fs.renameSync(temporary, path);
}

/** The journal's I/O on the real files; a failed write (unwritable, disk full) becomes an 'output' IngestError. */
export function fileJournalIo(checkpointFile: string): JournalIo {
  return {
    append: (file, text) => writing('rejects', file, () => fs.appendFileSync(file, text)),
    truncate: (file, bytes) => writing('rejects', file, () => (bytes === 0 ? fs.rmSync(file, { force: true }) : fs.truncateSync(file, bytes))),
    size: (file) => {
      try {
        return fs.statSync(file).size;
      } catch {
        return 0;
      }
    },
    saveCheckpoint: (checkpoint) => writing('checkpoint', checkpointFile, () => writeCheckpoint(checkpointFile, checkpoint)),
  };
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
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

/**
 * What decides each line's row or reject, as a short hash: the mapping with its overrides and, for a CSV, the
 * contract, dialect and header it is read through.
 */
export function mappingFingerprint(mapping: IngestMapping, csv?: CsvSource): string {
  const decides = [mapping, csv ? [csv.contract, csv.dialect, csv.header] : null];
  return createHash('sha256').update(JSON.stringify(decides)).digest('hex').slice(0, 16);
}

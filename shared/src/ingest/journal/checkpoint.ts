import { createHash } from 'crypto';
import * as fs from 'fs';
import { InputKind } from '../source/inputKind';
import { IngestError } from '../ingestError';
import { IngestMapping } from '../../mapping/ingestMapping';
import { ByteRange } from '../plan/planChunks';
import { outputState } from './outputFile';
import { LineCounts } from '../report';
import { sameFile } from './sameFile';
import { MysqlTarget, targetIdentity } from '../load/connect/target';
import { REJECTS_FILE_SUFFIX } from '../../mapping/rejectsFileName';

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
  /** See RunIdentity; absent in checkpoints written before they were kept. */
  ctimeMs?: number;
  dev?: number;
  ino?: number;
  target: string;
  table: string;
  /** See RunIdentity; absent in checkpoints written before it was kept. */
  mapping?: string;
  /** See RunIdentity; absent without foreign keys to other files, and in checkpoints written before it was kept. */
  references?: Record<string, string>;
  /** [start, end) of each range, and for a CSV the line it starts on. */
  ranges: RangeEntry[];
  committed: Record<number, LineCounts>;
  rejectsFile: string;
  /**
   * `dev:ino:birthtime` of the rejects file this run created, null while it has none; absent in checkpoints written
   * before it was kept. A resume writes only into that file, never into one put at its path since.
   */
  rejectsId?: string | null;
  /** Ranges [0, rejectsPrefix) have their rejects in the file, which is then rejectsBytes long. */
  rejectsPrefix: number;
  rejectsBytes: number;
}

/**
 * One checkpoint per log, target and table: loading the same log into another table (or server) must not
 * discard a load of it that is waiting for --resume. The target goes in as a short hash (its URL is long).
 */
export const defaultCheckpointPath = (file: string, target: MysqlTarget, table: string) => `${runName(file, target, table)}.loadline-checkpoint.json`;

/**
 * Named like the checkpoint, so that two loads of one log into two tables never share a rejects file. A dry run
 * has no target: its rejects go beside the log under the table's name.
 */
export const defaultRejectsPath = (file: string, target: MysqlTarget | undefined, table: string) =>
  target ? `${runName(file, target, table)}${REJECTS_FILE_SUFFIX}` : `${file}.${table}.dry-run${REJECTS_FILE_SUFFIX}`;

const runName = (file: string, target: MysqlTarget, table: string) =>
  `${file}.${table}.${createHash('sha256')
    .update(`${targetIdentity(target)}/${table}`)
    .digest('hex')
    .slice(0, 8)}`;

export type RangeEntry = [number, number] | [number, number, number];
export const rangeEntry = (r: ByteRange): RangeEntry => (r.firstLine === undefined ? [r.start, r.end] : [r.start, r.end, r.firstLine]);
export const rangeOfEntry = ([start, end, firstLine]: RangeEntry, index: number): ByteRange => ({
  index,
  start,
  end,
  ...(firstLine === undefined ? {} : { firstLine }),
});

/** What a resumed run must agree with: the same input, unchanged, into the same table. */
export interface RunIdentity {
  file: string;
  size: number;
  mtimeMs: number;
  /** A rewrite whose mtime was put back (`touch -r`) changes the ctime; a replaced file, the device or inode. */
  ctimeMs: number;
  dev: number;
  ino: number;
  target: string;
  table: string;
  /** mappingFingerprint of the run: a resumed run must turn each line into the same row or reject. */
  mapping: string;
  /**
   * Per file a CSV's foreign keys refer to (referencedFileIdentities), its identity: the rows loaded before were
   * checked against its keys, so a resumed run must check the rest against the same ones.
   */
  references?: Record<string, string>;
}

/** Throws a 'checkpoint' IngestError when the checkpoint belongs to another file, version of the file, mapping or target. */
export function checkResumable(checkpoint: Checkpoint, run: RunIdentity, checkpointFile: string): void {
  if (!sameFile(checkpoint.file, run.file)) {
    throw new IngestError('checkpoint', `the checkpoint ${checkpointFile} is for ${checkpoint.file}, not ${run.file}`, {
      checkpoint: checkpointFile,
      reason: 'other-file',
    });
  }
  // Checkpoints written before ctime, device and inode were kept have only the size and mtime.
  const kept = (['size', 'mtimeMs', 'ctimeMs', 'dev', 'ino'] as const).filter((field) => checkpoint[field] !== undefined);
  if (kept.some((field) => checkpoint[field] !== run[field])) {
    throw new IngestError('checkpoint', `${run.file} changed since its checkpoint was written`, { checkpoint: checkpointFile, reason: 'file-changed' });
  }
  // Checkpoints written before the mapping was part of a run's identity have none.
  if (checkpoint.mapping !== undefined && checkpoint.mapping !== run.mapping) {
    throw new IngestError('checkpoint', `the mapping of ${run.file} changed since its checkpoint was written`, {
      checkpoint: checkpointFile,
      reason: 'mapping-changed',
    });
  }
  const changed = Object.keys(checkpoint.references ?? {}).find((file) => checkpoint.references![file] !== run.references?.[file]);
  if (changed !== undefined) {
    throw new IngestError('checkpoint', `${changed}, which the foreign keys of ${run.file} refer to, changed since its checkpoint was written`, {
      checkpoint: checkpointFile,
      reason: 'references-changed',
      file: changed,
    });
  }
  if (checkpoint.target !== run.target || checkpoint.table !== run.table) {
    throw new IngestError('checkpoint', `the checkpoint is for ${checkpoint.target} table ${checkpoint.table}, not ${run.target} table ${run.table}`, {
      checkpoint: checkpointFile,
      reason: 'other-target',
    });
  }
}

/**
 * The checkpoint at `path`, or undefined when there is none. Anything else there (a folder, a symlink, a file
 * that is not a checkpoint) is refused: checkpoints are written whole, by rename, so it is not Loadline's.
 */
export function readCheckpoint(path: string): Checkpoint | undefined {
  const state = outputState(path);
  if (state === 'absent') return undefined;
  const refuse = (reason: string, fact: string) => new IngestError('usage', fact, { reason, output: 'checkpoint', file: path });
  if (state === 'folder') throw refuse('output-folder', `the checkpoint file ${path} is a folder`);
  const notOurs = refuse('not-loadline', `${path} exists and is not a Loadline checkpoint`);
  if (state === 'other') throw fs.lstatSync(path).isSymbolicLink() ? refuse('not-loadline', `${path} is a symlink`) : notOurs;
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new IngestError('checkpoint', `the checkpoint ${path} is unreadable (${code})`, { checkpoint: path, reason: 'unreadable' });
  }
  try {
    const checkpoint = JSON.parse(text) as Checkpoint;
    if (checkpoint.version === 1 && Array.isArray(checkpoint.ranges)) return checkpoint;
  } catch {
    // Not JSON: not a checkpoint.
  }
  throw notOurs;
}

/**
 * What decides each line's row or reject, as a short hash: the mapping with its overrides and, for a CSV, the
 * contract, dialect and header it is read through. A contract's `rulesKey` names its compiled rules in this
 * process only (contractKey), so it is left out: a resume in a new process is under the same contract.
 */
export function mappingFingerprint(mapping: IngestMapping, input: InputKind): string {
  const decides = [mapping, input.kind === 'csv' ? [input.csv.contract, input.csv.dialect, input.csv.header] : null];
  const text = JSON.stringify(decides, (key, value: unknown) => (key === 'rulesKey' ? undefined : value));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

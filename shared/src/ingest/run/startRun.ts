import { randomUUID } from 'crypto';
import * as fs from 'fs';
import type { Connection } from '../load/connect/connection';
import { Checkpoint, checkResumable, RangeEntry, rangeEntry, rangeOfEntry, readCheckpoint, RunIdentity } from '../journal/checkpoint';
import { sameFile } from '../journal/sameFile';
import { fileJournalIo } from '../journal/journalIo';
import { InputKind } from '../source/inputKind';
import { IngestError } from '../ingestError';
import { readLedger } from '../load/ledger';
import { ByteRange, planChunks } from '../plan/planChunks';
import { planCsvRanges } from '../plan/planCsvRanges';
import { canonicalPath } from '../journal/outputFile';
import { RunJournal } from '../journal/runJournal';
import { counted } from '../../text/counted';

const MAX_RANGE_BYTES = 8 << 20;
/**
 * CSV rows are denser than log lines (80 bytes against 180), and a parsed one holds its cells and its values:
 * with 4 MiB ranges a load of 1M rows peaked at 219 MB, with 2 MiB at 190 MB, in the same time (docs/benchmarks.md).
 */
const MAX_CSV_RANGE_BYTES = 2 << 20;

/** The default range size of a file with no size or cluster limit to bring it down. */
export const largestRangeBytes = (input: InputKind) => (input.kind === 'csv' ? MAX_CSV_RANGE_BYTES : MAX_RANGE_BYTES);

/** The smallest range the plan cuts: a smaller file is one range. */
export const MIN_RANGE_BYTES = 64 << 10;

export interface RunPlan {
  journal: RunJournal;
  ranges: ByteRange[];
  /** Ranges an earlier, interrupted run had committed. */
  resumedRanges: number;
}

export interface StartParams {
  identity: RunIdentity;
  checkpointFile: string;
  /** Resolved and locked by the caller; on --resume a path other than the checkpoint's moves the rejects there. */
  rejectsFile: string;
  /** Permission bits of the outputs: the input's, or fewer. */
  mode: number;
  resume: boolean;
  workers: number;
  rangeBytes?: number;
  /** A cap on the default range size: a cluster's write-set limits (an explicit `rangeBytes` is taken as given). */
  maxRangeBytes?: number;
  /** An earlier run's checkpoint is being discarded (a fresh start without --resume). */
  onDiscard: () => void;
  /** A CSV's ranges are cut at record boundaries after its header. */
  input: InputKind;
  /** The table has no key (a CSV keyed by its line): nothing there tells a row already loaded from a new one. */
  lineKey: boolean;
}

/**
 * Refuses outputs that would overwrite the input or each other: a rejects path equal to the log deleted the log.
 * Paths compare by their folder's real path (a symlinked folder reaches the same file) and, for files that
 * exist, by device and inode (a hard link or a symlink is the same file).
 */
export function checkOutputPaths(input: string, outputs: Record<string, string>): void {
  const seen = new Map<string, string>();
  const note = (file: string, what: string) => {
    for (const key of fileKeys(file)) if (!seen.has(key)) seen.set(key, what);
  };
  note(input, 'the input file');
  for (const [name, output] of Object.entries(outputs)) {
    const clash = fileKeys(output)
      .map((key) => seen.get(key))
      .find((what) => what !== undefined);
    if (clash) throw new IngestError('usage', `the ${name} file ${output} is ${clash}`, { reason: 'output-clash', output: name, clash });
    note(output, `the ${name} file`);
  }
}

/** What names a file: its canonical path, and its device and inode when it exists. */
function fileKeys(file: string): string[] {
  const keys = [canonicalPath(file)];
  try {
    const { dev, ino } = fs.statSync(file);
    // Some file systems (FAT, a few network ones) give no inode: 0 would make every file the same one.
    if (ino !== 0) keys.push(`${dev}:${ino}`);
  } catch {
    // Not there yet: its path is all that names it.
  }
  return keys;
}

/** A new plan, or the plan of an interrupted run with what the database's ledger says it committed. */
export async function startRun(connection: Connection, params: StartParams): Promise<RunPlan> {
  const { identity, checkpointFile } = params;
  const existing = readCheckpoint(checkpointFile);
  if (params.resume) {
    if (!existing)
      throw new IngestError('checkpoint', `there is no checkpoint at ${checkpointFile} to resume from`, { checkpoint: checkpointFile, reason: 'missing' });
    try {
      checkResumable(existing, identity, checkpointFile);
    } catch (error) {
      if (params.lineKey && error instanceof IngestError && error.data.reason === 'mapping-changed') await refuseKeylessRemap(connection, existing, params);
      throw error;
    }
    existing.committed = Object.fromEntries(await readLedger(connection, existing.runKey));
    const { rejectsFile } = params;
    if (rejectsFile !== existing.rejectsFile) Object.assign(existing, { rejectsFile, rejectsId: null, rejectsPrefix: 0, rejectsBytes: 0 });
    const ranges = existing.ranges.map(rangeOfEntry);
    return { journal: new RunJournal(existing, fileJournalIo(checkpointFile, params.mode)), ranges, resumedRanges: Object.keys(existing.committed).length };
  }
  if (existing) {
    if (params.lineKey) await refuseKeylessRestart(connection, existing, params);
    params.onDiscard();
  }

  const { rejectsFile } = params;
  const rangeBytes =
    params.rangeBytes ??
    Math.min(params.maxRangeBytes ?? Infinity, largestRangeBytes(params.input), Math.max(MIN_RANGE_BYTES, Math.ceil(identity.size / (params.workers * 4))));
  const ranges = planRanges(identity.file, identity.size, rangeBytes, params.input);
  const checkpoint: Checkpoint = {
    version: 1,
    runKey: randomUUID(),
    ...identity,
    ranges: ranges.map(rangeEntry),
    committed: {},
    rejectsFile,
    rejectsId: null,
    rejectsPrefix: 0,
    rejectsBytes: 0,
  };
  const io = fileJournalIo(checkpointFile, params.mode);
  const journal = new RunJournal(checkpoint, io);
  io.saveCheckpoint(checkpoint);
  return { journal, ranges, resumedRanges: 0 };
}

/**
 * Starting over into a table without a key would load again the rows that the interrupted run committed: refuse
 * while the ledger holds any for a checkpoint of this file, target and table.
 */
async function refuseKeylessRestart(connection: Connection, existing: Checkpoint, params: StartParams): Promise<void> {
  const { identity, checkpointFile } = params;
  if (!sameFile(existing.file, identity.file) || existing.target !== identity.target || existing.table !== identity.table) return;
  const committed = await committedRows(connection, existing);
  if (!committed) return;
  const { rows, lines } = committed;
  throw new IngestError(
    'usage',
    `${counted(rows, 'row')} of ${identity.file} ${rows === 1 ? 'is' : 'are'} already in the table ${identity.table} (csv_line ${lines}), loaded by the interrupted run of ${checkpointFile}, and a table without a key cannot tell them from new ones`,
    { reason: 'keyless-restart', checkpoint: checkpointFile, rows: String(rows), lines },
  );
}

/**
 * A resume of a load into a table without a key, under another mapping: starting over (what a changed mapping
 * otherwise calls for) would load again the rows the interrupted run committed. Names them instead.
 */
async function refuseKeylessRemap(connection: Connection, existing: Checkpoint, params: StartParams): Promise<void> {
  const { identity, checkpointFile } = params;
  const committed = await committedRows(connection, existing);
  if (!committed) return;
  const { rows, lines } = committed;
  throw new IngestError(
    'checkpoint',
    `the mapping of ${identity.file} changed since its checkpoint was written, and ${counted(rows, 'row')} of it ${rows === 1 ? 'is' : 'are'} already in the table ${existing.table} (csv_line ${lines}), which has no key to tell them from new ones`,
    { reason: 'keyless-mapping-changed', checkpoint: checkpointFile, table: existing.table, rows: String(rows), lines },
  );
}

/** The rows the run of `checkpoint` committed, by the ledger, with their csv_line values; undefined when none. */
async function committedRows(connection: Connection, checkpoint: Checkpoint): Promise<{ rows: number; lines: string } | undefined> {
  const committed = [...(await readLedger(connection, checkpoint.runKey))].sort(([a], [b]) => a - b);
  if (committed.length === 0) return undefined;
  const rows = committed.reduce((sum, [, counts]) => sum + counts.inserted, 0);
  const lines = csvLines(
    checkpoint.ranges,
    committed.map(([index]) => index),
  );
  return { rows, lines };
}

/** The csv_line values (1-based) of the ranges `indexes`, in order, adjacent ranges joined: `2-1795, 3467 and on`. */
function csvLines(ranges: RangeEntry[], indexes: number[]): string {
  const spans: [number, number | undefined][] = [];
  for (const index of indexes) {
    const first = ranges[index][2]! + 1;
    const next = ranges[index + 1]?.[2];
    const last = next === undefined ? undefined : next;
    const previous = spans[spans.length - 1];
    if (previous && previous[1] === first - 1) previous[1] = last;
    else spans.push([first, last]);
  }
  return spans.map(([first, last]) => (last === undefined ? `${first} and on` : `${first}-${last}`)).join(', ');
}

/** Ranges of about `rangeBytes`: cut at line starts, or for a CSV at record boundaries after its header. */
export function planRanges(file: string, size: number, rangeBytes: number, input: InputKind): ByteRange[] {
  if (input.kind === 'csv') {
    const { csv } = input;
    return planCsvRanges(file, size, csv.dataStart, csv.dataLine, rangeBytes, csv.dialect);
  }
  const fd = fs.openSync(file, 'r');
  try {
    return planChunks(fd, size, rangeBytes);
  } finally {
    fs.closeSync(fd);
  }
}

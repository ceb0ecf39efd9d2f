import { randomUUID } from 'crypto';
import * as path from 'path';
import { Checkpoint, defaultRejectsPath, rangeEntry } from './journal/checkpoint';
import { fileJournalIo } from './journal/journalIo';
import { newTableCollations } from './parse/keyCollation';
import { KeyIndex } from './keys/keyIndex';
import { IngestMapping } from '../mapping/ingestMapping';
import { lockOutput } from './journal/outputLock';
import { canonicalPath, checkRejectsPath, outputMode } from './journal/outputFile';
import { parseAnyRange } from './parse/parseAnyRange';
import { readLoadableKeys } from './foreignKeys/loadableKeys';
import { referenceCheck } from './foreignKeys/referenceCheck';
import { rejectOrphans } from './foreignKeys/rejectOrphans';
import { CancelledError } from './parse/parsedRange';
import { findsRepeats, keySetsOf, RepeatFinder, rejectRepeats } from './keys/repeatFinder';
import { LineByLine } from './keys/lineByLine';
import { InputKind, LOG_INPUT } from './source/inputKind';
import { ProgressMeter } from './run/progressMeter';
import { IngestProgress, IngestReport, reportBasics } from './report';
import { RunJournal } from './journal/runJournal';
import { checkOutputPaths, largestRangeBytes, planRanges } from './run/startRun';
import { statInput } from './source/statInput';
import { refuseUtf16 } from './source/utf16Input';
import { refuseTargetStorage } from './load/targetStorage';
import { MysqlTarget } from './load/connect/target';

export interface DryRunOptions {
  file: string;
  mapping: IngestMapping;
  rejectsFile?: string;
  /** A JSON-lines log (the default) or a CSV through its contract. */
  input?: InputKind;
  /** Size of the byte ranges, as `IngestOptions.rangeBytes`; defaults to a real run's largest. */
  rangeBytes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** The database a real run would load into: the dry run refuses a table that run would refuse (refuseTargetStorage). */
  target?: { target: MysqlTarget; password?: string };
}

/**
 * Maps and checks every line as `ingestFile` would into a new table (the one the mapping creates), and
 * writes the same rejects file and report, without a database: a gate for CI before a file is loaded.
 * Duplicates are counted as the created table would count them (its key columns compare as utf8mb4_bin).
 */
export async function dryRunFile(options: DryRunOptions): Promise<IngestReport> {
  const started = Date.now();
  const file = path.resolve(options.file);
  const stat = statInput(file);
  const { mapping, input = LOG_INPUT } = options;
  if (input.kind === 'log') refuseUtf16(file, file, 'logs in UTF-8');
  if (options.target) await refuseTargetStorage(options.target.target, options.target.password, mapping.table);
  const rejectsFile = canonicalPath(options.rejectsFile ?? defaultRejectsPath(file, undefined, mapping.table));
  checkOutputPaths(file, { rejects: rejectsFile });
  checkRejectsPath(rejectsFile, { asked: options.rejectsFile !== undefined });
  const unlock = await lockOutput(rejectsFile, 'rejects', () => undefined);
  try {
    // Ranges as large as a real run's largest (a CSV's are smaller: its parsed rows take more memory per byte).
    const ranges = planRanges(file, stat.size, options.rangeBytes ?? largestRangeBytes(input), input);
    const checkpoint: Checkpoint = {
      version: 1,
      runKey: randomUUID(),
      file,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      target: 'dry run',
      table: mapping.table,
      ranges: ranges.map(rangeEntry),
      committed: {},
      rejectsFile,
      rejectsId: null,
      rejectsPrefix: 0,
      rejectsBytes: 0,
    };
    // The rejects file is written as a real run writes it; there is no checkpoint to resume from.
    const io = { ...fileJournalIo('', outputMode(stat)), saveCheckpoint: () => undefined };
    const journal = new RunJournal(checkpoint, io);
    const meter = new ProgressMeter(stat.size, options.onProgress);
    const keyCollations = newTableCollations(mapping);
    const seen = new KeyIndex();
    let rowsSeen = 0;
    const finder = findsRepeats(mapping, input) ? new RepeatFinder() : undefined;
    /** A CSV with unique sets: its lines decided one by one, as a real run decides them (LineByLine). */
    let lineByLine: LineByLine | undefined;
    let cancelled = false;
    // A dry run sees no database: the referenced files alone decide each reference.
    const csv = input.kind === 'csv' ? input.csv : undefined;
    /** The rows rejected as orphans against the referenced files: a real run may find some of their keys in the table. */
    let orphans = 0;
    const references = csv?.foreignKeys && referenceCheck(csv.contract, csv.foreignKeys, await readLoadableKeys(file, csv.contract, csv.foreignKeys));
    try {
      for (const range of ranges) {
        const parsed = await parseAnyRange({ file, mapping, keyCollations, input, references }, range, {
          isCancelled: () => options.signal?.aborted ?? false,
          onProgress: (bytes, lines) => {
            meter.read(range.index, bytes, lines);
            meter.tick(journal.totals(), journal.committedRanges, ranges.length);
          },
        });
        rejectOrphans(parsed, () => false);
        for (const reject of parsed.rejects) if (reject.code === 'foreign-key') orphans++;
        // One range at a time, in file order: the finder decides each range as it is added.
        const linesInFile = input.kind === 'csv';
        const sets = keySetsOf(parsed, mapping);
        if (parsed.uniqueSets) (lineByLine ??= new LineByLine(mapping)).range(parsed, sets);
        else {
          const [decided] = finder?.add(range.index, parsed.counts.lines, sets, linesInFile) ?? [];
          rejectRepeats(parsed, decided?.repeats ?? [], sets, linesInFile);
          // In file order, so that sequential ids make runs in the index (the count is the same in any order).
          for (const row of Uint32Array.from(parsed.rows.order).sort()) {
            if (seen.add(parsed.rows.keys[row], ++rowsSeen) !== 0) parsed.counts.duplicates++;
          }
          parsed.counts.inserted = parsed.rows.order.length - parsed.counts.duplicates;
        }
        journal.commit(range.index, parsed.counts, parsed.rejects);
        meter.committed(range.index, range.end - range.start, parsed.counts.lines);
      }
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      cancelled = true;
    }
    meter.tick(journal.totals(), journal.committedRanges, ranges.length, true);
    journal.checkRejectsFile();
    const totals = journal.totals();
    return {
      ...reportBasics(totals, { file, mapping, startedMs: started, linesThisRun: totals.lines, bytes: stat.size, rejectsFile }),
      workers: 1,
      method: 'none',
      engine: 'none',
      resumedRanges: 0,
      cancelled,
      ...(lineByLine?.assumed ? { repeatsAssumed: lineByLine.assumed } : {}),
      ...(references ? { orphansFromFiles: orphans } : {}),
    };
  } finally {
    await unlock().catch(() => undefined);
  }
}

import * as fs from 'fs';
import { Contract, ForeignKeyTarget } from '../../contract/types';
import { noProblemsCounted, Problem } from '../../problem';
import { detectDialect } from '../dialect';
import { DEFAULT_MAX_PROBLEMS } from '../check/validateCsv';
import { ProblemSink } from '../check/problemSink';
import { FileReport } from '../validateFile';
import { isUtf8Range } from '../../text/isUtf8File';
import { RangeJob, RangeResult } from './checkRange';
import { readSome } from './unreadableFile';
import { KeyCoordinator } from './keyCoordinator';
import { placeRepeats } from './placeRepeats';
import { CheckRange, RangePlanner } from './planCheckRanges';
import { cappedThreads } from './defaultThreads';
import { DigestSet } from '../../schema/digestSet';
import { MergedReferences } from './mergedReferences';

/** A thread that checks ranges (checkRange), one at a time; a test may check them in the calling thread. */
export interface RangeThread {
  check(job: RangeJob): Promise<RangeResult>;
  close(): Promise<void>;
  /**
   * Settles when the thread may take its next range: the calling thread first reads a foreign key's referenced keys,
   * which the ranges after are checked against (a range it took and held meanwhile would hold up the merge).
   */
  ready?(): Promise<void>;
  /**
   * How many ranges it is given at once (1 if unset). A worker thread is given its next range while it checks one:
   * sent one at a time, it waited for the calling thread to send the next, which that does only between its own
   * ranges (a fifth of the worker's time went so).
   */
  depth?: number;
}

export interface ParallelOptions {
  maxProblems?: number;
  fileName?: string;
  /** The threads asked for: cappedThreads caps them by the ranges and the cores. */
  threads: number;
  /** About how long a range is. */
  rangeBytes?: number;
  /** A shorter file is checked in one thread. */
  smallestFile?: number;
  /** The contract's foreign keys: the ranges collect their referencing keys, merged in file order (the report's `references`). */
  referencing?: ForeignKeyTarget[];
  /**
   * Per foreign key of `referencing`, its referenced keys once read (ReferencedKeys.index): a range's referencing keys
   * they hold are dropped as the range is merged, so that `references` holds only those that may be orphans.
   */
  heldKeys?: () => (DigestSet | undefined)[];
  /**
   * Called once per foreign key with the pieces of `references` merged so far (looked up in `heldKeys`), when they
   * hold `maxProblems` orphans: the ones a report lists, whatever the ranges after hold.
   */
  onOrphansListed?: (foreignKey: number, references: Uint32Array[], delimiter: string) => void;
  /**
   * Called with the problems of each range as it is merged, in file order (see CsvCheckOptions.onProblems). Only a
   * range past LONGEST_RANGE gives undefined (the file is for the one-thread check) after some were given: the
   * one-thread check finds the same first ones.
   */
  onProblems?: (problems: Problem[]) => void;
}

/** Ranges of 1 MiB: a thread's range is one string, and the coordinator holds a few threads' results at most. */
export const RANGE_BYTES = 1 << 20;
export const SMALLEST_PARALLEL_FILE = 8 << 20;
/** The text the dialect is found in: more than its sample (SAMPLE_CHARS), and its first line break. */
const HEAD_BYTES = 1 << 20;
/** A range this long is a quote left open (or a record as long): the one-thread check, which cuts such text, takes the file. */
const LONGEST_RANGE = 64 << 20;

/** The ranges in flight and done but not yet merged, per thread: the coordinator's memory stays bounded. */
const AHEAD_PER_THREAD = 2;

/**
 * `loadline validate` on every core: the file is cut into ranges where papaparse ends records (RangePlanner), each
 * range is checked by the same engine as a whole file in one of `threads` threads, and the results are merged in
 * file order: keys are decided by one KeyCoordinator, the problem cap applies as to one check, and each record that
 * repeats a key is checked again with the coordinator's answer (placeRepeats), so that its problem is worded and
 * placed as one check would. Returns undefined when the file is for the one-thread check: small, UTF-16, not UTF-8 (read as
 * Windows-1252 from its start), no dialect or header in the first range, or a range past LONGEST_RANGE.
 */
export async function checkFileInParallel(
  file: string,
  contract: Contract | undefined,
  options: ParallelOptions,
  createThread: () => RangeThread,
): Promise<FileReport | undefined> {
  const rangeBytes = options.rangeBytes ?? RANGE_BYTES;
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const fd = fs.openSync(file, 'r');
  const threads: RangeThread[] = [];
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size < (options.smallestFile ?? SMALLEST_PARALLEL_FILE) || options.threads < 2) return undefined;
    const threadCount = cappedThreads(options.threads, stat.size, rangeBytes);
    const head = Buffer.alloc(Math.min(stat.size, Math.max(rangeBytes, HEAD_BYTES)));
    fs.readSync(fd, head, 0, head.length, 0);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined;
    // Read once ahead (isUtf8 takes a gigabyte in well under a second): a range found not UTF-8 after others' problems
    // were given (onProblems) would take them back. A file cut short meanwhile is an UnreadableFileError, as in a range.
    if (!isUtf8Range(fd, 0, stat.size, (...read) => readSome(file, ...read))) return undefined;
    // The dialect's newline is the first line break's: one that a \r at the head's end may begin is not known yet.
    const lineBreak = Math.min(...[head.indexOf(10), head.indexOf(13)].filter((at) => at !== -1));
    if (head.length < stat.size && !(lineBreak < head.length - 1)) return undefined;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    // The head's last character may be cut in two: the dialect needs only the first line and a sample.
    const detected = detectDialect(new TextDecoder().decode(head.subarray(bom)), { delimiter: contract?.delimiter, fileName: options.fileName });
    if (!detected.ok) return undefined;
    const planner = new RangePlanner(fd, stat.size, detected.dialect, rangeBytes, LONGEST_RANGE, bom);
    const referencing = options.referencing;
    const job = (range: CheckRange): RangeJob => ({
      file,
      range,
      contract,
      options: { maxProblems, fileName: options.fileName },
      ...(referencing ? { referencing } : {}),
    });

    const first = planner.next();
    if (first === undefined || first === 'too-long') return undefined;
    threads.push(createThread());
    const start = await threads[0].check(job(first));
    const resumeFrom = start.resumeFrom;
    // The planner cut by the dialect found here; the engine must have found the same in the first range.
    if (start.notUtf8 || !resumeFrom || resumeFrom.dialect.delimiter !== detected.dialect.delimiter || resumeFrom.dialect.newline !== detected.dialect.newline)
      return undefined;
    while (threads.length < threadCount) threads.push(createThread());
    /** A range's rows, guessed from the first range's (a little over, so that a range's key lists are not grown). */
    const rowsIn = (range: CheckRange) => Math.ceil(((range.end - range.start) / Math.max(first.end - first.start, 1)) * (start.records + 1) * 1.05);

    const merge = new MergedReport(
      maxProblems,
      Math.ceil((stat.size / Math.max(first.end, 1)) * (start.records + 1) * 1.05),
      options.onProblems,
      referencing && new MergedReferences(referencing.length, maxProblems, options, resumeFrom.dialect.delimiter),
    );
    const done = new Map<number, RangeResult>([[0, start]]);
    const ranges = new Map<number, CheckRange>([[0, first]]);
    let planned = 1;
    let planDone = false;
    let tooLong = false;
    let notUtf8 = false;
    /** The next range to merge. */
    let next = 0;
    const nextJob = (): RangeJob | undefined => {
      if (planDone || tooLong || notUtf8 || planned - next >= AHEAD_PER_THREAD * threadCount) return undefined;
      const range = planner.next();
      if (range === 'too-long') tooLong = true;
      if (range === undefined) planDone = true;
      if (range === undefined || range === 'too-long') return undefined;
      planned++;
      ranges.set(range.index, range);
      return { ...job(range), continueFrom: resumeFrom, expectedRows: rowsIn(range) };
    };
    /** Merges the ranges done, in file order, as far as they go. */
    const mergeDone = () => {
      for (let result = done.get(next); result; result = done.get(next)) {
        done.delete(next);
        if (result.notUtf8) notUtf8 = true;
        if (notUtf8) return;
        const repeats = merge.keys.decide(result.keys);
        const counted =
          repeats.length > 0 && merge.needsPlaces ? placeRepeats({ ...job(ranges.get(next)!), continueFrom: resumeFrom }, result, repeats) : repeats.length / 3;
        merge.add(result, counted);
        ranges.delete(next);
        next++;
      }
    };
    // A thread with nothing to do while others check waits for the next result: it may free a range or ask a second check.
    let wake = () => undefined as void;
    let changed = new Promise<void>((resolve) => (wake = resolve));
    mergeDone();
    await Promise.all(
      threads
        .flatMap((thread) => Array.from({ length: thread.depth ?? 1 }, () => thread))
        .map(async (thread) => {
          for (;;) {
            await thread.ready?.();
            const work = nextJob();
            if (!work) {
              if (planDone || tooLong || notUtf8) return;
              await changed;
              continue;
            }
            const result = await thread.check(work);
            done.set(result.index, result);
            mergeDone();
            wake();
            changed = new Promise<void>((resolve) => (wake = resolve));
          }
        }),
    );
    if (notUtf8 || tooLong || next < planned || !planDone) return undefined;
    return { ...merge.report(), delimiter: start.delimiter, encoding: 'utf-8' };
  } finally {
    fs.closeSync(fd);
    await Promise.all(threads.map((thread) => thread.close()));
  }
}

/** The ranges' problems, merged in file order under one cap, as one check finds and reports them. */
class MergedReport {
  readonly keys: KeyCoordinator;
  private readonly sink: ProblemSink;
  private records = 0;
  private firstHiddenSet = false;
  /** `references`: the ranges' referencing keys, when they collect some. */
  constructor(
    maxProblems: number,
    expectedRows: number,
    onProblems?: (problems: Problem[]) => void,
    private readonly references?: MergedReferences,
  ) {
    this.sink = new ProblemSink(maxProblems, onProblems);
    this.keys = new KeyCoordinator(expectedRows);
  }

  /** Whether a repeat's problem would be shown, or be the first one hidden: then it needs its place. */
  get needsPlaces(): boolean {
    return !this.firstHiddenSet;
  }

  /** A range's result; `repeats`: its repeated keys when they were not worded (only counted, past the cap). */
  add(result: RangeResult, repeats: number): void {
    this.records += result.records;
    if (result.references) this.references?.add(result.references);
    for (const problem of result.problems) {
      this.sink.addProblem(problem);
      this.noteHidden();
    }
    // Hidden in the range, so past the cap here too: the range's first hidden problem is the file's, if none was yet.
    if (result.hidden > 0) this.sink.addHidden(result.hiddenBySeverity, result.firstHidden!);
    // Repeats only counted come after a hidden problem: past the cap. A repeated key is an error.
    if (repeats > 0) this.sink.addHidden({ ...noProblemsCounted(), error: repeats }, NOWHERE);
    this.noteHidden();
    // Ranges end where records do: no later range has a problem before this one's.
    this.sink.flush();
  }

  private noteHidden(): void {
    if (this.sink.full && this.sink.total > this.sink.count) this.firstHiddenSet = true;
  }

  report() {
    return { ...this.sink.report(this.records), ...(this.references ? { references: this.references.done() } : {}) };
  }
}

/** Where problems only counted are, when a hidden one was placed before them. */
const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

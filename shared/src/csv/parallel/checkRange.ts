import * as fs from 'fs';
import { Contract, ForeignKeyTarget } from '../../contract/types';
import { noProblemsCounted, Problem, Range, SeverityCounts } from '../../problem';
import { Dialect } from '../dialect';
import { CheckStream } from '../check/checkStream';
import { DigestLists } from '../check/digestLists';
import { CsvChecker } from '../check/validateCsv';
import { FileFeeder, NotUtf8Error } from '../fileFeeder';
import { CheckRange } from './planCheckRanges';
import { RowLimitError } from '../../schema/rowLimit';
import { openToRead, readSome, UnreadableFileError } from './unreadableFile';

/** One range for a thread to check. */
export interface RangeJob {
  file: string;
  range: CheckRange;
  contract: Contract | undefined;
  options: { maxProblems: number; fileName?: string };
  /** What the file's start said (every range but the first). */
  continueFrom?: { header: string[]; dialect: Dialect };
  /** The file's foreign keys, whose keys the range collects (CsvCheckOptions.referencing). */
  referencing?: ForeignKeyTarget[];
  /** About how many rows the range holds (every range but the first): its key lists are made that size at once. */
  expectedRows?: number;
}

/** A range's problems as found (at most maxProblems; the rest counted), its records, and its keys. */
export interface RangeResult {
  index: number;
  problems: Problem[];
  hidden: number;
  hiddenBySeverity: SeverityCounts;
  firstHidden?: Range;
  records: number;
  /**
   * Per key set, [row, x, y] for each record that has a key: a safe integer x with y = -1 (the coordinator keeps
   * integers as one check does, in runs), else the key's 64-bit digest (x, y).
   */
  keys: Float64Array[];
  /** Per foreign key (`referencing`), its referencing keys as ReferenceDigests holds them, in file order. */
  references?: Uint32Array[][];
  /** The first range's: the header and dialect for the others; undefined when the check stopped or found no header. */
  resumeFrom?: { header: string[]; dialect: Dialect };
  delimiter?: string;
  /** The bytes are not UTF-8: the file must be read as Windows-1252 from the start. */
  notUtf8?: boolean;
}

/** Checks one range of a file with the same engine as a whole file (CsvChecker), keys left to the coordinator. */
export function checkRange(job: RangeJob): RangeResult {
  const { range } = job;
  const keys = new DigestLists(job.expectedRows);
  const checker = new CsvChecker(job.contract, {
    maxProblems: job.options.maxProblems,
    expectedRows: job.expectedRows,
    fileName: job.options.fileName,
    foundOrder: true,
    continueFrom: job.continueFrom && { ...job.continueFrom, firstLine: range.firstLine },
    // Every key is new to the range: the coordinator decides.
    onKey: (set, key, row) => {
      keys.add(set, key, row);
      return 0;
    },
    referencing: job.referencing,
  });
  // In pieces, as a whole file streams (validateFile): one string of the range (1 MiB) was made in V8's
  // large-object space, and making it took as long as parsing it.
  const stream = new CheckStream(checker, job.continueFrom ? 0 : undefined);
  const fd = openToRead(job.file);
  try {
    const read = (buffer: Buffer, offset: number, length: number, position: number) => readSome(job.file, fd, buffer, offset, length, position);
    // A BOM is skipped at the file's start, as validateFile skips it: editors do not count it in positions.
    const from = range.start === 0 && range.end >= 3 && startsWithBom(read) ? 3 : range.start;
    const feeder = new FileFeeder(read, from, range.end, 'utf-8', { take: (text) => stream.take(text), end: (rest) => stream.end(rest) });
    while (feeder.step());
  } catch (error) {
    // Too long to number its rows: the input's fault, which crosses threads as a file that cannot be read.
    if (error instanceof RowLimitError) throw new UnreadableFileError(job.file, error.message);
    // Bytes that are not UTF-8, or a character the range leaves open.
    if (!(error instanceof NotUtf8Error)) throw error;
    return { index: range.index, problems: [], hidden: 0, hiddenBySeverity: noProblemsCounted(), records: 0, keys: [], notUtf8: true };
  } finally {
    fs.closeSync(fd);
  }
  const report = checker.finish();
  const firstHidden = report.hiddenProblems > 0 ? report.problems.pop()!.range : undefined;
  return {
    index: range.index,
    problems: report.problems,
    hidden: report.hiddenProblems,
    hiddenBySeverity: report.hiddenBySeverity,
    firstHidden,
    records: report.records,
    keys: keys.done(),
    references: report.references,
    resumeFrom: range.index === 0 ? checker.resumeFrom : undefined,
    delimiter: report.delimiter,
  };
}

function startsWithBom(read: (buffer: Buffer, offset: number, length: number, position: number) => number): boolean {
  const head = Buffer.alloc(3);
  return read(head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

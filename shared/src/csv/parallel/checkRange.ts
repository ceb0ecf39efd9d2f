import * as fs from 'fs';
import { Contract } from '../../contract/types';
import { noProblemsCounted, Problem, Range, SeverityCounts } from '../../problem';
import { writeDigest } from '../../schema/uniqueIndex';
import { Dialect } from '../dialect';
import { CheckStream } from '../check/checkStream';
import { CsvChecker } from '../check/validateCsv';
import { FatalUtf8Decoder } from '../../text/fatalUtf8Decoder';
import { CHUNK_BYTES } from '../validateFile';
import { CheckRange } from './planCheckRanges';
import { openToRead, readSome } from './unreadableFile';

/** One range for a thread to check. */
export interface RangeJob {
  file: string;
  range: CheckRange;
  contract: Contract | undefined;
  options: { maxProblems: number; fileName?: string };
  /** What the file's start said (every range but the first). */
  continueFrom?: { header: string[]; dialect: Dialect };
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
  /** The first range's: the header and dialect for the others; undefined when the check stopped or found no header. */
  resumeFrom?: { header: string[]; dialect: Dialect };
  delimiter?: string;
  /** The bytes are not UTF-8: the file must be read as Windows-1252 from the start. */
  notUtf8?: boolean;
}

/** Checks one range of a file with the same engine as a whole file (CsvChecker), keys left to the coordinator. */
export function checkRange(job: RangeJob): RangeResult {
  const { range } = job;
  const keys = new KeyLists();
  const checker = new CsvChecker(job.contract, {
    maxProblems: job.options.maxProblems,
    fileName: job.options.fileName,
    foundOrder: true,
    continueFrom: job.continueFrom && { ...job.continueFrom, firstLine: range.firstLine },
    onKey: (set, key, row) => keys.add(set, key, row),
  });
  // In pieces, as a whole file streams (validateFile): one string of the range (1 MiB) was made in V8's
  // large-object space, and making it took as long as parsing it.
  const stream = new CheckStream(checker, job.continueFrom ? 0 : undefined);
  const decoder = new FatalUtf8Decoder();
  const piece = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, range.end - range.start));
  const fd = openToRead(job.file);
  try {
    for (let at = range.start, read = 0; at <= range.end; at += Math.max(read, 1)) {
      // Past the last piece, the decoder's end: a character the range leaves open is not UTF-8.
      read = at < range.end ? readSome(job.file, fd, piece, 0, Math.min(piece.length, range.end - at), at) : 0;
      const text = decodeOrNot(decoder, at < range.end ? piece.subarray(0, read) : undefined);
      if (text === undefined)
        return { index: range.index, problems: [], hidden: 0, hiddenBySeverity: noProblemsCounted(), records: 0, keys: [], notUtf8: true };
      // A BOM is dropped at the file's start, as validateFile drops it: editors do not count it in positions.
      stream.push(at === 0 ? text.replace(/^\ufeff/, '') : text);
    }
  } finally {
    fs.closeSync(fd);
  }
  stream.end();
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
    resumeFrom: range.index === 0 ? checker.resumeFrom : undefined,
    delimiter: report.delimiter,
  };
}

/** The bytes' text, or undefined when they are not UTF-8 (at the end, without bytes: a character left open). */
function decodeOrNot(decoder: FatalUtf8Decoder, bytes: Buffer | undefined): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The range's keys, per key set, in growing typed arrays. */
class KeyLists {
  private lists: { values: Float64Array; length: number }[] = [];

  /** Returns 0: every key is new to the range, the coordinator decides. */
  add(set: number, key: unknown, row: number): number {
    const list = (this.lists[set] ??= { values: new Float64Array(3 * 1024), length: 0 });
    if (list.length + 3 > list.values.length) {
      const grown = new Float64Array(list.values.length * 2);
      grown.set(list.values);
      list.values = grown;
    }
    const at = list.length;
    list.values[at] = row;
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      list.values[at + 1] = key;
      list.values[at + 2] = -1;
    } else writeDigest(key, list.values, at + 1);
    list.length += 3;
    return 0;
  }

  done(): Float64Array[] {
    return Array.from(this.lists, (list) => (list ? list.values.slice(0, list.length) : new Float64Array(0)));
  }
}

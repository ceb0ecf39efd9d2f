import * as fs from 'fs';
import { Contract } from '../../contract/types';
import { Problem, Range } from '../../problem';
import { writeDigest } from '../../schema/uniqueIndex';
import { Dialect } from '../dialect';
import { CsvChecker } from '../check/validateCsv';
import { CheckRange } from './planCheckRanges';

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
  const bytes = Buffer.allocUnsafe(range.end - range.start);
  const fd = fs.openSync(job.file, 'r');
  try {
    let at = 0;
    while (at < bytes.length) {
      const read = fs.readSync(fd, bytes, at, bytes.length - at, range.start + at);
      if (read <= 0) throw new Error(`${job.file} changed while it was checked`);
      at += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { index: range.index, problems: [], hidden: 0, records: 0, keys: [], notUtf8: true };
  }
  const keys = new KeyLists();
  const checker = new CsvChecker(job.contract, {
    maxProblems: job.options.maxProblems,
    fileName: job.options.fileName,
    foundOrder: true,
    continueFrom: job.continueFrom && { ...job.continueFrom, firstLine: range.firstLine },
    onKey: (set, key, row) => keys.add(set, key, row),
  });
  checker.feed(text);
  const report = checker.finish();
  const firstHidden = report.hiddenProblems > 0 ? report.problems.pop()!.range : undefined;
  return {
    index: range.index,
    problems: report.problems,
    hidden: report.hiddenProblems,
    firstHidden,
    records: report.records,
    keys: keys.done(),
    resumeFrom: range.index === 0 ? checker.resumeFrom : undefined,
    delimiter: report.delimiter,
  };
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

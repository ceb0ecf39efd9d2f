import * as fs from 'fs';
import { CsvChecker } from '../check/validateCsv';
import { RecordBreaks } from '../recordBreaks';
import { RangeJob, RangeResult } from './checkRange';
import { openToRead, readSome } from './unreadableFile';

/**
 * Puts the repeated keys the coordinator found in a range into its problems, worded and placed as one check
 * would: each record that repeats a key is checked again on its own (from the file's bytes, by the same engine,
 * told which keys repeat), and its problems replace the record's in the range's list. Only records whose
 * problems can still be shown are checked: once the range's list holds more than its cap before a record, that
 * record's repeats and all later ones are hidden in any case. Returns how many repeats were left to be counted only.
 */
export function placeRepeats(job: RangeJob & { continueFrom: NonNullable<RangeJob['continueFrom']> }, result: RangeResult, repeats: number[]): number {
  const { range } = job;
  /** The first row of each repeated key, by row and key set. */
  const firstRows = new Map<string, number>();
  const repeatsOf = new Map<number, number>();
  for (let i = 0; i < repeats.length; i += 3) {
    firstRows.set(`${repeats[i + 1]}:${repeats[i]}`, repeats[i + 2]);
    repeatsOf.set(repeats[i + 1], (repeatsOf.get(repeats[i + 1]) ?? 0) + 1);
  }
  const rows = [...repeatsOf.keys()].sort((a, b) => a - b);
  // Past the range's first hidden problem, a repeat is hidden too: counted, not placed.
  const lastPlaced = result.hidden > 0 ? result.firstHidden!.start.line : Infinity;
  const bytes = readRange(job.file, range.start, range.end);
  const lines = new LineStarts(bytes);
  let counted = 0;
  /** The problems in the list before the record being placed: the list is in file order. */
  let before = 0;
  for (const [i, row] of rows.entries()) {
    const line = row - 1;
    while (before < result.problems.length && result.problems[before].range.start.line < line) before++;
    // The cap's problems and the first hidden one are all before this record: the rest are only counted.
    if (before > job.options.maxProblems) {
      for (const later of rows.slice(i)) counted += repeatsOf.get(later)!;
      break;
    }
    const start = lines.startOf(line - range.firstLine);
    const end = recordEnd(bytes, start, job.continueFrom.dialect);
    const record = bytes.subarray(start, end);
    const nextLine = end === bytes.length ? Infinity : line + countLines(record);
    // A record that reaches the range's first hidden problem: its repeats come after that one, so are hidden too.
    if (nextLine > lastPlaced) {
      counted += repeatsOf.get(row)!;
      continue;
    }
    const checker = new CsvChecker(job.contract, {
      maxProblems: Infinity,
      fileName: job.options.fileName,
      foundOrder: true,
      continueFrom: { ...job.continueFrom, firstLine: line },
      onKey: (set, _key, at) => firstRows.get(`${at}:${set}`) ?? 0,
    });
    checker.feed(new TextDecoder().decode(record));
    const found = checker.finish().problems;
    const problems = result.problems;
    const from = before;
    let to = from;
    while (to < problems.length && problems[to].range.start.line < nextLine) to++;
    problems.splice(from, to - from, ...found);
  }
  return counted;
}

function readRange(file: string, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(end - start);
  const fd = openToRead(file);
  try {
    for (let at = 0; at < bytes.length;) at += readSome(file, fd, bytes, at, bytes.length - at, start + at);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/**
 * Where the record that starts at `start` ends (just past its line break), as papaparse reads it. The bytes are
 * read a piece at a time: the rest of the range as one string, for each repeat, made the placing quadratic.
 */
function recordEnd(bytes: Buffer, start: number, dialect: { delimiter: string; newline: string }): number {
  const breaks = new RecordBreaks(dialect.delimiter, dialect.newline);
  let end = -1;
  for (let from = start; end === -1 && from < bytes.length; from += SCAN_CHARS) {
    const text = bytes.toString('latin1', from, Math.min(from + SCAN_CHARS, bytes.length));
    breaks.scan(text, 0, text.length, (at) => {
      if (end === -1) end = from + at;
    });
  }
  return end === -1 ? bytes.length : end;
}

const SCAN_CHARS = 4096;

/** Line breaks as editors count them: \n, \r\n and a lone \r. */
function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) lines++;
    else if (bytes[i] === 13 && bytes[i + 1] !== 10) lines++;
  }
  return lines;
}

/** The byte offset of each line of a range, found walking forward (the rows asked for come in order). */
class LineStarts {
  private line = 0;
  private offset = 0;
  /** The next \n and \r at or after `offset` (-1: none), searched again only once passed. */
  private lf = -2;
  private cr = -2;

  constructor(private readonly bytes: Buffer) {}

  startOf(line: number): number {
    const bytes = this.bytes;
    while (this.line < line && this.offset < bytes.length) {
      if (this.lf !== -1 && this.lf < this.offset) this.lf = bytes.indexOf(10, this.offset);
      if (this.cr !== -1 && this.cr < this.offset) this.cr = bytes.indexOf(13, this.offset);
      const { lf, cr } = this;
      const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      if (at === -1) return bytes.length;
      this.offset = bytes[at] === 13 && bytes[at + 1] === 10 ? at + 2 : at + 1;
      this.line++;
    }
    return this.offset;
  }
}

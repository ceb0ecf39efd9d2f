import { CellSpan, locateCells, recordContentEnd } from '../cells';
import { ParsedRecord, parseRecords } from '../parseRecords';
import { ProblemSink } from './problemSink';

/**
 * The record being checked, and what has been worked out about it so far: positions are computed only when a
 * problem needs them (and, with unique columns, each record's line).
 */
export class CurrentRecord {
  /** The segment's text after any BOM (where positions point), and the same text as papaparse reads it. */
  body = '';
  parsed = '';
  newline = '\n';
  delimiter = ',';
  /** Offsets in `parsed`: where the record starts, and just past its line break. */
  start = 0;
  next = 0;
  /** How many cells it has. */
  length = 0;
  /** Its cells, when it was parsed (a record taken from the memo has none until asked). */
  private cells?: string[];
  private spans?: CellSpan[];
  private line = -1;

  constructor(private readonly sink: ProblemSink) {}

  /** A segment's text: `parsed` is `body` with one kind of line ending. */
  setText(body: string, parsed: string, newline: string, delimiter: string): void {
    this.body = body;
    this.parsed = parsed;
    this.newline = newline;
    this.delimiter = delimiter;
  }

  /** Moves to the record [start, next); `row` when it is known already (-1 to count it when asked). */
  at(start: number, next: number, cells: string[] | undefined, length: number, row = -1): void {
    this.start = start;
    this.next = next;
    this.cells = cells;
    this.length = length;
    this.spans = undefined;
    this.line = row;
  }

  /** Where the record's line break starts. */
  get end(): number {
    return recordContentEnd(this.parsed, this.next, this.newline);
  }

  cellSpan(i: number): CellSpan {
    this.spans ??= locateCells(this.body, this.start, this.end, this.delimiter);
    // In a record with a malformed quote, the locator and papaparse can split cells differently: then the whole record.
    return this.spans[i] ?? { start: this.start, end: this.end };
  }

  /** The record's row number as the user sees it (the header is row 1). */
  get row(): number {
    if (this.line === -1) this.line = this.sink.lineOf(this.start) + 1;
    return this.line;
  }

  /** The record's cells; a record taken from the memo is parsed for them (only a repeat asks). */
  cellsNow(): string[] {
    this.cells ??= collectRecords(this.parsed.slice(this.start, this.next), this.delimiter, this.newline)[0]?.cells ?? [];
    return this.cells;
  }
}

/** Every record of `text`, parsed and kept (a copy each): for short texts, looked at before they are checked. */
export function collectRecords(text: string, delimiter: string, newline: string): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  parseRecords(text, { delimiter, newline }, (record) => records.push({ ...record }));
  return records;
}

import * as fs from 'fs';
import { Dialect } from '../dialect';
import { RecordBreaks } from '../recordBreaks';

/** A piece of a file that a parallel check's thread checks alone: bytes [start, end), starting on 0-based line `firstLine`. */
export interface CheckRange {
  index: number;
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Small reads: each becomes a string, and strings this small die young. At 256 KiB each string was over V8's
 * largest young-generation object (128 KiB): making them took 0.3 s of the main thread's CPU on a 50 MiB file.
 */
const READ_BYTES = 64 << 10;

/**
 * Cuts a file into ranges of about `rangeBytes`, each ending where papaparse ends a record (RecordBreaks), so
 * that each range parses as it would in the whole file. The ranges come one at a time (`next`), so that threads
 * check the first while the rest of the file is read. Lines are counted as editors count them (\n, \r\n, a lone
 * \r) in each range on its own, as the single-threaded check counts them in each of its pieces. A range would grow
 * past `longestRange` only in a quote that never closes (or a record that long): `next` then says 'too-long'.
 */
export class RangePlanner {
  private readonly breaks: RecordBreaks;
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private readonly ready: CheckRange[] = [];
  private position = 0;
  private rangeStart = 0;
  private firstLine = 0;
  /** Lines of the current range counted so far, and whether the text read so far ends in a \r. */
  private lines = 0;
  private pendingCr = false;
  private count = 0;
  private tooLong = false;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    dialect: Dialect,
    private readonly rangeBytes: number,
    private readonly longestRange: number,
    /** Where the records start: past a byte order mark, which the parser never sees. */
    bodyStart: number,
  ) {
    this.breaks = new RecordBreaks(dialect.delimiter, dialect.newline);
    this.position = bodyStart;
  }

  next(): CheckRange | 'too-long' | undefined {
    while (this.ready.length === 0 && this.position < this.size && !this.tooLong) this.read();
    if (this.ready.length > 0) return this.ready.shift();
    if (this.tooLong) return 'too-long';
    if (this.rangeStart >= this.size) return undefined;
    const last = this.range(this.size);
    this.rangeStart = this.size;
    return last;
  }

  private read(): void {
    const read = fs.readSync(this.fd, this.buffer, 0, Math.min(READ_BYTES, this.size - this.position), this.position);
    if (read <= 0) {
      this.position = this.size;
      return;
    }
    // One character a byte: every character RecordBreaks looks at is ASCII, in UTF-8 and in Windows-1252.
    const text = this.buffer.toString('latin1', 0, read);
    const base = this.position;
    let counted = 0;
    this.breaks.scan(text, 0, read, (end) => {
      if (base + end - this.rangeStart < this.rangeBytes || base + end >= this.size) return;
      this.countLines(text, counted, end);
      counted = end;
      this.cut(base + end);
    });
    this.countLines(text, counted, read);
    this.position += read;
    if (this.position - this.rangeStart > this.longestRange && this.position < this.size) this.tooLong = true;
  }

  private cut(end: number): void {
    if (this.pendingCr) this.lines++;
    this.pendingCr = false;
    this.ready.push(this.range(end));
    this.rangeStart = end;
    this.firstLine += this.lines;
    this.lines = 0;
  }

  private range(end: number): CheckRange {
    return { index: this.count++, start: this.rangeStart, end, firstLine: this.firstLine };
  }

  /** Counts the line breaks of text[from, to); a \r at the end waits for what follows it. */
  private countLines(text: string, from: number, to: number): void {
    if (from >= to) return;
    // A \r\n split between two reads counts once, with its \n.
    if (this.pendingCr && text.charCodeAt(from) !== 10) this.lines++;
    this.pendingCr = false;
    let lines = 0;
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines++;
    for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) {
      if (i === to - 1) this.pendingCr = true;
      else if (text.charCodeAt(i + 1) !== 10) lines++;
    }
    this.lines += lines;
  }
}

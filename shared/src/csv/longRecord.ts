import { RecordBreaks } from './recordBreaks';

/**
 * A record found longer than a record may have (MAX_LINE_BYTES), passed over unread as its bytes come: where
 * papaparse ends it (RecordBreaks, which needs no parse and holds no text), how many bytes and line breaks it
 * spans. Lines are counted as editors count them (\n, \r\n, a lone \r), so that the rows after it keep their lines.
 */
export class LongRecord {
  private readonly breaks: RecordBreaks;
  /** Bytes passed so far, to the record's end once it is found. */
  bytes = 0;
  private lines = 0;
  /** Whether the bytes so far end in a \r, which a \n may follow. */
  private pendingCr = false;

  constructor(dialect: { delimiter: string; newline: string }) {
    this.breaks = new RecordBreaks(dialect.delimiter, dialect.newline);
  }

  /** Whether the bytes passed end inside a quoted field (a quote that never closed, at the end of the file). */
  get inQuotes(): boolean {
    return this.breaks.inQuotes;
  }

  /** Passes bytes[from, to): returns where the record ends in them (just past its line break), or -1 (it goes on). */
  pass(bytes: Buffer, from: number, to: number): number {
    // One character a byte: every character RecordBreaks looks at is ASCII, in UTF-8 and in Windows-1252.
    const text = bytes.toString('latin1', from, to);
    let end = -1;
    this.breaks.scan(text, 0, text.length, (at) => {
      if (end === -1) end = at;
    });
    const length = end === -1 ? text.length : end;
    this.countLines(text, length);
    this.bytes += length;
    return end === -1 ? -1 : from + end;
  }

  private countLines(text: string, to: number): void {
    if (to === 0) return;
    // A \r\n split between two reads counts once, with its \n.
    if (this.pendingCr && text.charCodeAt(0) !== 10) this.lines++;
    this.pendingCr = false;
    for (let i = text.indexOf('\n'); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) this.lines++;
    for (let i = text.indexOf('\r'); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) {
      if (i === to - 1) this.pendingCr = true;
      else if (text.charCodeAt(i + 1) !== 10) this.lines++;
    }
  }

  /** The lines the record spans past its first, its last \r counted (the file ends there, or a record follows it). */
  get linesSpanned(): number {
    return this.lines + (this.pendingCr ? 1 : 0);
  }
}

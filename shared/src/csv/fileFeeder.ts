import * as fs from 'fs';
import { isAscii, isUtf8 } from 'buffer';
import { incompleteTail } from '../text/isUtf8File';
import { MAX_LINE_BYTES } from '../text/lineLimit';
import { LongRecord } from './longRecord';
import { decodeWindows1252 } from '../text/windows1252';

/** The encodings read a byte range at a time: a piece's text starts at any byte where a character does. */
export type PieceEncoding = 'utf-8' | 'windows-1252';

/**
 * A piece encoding, or how to find it (from the file offset of the first piece that holds a byte beyond ASCII): until
 * then the text is the same read either way, so a file is read once, not once ahead to find its encoding and again.
 */
export type FeederEncoding = PieceEncoding | ((from: number) => PieceEncoding);

/**
 * Bytes read at a time: a piece's string is made in V8's young generation (under 128 KiB), where it dies young
 * (docs/benchmarks.md, "Reading as the raw parse does").
 */
export const PIECE_BYTES = 64 * 1024;

/** The characters of a record too long to read that a problem shows (its start). */
const LONG_RECORD_START = 256;

/**
 * What a piece's text goes to: `take` returns how many of its characters it checked (`now`: the text holds a
 * record's end, check it without waiting for more); `end` gets what is left. A sink that knows its dialect (once it
 * read the head) has records longer than the feeder's limit passed over (`skip`: their start, how many line breaks
 * and bytes they span, and whether the file ended inside a quote they opened), as ingest rejects them unread.
 */
export interface TextSink {
  take(text: string, now?: boolean): number;
  end(rest: string): void;
  /** Whether `take` would wait for more than this many characters, unparsed: the bytes are then kept undecoded. */
  waits?(length: number): boolean;
  dialect?(): { delimiter: string; newline: string } | undefined;
  skip?(start: string, lines: number, bytes: number, unclosed: boolean): void;
}

/**
 * Feeds bytes [from, to) of a file to a sink as text, from one reused buffer: each read is decoded together with the
 * bytes of the records that the last piece left open, into one flat string (no string joined from two), and the
 * sink says where its records end (CheckStream.take). The buffer doubles while a record does not fit in half of it.
 * `read` reads as fs.readSync does. UTF-8 is decoded fatally: bytes that are not UTF-8 (a file changed since its
 * encoding was found) throw a NotUtf8Error.
 */
export class FileFeeder {
  private buffer: Buffer;
  /** Bytes at the buffer's start that the sink has not taken yet. */
  private kept = 0;
  /** The next byte to read. */
  at: number;
  /** The record past `maxRecordBytes` being passed over: the bytes read go to it, not to the sink. */
  private long?: { record: LongRecord; start: string };

  constructor(
    private readonly read: (buffer: Buffer, offset: number, length: number, position: number) => number,
    from: number,
    private readonly to: number,
    private found: FeederEncoding,
    private readonly sink: TextSink,
    pieceBytes = PIECE_BYTES,
    private readonly maxRecordBytes = MAX_LINE_BYTES,
  ) {
    this.at = from;
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(pieceBytes, to - from), 4));
  }

  /** The encoding read: UTF-8 for a file that was ASCII to its end. */
  get encoding(): PieceEncoding {
    return typeof this.found === 'function' ? 'utf-8' : this.found;
  }

  /** Reads and feeds one piece; false once the sink has had its end. */
  step(): boolean {
    const sink = this.sink;
    if (this.kept > this.buffer.length / 2) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.kept);
      this.buffer = grown;
    }
    const buffer = this.buffer;
    const got = this.at < this.to ? this.read(buffer, this.kept, Math.min(buffer.length - this.kept, this.to - this.at), this.at) : 0;
    const bufferStart = this.at - this.kept;
    this.at += got;
    const filled = this.kept + got;
    // Every byte before the buffer was ASCII: where the buffer is not, the encoding is found from its start on.
    if (typeof this.found === 'function' && !isAscii(buffer.subarray(0, filled))) this.found = this.found(bufferStart);
    const encoding = this.encoding;
    if (this.long) return this.passLong(got, filled);
    if (got === 0) {
      sink.end(decode(buffer.subarray(0, filled), encoding));
      return false;
    }
    this.kept = filled;
    // A record longer than a record may have is passed over, neither decoded nor parsed, even one read whole.
    if (filled > this.maxRecordBytes && sink.dialect?.()) {
      this.findLong();
      return true;
    }
    // Decoding the bytes kept again at every piece, for a sink that only waits, would cost a square in a long record.
    if (sink.waits?.(filled)) return true;
    // A character that the read cut in two waits for its other bytes.
    const whole = encoding === 'utf-8' ? incompleteTail(buffer, filled) : filled;
    const text = decode(buffer.subarray(0, whole), encoding);
    const done = text === '' ? 0 : sink.take(text);
    const rest = done === text.length ? 0 : encoding === 'utf-8' ? Buffer.byteLength(text.slice(done)) : text.length - done;
    this.kept = filled - whole + rest;
    buffer.copy(buffer, 0, filled - this.kept, filled);
    return true;
  }

  /**
   * The bytes kept are more than a record may have: they start at a record (where the sink stopped), which either
   * ends within the limit (the sink waited for more text before parsing again: it parses the records that end
   * within it now) or is too long, and is passed over as its bytes come (passLong), in bounded memory and one scan,
   * and reported where it starts.
   */
  private findLong(): void {
    const dialect = this.sink.dialect?.();
    // Before the head is read no record is known: the sink holds the text until it is.
    while (dialect && this.kept > this.maxRecordBytes) {
      const record = new LongRecord(dialect);
      const end = record.pass(this.buffer, 0, this.kept);
      if (end !== -1 && end <= this.maxRecordBytes) {
        // One byte past the limit: a \r that ends a record is not the text's last (which waits for a \n), and no
        // record longer than the limit ends in the text.
        const upTo = this.maxRecordBytes + 1;
        const whole = this.encoding === 'utf-8' ? incompleteTail(this.buffer, upTo) : upTo;
        const text = decode(this.buffer.subarray(0, whole), this.encoding);
        const done = this.sink.take(text, true);
        if (done === 0) return;
        this.drop(this.encoding === 'utf-8' ? Buffer.byteLength(text.slice(0, done)) : done);
        continue;
      }
      const start = this.buffer.subarray(0, Math.min(LONG_RECORD_START, this.kept));
      this.long = { record, start: decode(start.subarray(0, this.encoding === 'utf-8' ? incompleteTail(start, start.length) : start.length), this.encoding) };
      if (end === -1) {
        this.kept = 0;
        return;
      }
      this.endLong(false);
      this.drop(end);
    }
  }

  /** Bytes read while a record too long is passed over: its end gives the bytes after it back to the sink. */
  private passLong(got: number, filled: number): boolean {
    const long = this.long!;
    if (got === 0) {
      this.endLong(long.record.inQuotes);
      this.sink.end('');
      return false;
    }
    const end = long.record.pass(this.buffer, 0, filled);
    if (end === -1) {
      this.kept = 0;
      return true;
    }
    this.endLong(false);
    this.kept = filled;
    this.drop(end);
    return true;
  }

  private endLong(unclosed: boolean): void {
    const { record, start } = this.long!;
    this.long = undefined;
    this.sink.skip!(start, record.linesSpanned, record.bytes, unclosed);
  }

  /** Drops the first `bytes` of those kept. */
  private drop(bytes: number): void {
    this.buffer.copy(this.buffer, 0, bytes, this.kept);
    this.kept -= bytes;
  }
}

/** Bytes that are not UTF-8 where the file's encoding was found to be (or a character a range leaves open). */
export class NotUtf8Error extends TypeError {
  constructor() {
    super('The input is not UTF-8');
  }
}

function decode(bytes: Buffer, encoding: PieceEncoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  // ASCII is read as Latin-1, a copy of the bytes: decoding it as UTF-8 took a tenth of a 1M-row check's time.
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (!isUtf8(bytes)) throw new NotUtf8Error();
  return bytes.toString('utf8');
}

/**
 * A file read one piece ahead on libuv's threads, for a FileFeeder on the main thread: the next piece is read
 * while the last one is checked, as a read stream's were (reading the bytes is a fifth of a check's wall time),
 * with one callback a piece and none of a stream's plumbing. `wait` before each `FileFeeder.step`, whose reads
 * `read` serves from the piece read.
 */
export class ReadAhead {
  /** The piece read: bytes [start, end) of `ready` not served yet. */
  private ready = Buffer.allocUnsafe(PIECE_BYTES);
  private start = 0;
  private end = 0;
  private spare = Buffer.allocUnsafe(PIECE_BYTES);
  /** The read in flight into `spare`, and the file position it reads at. */
  private inFlight?: Promise<number>;
  private position: number;

  constructor(
    private readonly fd: number,
    from: number,
  ) {
    this.position = from;
    this.readNext();
  }

  /** Waits for the next piece once the last is served; a failed read throws here. */
  async wait(): Promise<void> {
    if (this.start < this.end || !this.inFlight) return;
    const got = await this.inFlight;
    this.inFlight = undefined;
    [this.ready, this.spare] = [this.spare, this.ready];
    this.start = 0;
    this.end = got;
    this.position += got;
    if (got > 0) this.readNext();
  }

  /** As fs.readSync, from the piece read (0 at the end of the file). */
  read(buffer: Buffer, offset: number, length: number): number {
    const served = Math.min(length, this.end - this.start);
    this.ready.copy(buffer, offset, this.start, this.start + served);
    this.start += served;
    return served;
  }

  /** Settles the read in flight, so that the file can be closed under no read. */
  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private readNext(): void {
    const read = new Promise<number>((resolve, reject) =>
      fs.read(this.fd, this.spare, 0, this.spare.length, this.position, (error, got) => (error ? reject(error) : resolve(got))),
    );
    // A check that stops early (an error) leaves the last read unawaited: its failure is not the process's.
    read.catch(() => undefined);
    this.inFlight = read;
  }
}

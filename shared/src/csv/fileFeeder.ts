import { isAscii, isUtf8 } from 'buffer';
import { incompleteTail } from '../text/isUtf8File';
import { decodeWindows1252 } from '../text/windows1252';

/** The encodings read a byte range at a time: a piece's text starts at any byte where a character does. */
export type PieceEncoding = 'utf-8' | 'windows-1252';

/**
 * Bytes read at a time: a piece's string is made in V8's young generation (under 128 KiB), where it dies young
 * (docs/benchmarks.md, "Reading as the raw parse does").
 */
export const PIECE_BYTES = 64 * 1024;

/** What a piece's text goes to: `take` returns how many of its characters it checked; `end` gets what is left. */
export interface TextSink {
  take(text: string): number;
  end(rest: string): void;
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

  constructor(
    private readonly read: (buffer: Buffer, offset: number, length: number, position: number) => number,
    from: number,
    private readonly to: number,
    private readonly encoding: PieceEncoding,
    private readonly sink: TextSink,
    pieceBytes = PIECE_BYTES,
  ) {
    this.at = from;
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(pieceBytes, to - from), 4));
  }

  /** Reads and feeds one piece; false once the sink has had its end. */
  step(): boolean {
    const { encoding, sink } = this;
    if (this.kept > this.buffer.length / 2) {
      const grown = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(grown, 0, 0, this.kept);
      this.buffer = grown;
    }
    const buffer = this.buffer;
    const got = this.at < this.to ? this.read(buffer, this.kept, Math.min(buffer.length - this.kept, this.to - this.at), this.at) : 0;
    this.at += got;
    const filled = this.kept + got;
    if (got === 0) {
      sink.end(decode(buffer.subarray(0, filled), encoding));
      return false;
    }
    // A character that the read cut in two waits for its other bytes.
    const whole = encoding === 'utf-8' ? incompleteTail(buffer, filled) : filled;
    const text = decode(buffer.subarray(0, whole), encoding);
    const done = text === '' ? 0 : sink.take(text);
    const rest = done === text.length ? 0 : encoding === 'utf-8' ? Buffer.byteLength(text.slice(done)) : text.length - done;
    this.kept = filled - whole + rest;
    buffer.copy(buffer, 0, filled - this.kept, filled);
    return true;
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

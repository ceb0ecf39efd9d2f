import { isUtf8 } from 'buffer';
import { incompleteTail } from './isUtf8File';

/**
 * Decodes UTF-8 read in chunks as `new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })` does, through
 * Buffer's decoder and isUtf8 (TextDecoder's streaming mode took nearly as long as the CSV parse): a character
 * that a chunk's end cuts waits for the next chunk, and bytes that are not UTF-8 throw a TypeError.
 */
export class FatalUtf8Decoder {
  private carried?: Buffer;

  /** The chunk's text; without a chunk, the end of the input (a character left open there is not UTF-8). */
  decode(chunk?: Uint8Array): string {
    if (!chunk) {
      if (this.carried) throw new TypeError('The input ends inside a UTF-8 character');
      return '';
    }
    const bytes = this.carried ? Buffer.concat([this.carried, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = incompleteTail(bytes, bytes.length);
    this.carried = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : undefined;
    const whole = bytes.subarray(0, cut);
    if (!isUtf8(whole)) throw new TypeError('The input is not UTF-8');
    return whole.toString('utf8');
  }
}

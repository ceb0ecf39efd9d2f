import { constants, isUtf8 } from 'buffer';
import { decodeWindows1252 } from './windows1252';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Decoded = { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: 'too-large'; bytes: number; limit: number };

/**
 * A file's bytes as text: UTF-16 when a byte order mark says so, UTF-8 when the bytes are valid UTF-8, and
 * otherwise Windows-1252 (a superset of Latin-1, what spreadsheets export on Windows). A UTF-8 BOM stays in
 * the text, as editors keep it in the document they read. Past V8's longest string it says so instead of
 * failing after gigabytes of allocation.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  // Each byte becomes at most one UTF-16 unit, so this bound is safe for every encoding here.
  if (bytes.length > constants.MAX_STRING_LENGTH) return { ok: false, reason: 'too-large', bytes: bytes.length, limit: constants.MAX_STRING_LENGTH };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (isUtf8(bytes)) return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8' };
  // A UTF-8 BOM in bytes that are not all UTF-8 stays the mark (U+FEFF), not three Windows-1252 characters ("ï»¿") that
  // would join the first header.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { ok: true, text: `\ufeff${decodeWindows1252(bytes.subarray(3))}`, encoding: 'windows-1252' };
  return { ok: true, text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

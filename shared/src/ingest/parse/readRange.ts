import { isUtf8 } from 'buffer';
import { promises as fsp } from 'fs';
import { ByteRange } from '../plan/planChunks';
import { splitLogLines } from '../../text/logLines';
import { MAX_LINE_BYTES, tooLongReason } from '../../text/lineLimit';

/** The complete lines of one read, without their line breaks (\n, \r\n or a lone \r: text/logLines.ts). */
export interface LineBatch {
  /** 1-based number, within the range, of `lines[0]`. */
  firstLine: number;
  /** Where `lines[0]` starts in the file: a read from here (a range that starts here) yields these lines again. */
  startByte: number;
  lines: string[];
  /** Indexes into `lines` of lines whose bytes are not UTF-8 (shown with replacement characters). */
  invalidUtf8?: number[];
  /** A line longer than MAX_LINE_BYTES: `lines` holds only its start, and this its length. */
  tooLong?: { index: number; bytes: number };
}

// 64 KiB: a read's text and lines stay alive until the whole read is checked, so each young-generation collection
// within a read moves them to the old generation, which only a mark-compact frees. With 1 MiB reads a 256 MiB log's
// check moved about 6 MB there per collection and peaked at 180 to 340 MB; with 64 KiB, about 2 MB, and 145 to 167 MB.
const READ_BYTES = 64 << 10;
/** How much of a too-long line the rejects file shows. */
export const TOO_LONG_PREFIX_BYTES = 256;

/** Why line `i` of a batch was refused unread (too long, or not UTF-8), or undefined when it is to be mapped. */
export function refusedLine(
  batch: LineBatch,
  invalid: ReadonlySet<number>,
  i: number,
): { code: 'line-too-long' | 'encoding-error'; reason: string } | undefined {
  if (batch.tooLong?.index === i) return { code: 'line-too-long', reason: tooLongReason('line', batch.tooLong.bytes) };
  return invalid.has(i) ? { code: 'encoding-error', reason: 'the line is not valid UTF-8' } : undefined;
}

/**
 * Yields the lines of one byte range a read at a time (so the per-line work stays synchronous), the file's
 * BOM removed. Memory stays at one read buffer plus the longest line, and no line is held past MAX_LINE_BYTES.
 */
export async function* readRangeLines(file: string, range: ByteRange, onBytes?: (bytes: number) => void): AsyncGenerator<LineBatch> {
  const handle = await fsp.open(file, 'r');
  try {
    /** The partial line at the end of the reads so far, in pieces: joined once, when its line break arrives. */
    let carry: Buffer[] = [];
    let carryBytes = 0;
    /** A line past the limit being read through to its end. */
    let skipping: { bytes: number; prefix: Buffer } | undefined;
    /** The too-long line ended at a CR that ended its read: an LF starting the next read belongs to it. */
    let skipLf = false;
    let position = range.start;
    /** Where the line that `carry` begins (or the next line, when it is empty) starts in the file. */
    let lineStart = range.start;
    let nextLine = 1;
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    while (position < range.end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, range.end - position), position);
      if (bytesRead === 0) break;
      /** Where `chunk` starts in the file. */
      let chunkStart = position;
      position += bytesRead;
      onBytes?.(bytesRead);
      let chunk = buffer.subarray(0, bytesRead);
      if (skipLf && chunk[0] === 10) {
        chunk = chunk.subarray(1);
        chunkStart++;
      }
      skipLf = false;
      if (skipping) {
        const lineBreak = firstBreak(chunk);
        skipping.bytes += lineBreak === -1 ? chunk.length : lineBreak;
        if (lineBreak === -1) continue;
        yield tooLongLine(skipping, nextLine++, lineStart);
        skipping = undefined;
        // A CRLF whose LF is in the next read ends this one line, not two.
        skipLf = chunk[lineBreak] === 13 && lineBreak + 1 === chunk.length;
        const ended = lineBreak + (chunk[lineBreak] === 13 && chunk[lineBreak + 1] === 10 ? 2 : 1);
        chunk = chunk.subarray(ended);
        chunkStart += ended;
      }
      if (carryBytes === 0) lineStart = chunkStart;
      const lastBreak = lastCompleteBreak(chunk);
      if (lastBreak === -1) {
        // Copied: the read buffer is reused.
        carry.push(Buffer.from(chunk));
        carryBytes += chunk.length;
        if (carryBytes > MAX_LINE_BYTES) {
          // A CR that ends the read ends the line too (a lone CR, or a CRLF whose LF starts the next read).
          const endsAtCr = chunk[chunk.length - 1] === 13;
          skipping = { bytes: carryBytes - (endsAtCr ? 1 : 0), prefix: Buffer.from(carry[0].subarray(0, TOO_LONG_PREFIX_BYTES)) };
          carry = [];
          carryBytes = 0;
          if (endsAtCr) {
            yield tooLongLine(skipping, nextLine++, lineStart);
            skipping = undefined;
            skipLf = true;
          }
        }
        continue;
      }
      // Until a first line is complete, the data still starts where the range does.
      const atFileStart = range.start === 0 && nextLine === 1;
      const complete = carry.length > 0 ? Buffer.concat([...carry, chunk.subarray(0, lastBreak + 1)]) : chunk.subarray(0, lastBreak + 1);
      carry = lastBreak + 1 < chunk.length ? [Buffer.from(chunk.subarray(lastBreak + 1))] : [];
      carryBytes = carry.length > 0 ? carry[0].length : 0;
      const batch = splitLines(complete, nextLine, lineStart, atFileStart);
      nextLine += batch.lines.length;
      lineStart = chunkStart + lastBreak + 1;
      yield batch;
    }
    if (skipping) yield tooLongLine(skipping, nextLine, lineStart);
    else if (carryBytes > 0) yield splitLines(Buffer.concat(carry), nextLine, lineStart, range.start === 0 && nextLine === 1, true);
  } finally {
    await handle.close();
  }
}

function tooLongLine(skipped: { bytes: number; prefix: Buffer }, line: number, startByte: number): LineBatch {
  return { firstLine: line, startByte, lines: [skipped.prefix.toString('utf8')], tooLong: { index: 0, bytes: skipped.bytes } };
}

/**
 * Where the complete lines of a read end: after its last LF; in a read without one (a line over a read's length,
 * or a log broken by lone CRs alone), after its last CR that is not its last byte (that one may start a CRLF).
 */
function lastCompleteBreak(chunk: Buffer): number {
  const lastLf = chunk.lastIndexOf(10);
  return lastLf !== -1 || chunk.length < 2 ? lastLf : chunk.lastIndexOf(13, chunk.length - 2);
}

/** The first line break (LF or CR) of a read, or -1. */
function firstBreak(chunk: Buffer): number {
  const lf = chunk.indexOf(10);
  const cr = chunk.indexOf(13);
  return cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
}

/**
 * One decode for the whole read when it is valid UTF-8 (the usual case); line by line otherwise. `bytes` ends with
 * its last line's break (LF, or a lone CR) unless `lastWithoutBreak`; a CR that ends the file ends its last line.
 */
function splitLines(bytes: Buffer, firstLine: number, startByte: number, atFileStart: boolean, lastWithoutBreak = false): LineBatch {
  const start = atFileStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let bodyEnd = bytes.length;
  if (!lastWithoutBreak || bytes[bodyEnd - 1] === 13) bodyEnd -= bytes[bodyEnd - 1] === 10 && bytes[bodyEnd - 2] === 13 ? 2 : 1;
  const body = bytes.subarray(start, Math.max(start, bodyEnd));
  if (isUtf8(body)) return { firstLine, startByte, lines: splitLogLines(body.toString('utf8')) };

  // Line by line: a CR is one byte that no UTF-8 sequence holds, so the bytes split where the text would.
  const lines: string[] = [];
  const invalidUtf8: number[] = [];
  let from = 0;
  // The next CR is searched again only once passed: a read without one is scanned for it once, not per line.
  let nextCr = body.indexOf(13);
  for (;;) {
    if (nextCr !== -1 && nextCr < from) nextCr = body.indexOf(13, from);
    const lf = body.indexOf(10, from);
    const end = nextCr === -1 || (lf !== -1 && lf < nextCr) ? (lf === -1 ? body.length : lf) : nextCr;
    const line = body.subarray(from, end);
    if (!isUtf8(line)) invalidUtf8.push(lines.length);
    lines.push(line.toString('utf8'));
    if (end === body.length) break;
    from = end + (body[end] === 13 && body[end + 1] === 10 ? 2 : 1);
  }
  return { firstLine, startByte, lines, invalidUtf8 };
}

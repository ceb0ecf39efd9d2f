import { isUtf8 } from 'buffer';
import { promises as fsp } from 'fs';
import { ByteRange } from './planChunks';

/** The complete lines of one read, without their line breaks (\n or \r\n). */
export interface LineBatch {
  /** 1-based number, within the range, of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** Indexes into `lines` of lines whose bytes are not UTF-8 (shown with replacement characters). */
  invalidUtf8?: number[];
}

const READ_BYTES = 1 << 20;

/**
 * Yields the lines of one byte range a read at a time (so the per-line work stays synchronous), the file's
 * BOM removed. Memory stays at one read buffer plus the longest line.
 */
export async function* readRangeLines(file: string, range: ByteRange, onBytes?: (bytes: number) => void): AsyncGenerator<LineBatch> {
  const handle = await fsp.open(file, 'r');
  try {
    let carry: Buffer | undefined;
    let position = range.start;
    let nextLine = 1;
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    while (position < range.end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, range.end - position), position);
      if (bytesRead === 0) break;
      // Until a first line is complete, the data still starts where the range does.
      const atFileStart = range.start === 0 && nextLine === 1;
      position += bytesRead;
      const data = carry ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      const lastBreak = data.lastIndexOf(10);
      const complete = lastBreak === -1 ? undefined : data.subarray(0, lastBreak + 1);
      // Copy the partial line: the read buffer is reused.
      carry = lastBreak === -1 ? Buffer.from(data) : lastBreak + 1 < data.length ? Buffer.from(data.subarray(lastBreak + 1)) : undefined;
      onBytes?.(bytesRead);
      if (complete) {
        const batch = splitLines(complete, nextLine, atFileStart);
        nextLine += batch.lines.length;
        yield batch;
      }
    }
    if (carry && carry.length > 0) yield splitLines(carry, nextLine, range.start === 0 && nextLine === 1, true);
  } finally {
    await handle.close();
  }
}

/** One decode for the whole read when it is valid UTF-8 (the usual case); line by line otherwise. */
function splitLines(bytes: Buffer, firstLine: number, atFileStart: boolean, lastWithoutBreak = false): LineBatch {
  const start = atFileStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start, lastWithoutBreak ? bytes.length : bytes.length - 1);
  if (isUtf8(body)) return { firstLine, lines: body.toString('utf8').split('\n').map(stripCr) };

  const lines: string[] = [];
  const invalidUtf8: number[] = [];
  let from = 0;
  for (;;) {
    const lineBreak = body.indexOf(10, from);
    const line = body.subarray(from, lineBreak === -1 ? body.length : lineBreak);
    if (!isUtf8(line)) invalidUtf8.push(lines.length);
    lines.push(stripCr(line.toString('utf8')));
    if (lineBreak === -1) break;
    from = lineBreak + 1;
  }
  return { firstLine, lines, invalidUtf8 };
}

const stripCr = (line: string) => (line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);

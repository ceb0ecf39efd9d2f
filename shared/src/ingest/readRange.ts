import { isUtf8 } from 'buffer';
import { promises as fsp } from 'fs';
import { ByteRange } from './planChunks';

export interface RangeLine {
  /** 1-based line number within the range. */
  line: number;
  /** Byte offset of the line in the file. */
  offset: number;
  text: string;
  /** Set when the bytes are not UTF-8; `text` then shows them with replacement characters. */
  invalidUtf8?: boolean;
}

const READ_BYTES = 1 << 20;

/**
 * Yields the lines of one byte range, without their line breaks (\n or \r\n), the file's BOM removed.
 * Memory stays at one read buffer plus the longest line.
 */
export async function* readRangeLines(file: string, range: ByteRange, onBytes?: (bytes: number) => void): AsyncGenerator<RangeLine> {
  const handle = await fsp.open(file, 'r');
  try {
    let carry: Buffer | undefined;
    let carryOffset = range.start;
    let position = range.start;
    let line = 0;
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    while (position < range.end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_BYTES, range.end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      const dataOffset = carry ? carryOffset : position - bytesRead;
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        yield toLine(data, start, nl, dataOffset + start, ++line);
        start = nl + 1;
      }
      // Copy the partial line: the read buffer is reused.
      carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
      carryOffset = dataOffset + start;
      onBytes?.(bytesRead);
    }
    if (carry && carry.length > 0) yield toLine(carry, 0, carry.length, carryOffset, ++line);
  } finally {
    await handle.close();
  }
}

function toLine(data: Buffer, start: number, end: number, offset: number, line: number): RangeLine {
  if (end > start && data[end - 1] === 13) end--;
  if (offset === 0 && data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf) start += 3;
  const bytes = data.subarray(start, end);
  const text = bytes.toString('utf8');
  return isUtf8(bytes) ? { line, offset, text } : { line, offset, text, invalidUtf8: true };
}

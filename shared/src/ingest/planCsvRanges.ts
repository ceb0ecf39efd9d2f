import * as fs from 'fs';
import { ByteRange } from './planChunks';

const READ_BYTES = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts a CSV's records (from `dataStart`, on 0-based line `dataLine`) into ranges of about `rangeBytes`, each cut
 * after a record break (the file's `newline`) outside quotes: a quoted field may hold line breaks, so the file is
 * read once through, counting quotes ("" inside a quoted field counts twice and changes nothing). Each range
 * knows its first line.
 */
export function planCsvRanges(file: string, size: number, dataStart: number, dataLine: number, rangeBytes: number, newline = '\n'): ByteRange[] {
  const breakByte = newline === '\r' ? CR : LF;
  const crlf = newline === '\r\n';
  const starts: { start: number; line: number }[] = [{ start: dataStart, line: dataLine }];
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let inQuotes = false;
    let previousByte = -1;
    let line = dataLine;
    let nextCut = dataStart + rangeBytes;
    for (let position = dataStart; position < size;) {
      const read = fs.readSync(fd, buffer, 0, Math.min(READ_BYTES, size - position), position);
      if (read <= 0) break;
      const block = buffer.subarray(0, read);
      let quote = block.indexOf(QUOTE);
      let lineBreak = block.indexOf(breakByte);
      while (lineBreak !== -1 || quote !== -1) {
        if (quote !== -1 && (lineBreak === -1 || quote < lineBreak)) {
          inQuotes = !inQuotes;
          quote = block.indexOf(QUOTE, quote + 1);
          continue;
        }
        line++;
        const after = position + lineBreak + 1;
        // A CRLF file breaks records only at \r\n (the \r may end the previous read).
        const isRecordBreak = !crlf || (lineBreak > 0 ? block[lineBreak - 1] === CR : previousByte === CR);
        if (!inQuotes && isRecordBreak && after >= nextCut && after < size) {
          starts.push({ start: after, line });
          nextCut = after + rangeBytes;
        }
        lineBreak = block.indexOf(breakByte, lineBreak + 1);
      }
      previousByte = block[read - 1];
      position += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return starts.map((s, index) => ({ index, start: s.start, end: index + 1 < starts.length ? starts[index + 1].start : size, firstLine: s.line }));
}

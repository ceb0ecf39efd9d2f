import * as fs from 'fs';
import { ByteRange } from './planChunks';
import { MAX_LINE_BYTES } from './readRange';

const READ_BYTES = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts a CSV's records (from `dataStart`, on 0-based line `dataLine`) into ranges of about `rangeBytes`, each cut
 * after a record break (the file's `newline`) outside quotes: a quoted field may hold line breaks, so the file is
 * read once through, counting quotes ("" inside a quoted field counts twice and changes nothing). Each range
 * knows its first line. A range of more than `maxRecordBytes` holds one record and nothing else (a line that
 * long): parseCsvRange rejects it unread.
 */
export function planCsvRanges(
  file: string,
  size: number,
  dataStart: number,
  dataLine: number,
  rangeBytes: number,
  newline = '\n',
  maxRecordBytes = MAX_LINE_BYTES,
): ByteRange[] {
  const breakByte = newline === '\r' ? CR : LF;
  const crlf = newline === '\r\n';
  const starts: { start: number; line: number }[] = [{ start: dataStart, line: dataLine }];
  let rangeStart = dataStart;
  const cutAt = (start: number, line: number) => {
    if (start <= rangeStart || start >= size) return;
    starts.push({ start, line });
    rangeStart = start;
  };
  let recordStart = dataStart;
  let recordLine = dataLine;
  /** The record [recordStart, end) is complete: cut around it when it is too long, else when the range is full. */
  const recordEnds = (end: number, line: number) => {
    if (end - recordStart > maxRecordBytes || end - rangeStart > maxRecordBytes) cutAt(recordStart, recordLine);
    if (end - recordStart > maxRecordBytes || end - rangeStart >= rangeBytes) cutAt(end, line);
    recordStart = end;
    recordLine = line;
  };
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let inQuotes = false;
    let previousByte = -1;
    let line = dataLine;
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
        // A CRLF file breaks records only at \r\n (the \r may end the previous read).
        const isRecordBreak = !crlf || (lineBreak > 0 ? block[lineBreak - 1] === CR : previousByte === CR);
        const end = position + lineBreak + 1;
        if (!inQuotes && isRecordBreak) recordEnds(end, line);
        else if (isRecordBreak && end - recordStart > maxRecordBytes / 2) {
          // A quote open this long is text papaparse reads as such (an inch mark: 55" screen) or one that never
          // closes: the text up to here becomes a range of its own, and the count starts again outside quotes, as
          // RecordSplitter does for loadline validate.
          cutAt(recordStart, recordLine);
          cutAt(end, line);
          inQuotes = false;
          recordStart = end;
          recordLine = line;
        }
        lineBreak = block.indexOf(breakByte, lineBreak + 1);
      }
      previousByte = block[read - 1];
      position += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  // The last record, with or without a final line break.
  if (size - recordStart > maxRecordBytes || size - rangeStart > maxRecordBytes) cutAt(recordStart, recordLine);
  return starts.map((s, index) => ({ index, start: s.start, end: index + 1 < starts.length ? starts[index + 1].start : size, firstLine: s.line }));
}

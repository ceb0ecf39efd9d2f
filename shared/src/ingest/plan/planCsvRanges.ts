import * as fs from 'fs';
import { RecordBreaks } from '../../csv/recordBreaks';
import { ByteRange } from './planChunks';
import { MAX_LINE_BYTES } from '../../text/lineLimit';
import { EditorLineCount } from '../../text/editorLineCount';

/** Small reads: each becomes a string, and strings this small die young (1 MiB ones added 60-70 MB to a load's peak RSS). */
const READ_BYTES = 64 << 10;

/**
 * Cuts a CSV's records (from `dataStart`, on 0-based line `dataLine`) into ranges of about `rangeBytes`, each cut
 * where papaparse ends a record (RecordBreaks: a quoted field may hold line breaks, and a quote inside an unquoted
 * field is text), so that each range parses as it would in the whole file. The file is read once through; each
 * range knows its first line. A range of more than `maxRecordBytes` holds one record and nothing else (a line
 * that long, or a quoted cell that closes that far on): parseCsvRange rejects it unread, as `loadline validate`
 * reports it, and the records after it load. Only a quote that never closes (a typo) does not hold the rest of the
 * file: at the end of the file, the reading goes back to the first line break half of `maxRecordBytes` past the
 * record's start, the text up to there becomes a range of its own, and the reading starts again outside quotes.
 */
export function planCsvRanges(
  file: string,
  size: number,
  dataStart: number,
  dataLine: number,
  rangeBytes: number,
  dialect: { delimiter: string; newline: string },
  maxRecordBytes = MAX_LINE_BYTES,
): ByteRange[] {
  const { newline } = dialect;
  // As editors count lines (a lone \r in a quoted cell too), as the check numbers rows (hp15 06).
  const lines = new EditorLineCount();
  const starts: { start: number; line: number }[] = [{ start: dataStart, line: dataLine }];
  let rangeStart = dataStart;
  const cutAt = (start: number, line: number) => {
    if (start <= rangeStart || start >= size) return;
    starts.push({ start, line });
    rangeStart = start;
  };
  let recordStart = dataStart;
  let recordLine = dataLine;
  /** Where the reading starts again if the current record's quote never closes. */
  let fallback: { start: number; line: number } | undefined;
  /** The record [recordStart, end) is complete: cut around it when it is too long, else when the range is full. */
  const recordEnds = (end: number, line: number, forced = false) => {
    const tooLong = end - recordStart > maxRecordBytes;
    if (forced || tooLong || end - rangeStart > maxRecordBytes) cutAt(recordStart, recordLine);
    if (forced || tooLong || end - rangeStart >= rangeBytes) cutAt(end, line);
    recordStart = end;
    recordLine = line;
    fallback = undefined;
  };
  const breaks = new RecordBreaks(dialect.delimiter, newline);
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let line = dataLine;
    for (let position = dataStart; ;) {
      if (position >= size) {
        if (!breaks.inQuotes || !fallback) break;
        ({ start: position, line } = fallback);
        recordEnds(position, line, true);
        breaks.reset();
        continue;
      }
      const read = fs.readSync(fd, buffer, 0, Math.min(READ_BYTES, size - position), position);
      if (read <= 0) break;
      // One character a byte: every character RecordBreaks looks at is ASCII, in UTF-8 and in Windows-1252.
      const text = buffer.toString('latin1', 0, read);
      /** Lines are counted up to `counted`. */
      let counted = 0;
      /** `recordBreak`: a record ends at `end` (a \r there, at the end of the piece, ends its line). */
      const lineAt = (end: number, recordBreak = false) => {
        line += lines.count(text, counted, end) + (recordBreak && end === read ? lines.settle() : 0);
        counted = end;
        return line;
      };
      breaks.scan(text, 0, read, (end) => recordEnds(position + end, lineAt(end, true)));
      if (breaks.inQuotes && !fallback && position + read - recordStart > maxRecordBytes / 2) {
        const cut = text.indexOf(newline, Math.max(0, recordStart + maxRecordBytes / 2 - position));
        if (cut !== -1) fallback = { start: position + cut + newline.length, line: lineAt(cut + newline.length) };
      }
      lineAt(read);
      position += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  // The last record, with or without a final line break.
  if (size - recordStart > maxRecordBytes || size - rangeStart > maxRecordBytes) cutAt(recordStart, recordLine);
  return starts.map((s, index) => ({ index, start: s.start, end: index + 1 < starts.length ? starts[index + 1].start : size, firstLine: s.line }));
}

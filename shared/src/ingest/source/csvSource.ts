import * as fs from 'fs';
import { isUtf8 } from 'buffer';
import { Contract } from '../../contract/types';
import { Dialect, detectDialect } from '../../csv/dialect';
import { parseRecords } from '../../csv/parseRecords';
import { validateCsv } from '../../csv/check/validateCsv';
import { hasMultibyteUtf8, isUtf8File } from '../../text/isUtf8File';
import { decodeWindows1252 } from '../../text/windows1252';
import { IngestError } from '../ingestError';
import { refuseUtf16 } from './utf16Input';

/** How a CSV's bytes are read: UTF-8, or Windows-1252 (what spreadsheets export on Windows) when they are not UTF-8. */
export type CsvEncoding = 'utf-8' | 'windows-1252';

/** What every range of a CSV load needs from the file's start; plain data, for the worker threads. */
export interface CsvSource {
  contract: Contract;
  fileName: string;
  encoding: CsvEncoding;
  dialect: Dialect;
  header: string[];
  /** Byte offset and 0-based line where the records after the header start. */
  dataStart: number;
  dataLine: number;
}

const HEAD_BYTES = 1 << 20;

/**
 * Reads the header record and the dialect. A header the validator finds errors in (a missing required
 * header, a duplicate or blank label, a broken quote) stops the load before it starts, with the first of them.
 */
export function readCsvSource(file: string, contract: Contract, fileName: string): CsvSource {
  const fd = fs.openSync(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    head = buffer.subarray(0, fs.readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
  refuseUtf16(file, fileName, 'CSV files in UTF-8 or Windows-1252');
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  // As `loadline validate` reads a file, UTF-8 when every byte is, else Windows-1252; but a BOM or one UTF-8
  // character says UTF-8 with damaged bytes, whose rows are rejected rather than loaded as mojibake ("ZoÃ«").
  const encoding: CsvEncoding = bom > 0 || isUtf8File(file) || hasMultibyteUtf8(file) ? 'utf-8' : 'windows-1252';
  const text = decodeCsv(head.subarray(bom), encoding);
  const detected = detectDialect(text, { delimiter: contract.delimiter, fileName });
  if (!detected.ok) throw new IngestError('file', `${fileName}: ${detected.reason}`, { file: fileName, reason: 'dialect' });
  const dialect = detected.dialect;
  let header: { cells: string[]; end: number } | undefined;
  parseRecords(text, { delimiter: dialect.delimiter, newline: dialect.newline }, (record) => {
    if (!header && record.cells.some((c) => c.trim() !== '')) header = { cells: [...record.cells], end: record.nextRecordStart };
  });
  const complete = header && (header.end < text.length || head.length < HEAD_BYTES);
  if (!header || !complete) throw new IngestError('file', `${fileName} has no header row`, { file: fileName, reason: 'no-header' });
  const headerText = text.slice(0, header.end);
  const problems = validateCsv(headerText, contract, { fileName }).problems.filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const first = problems[0];
    throw new IngestError('file', `${fileName}:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}`, {
      file: fileName,
      reason: 'bad-header',
    });
  }
  // Windows-1252 gives every byte one UTF-16 unit.
  const dataStart = bom + (encoding === 'utf-8' ? Buffer.byteLength(headerText) : headerText.length);
  if (encoding === 'utf-8' && !isUtf8(head.subarray(bom, dataStart))) {
    throw new IngestError('file', `${fileName}'s header row is not UTF-8`, { file: fileName, reason: 'not-utf8' });
  }
  return { contract, fileName, encoding, dialect, header: header.cells, dataStart, dataLine: countLineBreaks(headerText) };
}

/** A CSV's bytes as text in its encoding (a UTF-8 BOM is not among them). */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): string {
  return encoding === 'utf-8' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : decodeWindows1252(bytes);
}

function countLineBreaks(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  return lines;
}

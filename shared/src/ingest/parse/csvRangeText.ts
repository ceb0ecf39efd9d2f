import { promises as fsp } from 'fs';
import { isUtf8 } from 'buffer';
import { decodeCsv } from '../source/csvSource';
import { CsvInput } from '../source/inputKind';
import { ByteRange } from '../plan/planChunks';

/** A CSV range's bytes and their text, read and decoded once for the clean check and the parse after it. */
export interface CsvRangeText {
  text: string;
  /** Invalid bytes became U+FFFD: only then can a U+FFFD in a record mean that its bytes were not UTF-8. */
  invalidUtf8: boolean;
}

/** Reads `range` of the CSV (a range that shrank reads as zero bytes past its end) and decodes it. */
export async function readCsvRange(file: string, csv: CsvInput, range: ByteRange): Promise<CsvRangeText> {
  const bytes = Buffer.alloc(range.end - range.start);
  const handle = await fsp.open(file, 'r');
  try {
    await handle.read(bytes, 0, bytes.length, range.start);
  } finally {
    await handle.close();
  }
  return { text: decodeCsv(bytes, csv.encoding), invalidUtf8: csv.encoding === 'utf-8' && !isUtf8(bytes) };
}

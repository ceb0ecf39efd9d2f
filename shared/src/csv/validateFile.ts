import * as fs from 'fs';
import { Contract } from '../contract/types';
import { TextEncoding } from '../text/decodeText';
import { decodeWindows1252 } from '../text/windows1252';
import { FatalUtf8Decoder } from '../text/fatalUtf8Decoder';
import { CheckStream } from './check/checkStream';
import { CsvCheckOptions, CsvChecker, CsvReport } from './check/validateCsv';
import type { CsvInput } from './foreignKeyCheck';

/**
 * Pieces under V8's largest young-generation object (128 KiB) are decoded, joined to the record the last one
 * left open, and die without ever reaching the large-object space: at 256 KiB those three steps took 0.4 s of
 * user CPU on a 50 MiB file (0.03 s at 64 KiB). With 4 MiB pieces the process grew to 230-270 MB however small the file.
 */
export const CHUNK_BYTES = 64 * 1024;

export interface FileReport extends CsvReport {
  encoding: TextEncoding;
}

/**
 * Checks a CSV file on disk as a stream, in bounded memory whatever its size: UTF-16 when a byte order mark
 * says so, UTF-8 when the bytes are valid UTF-8, else Windows-1252 (found at the first invalid byte; the check
 * then starts again in that encoding).
 */
export async function validateCsvFile(file: string, contract: Contract | undefined, options: CsvCheckOptions = {}): Promise<FileReport> {
  // Opening a FIFO would wait for a writer forever, and a directory is no CSV.
  if (!(await fs.promises.stat(file)).isFile()) throw new Error(`${file} is not a regular file`);
  const head = Buffer.alloc(2);
  const fd = await fs.promises.open(file, 'r');
  let size: number;
  try {
    await fd.read(head, 0, 2, 0);
    size = (await fd.stat()).size;
  } finally {
    await fd.close();
  }
  const encoding: TextEncoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  const report = await checkAs(file, encoding, size, contract, options);
  return report ?? ((await checkAs(file, 'windows-1252', size, contract, options)) as FileReport);
}

/** The report, or undefined when UTF-8 decoding met an invalid byte. */
async function checkAs(
  file: string,
  encoding: TextEncoding,
  size: number,
  contract: Contract | undefined,
  options: CsvCheckOptions,
): Promise<FileReport | undefined> {
  // One byte is one character in Windows-1252: a chunk needs nothing from the one before.
  const decoder: { decode(chunk?: Uint8Array, options?: { stream: boolean }): string } =
    encoding === 'windows-1252'
      ? { decode: (chunk) => (chunk ? decodeWindows1252(chunk) : '') }
      : encoding === 'utf-8'
        ? new FatalUtf8Decoder()
        : new TextDecoder(encoding);
  let stream: CheckStream | undefined;
  let checker: CsvChecker | undefined;
  const push = (piece: string) => {
    // Editors and SARIF viewers hide a UTF-8 BOM: positions on line 1 must not count it (UTF-16's decoder drops its own).
    const text = stream ? piece : piece.replace(/^\ufeff/, '');
    if (text === '') return;
    // The first piece tells how long a row is, so the uniqueness indexes can be sized once for the file.
    if (!stream) {
      checker = new CsvChecker(contract, { ...options, expectedRows: Math.ceil((size / text.length) * countLines(text) * 1.05) });
      stream = new CheckStream(checker);
    }
    stream.push(text);
  };
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) push(decoder.decode(chunk as Buffer, { stream: true }));
    push(decoder.decode());
  } catch (error) {
    if (encoding === 'utf-8' && error instanceof TypeError) return undefined;
    throw error;
  }
  stream?.end();
  checker ??= new CsvChecker(contract, options);
  return { ...checker.finish(), encoding };
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** A file on disk as a foreign key reads it: streamed. */
export function fileInput(file: string): CsvInput {
  return {
    name: file,
    size: async () => (await fs.promises.stat(file)).size,
    lines: () => countLineBreaks(file),
    check: (contract, options) => validateCsvFile(file, contract, options),
  };
}

/** Its line feeds, or its carriage returns where it has more (a file of \r line ends), plus one for a last line. */
async function countLineBreaks(file: string): Promise<number> {
  let feeds = 0;
  let returns = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) feeds++;
    for (let at = chunk.indexOf(13); at !== -1; at = chunk.indexOf(13, at + 1)) returns++;
  }
  return Math.max(feeds, returns) + 1;
}

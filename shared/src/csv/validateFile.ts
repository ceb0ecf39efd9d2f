import * as fs from 'fs';
import { Contract } from '../contract/types';
import { TextEncoding } from '../text/decodeText';
import { isUtf8File } from '../text/isUtf8File';
import { CheckStream } from './check/checkStream';
import { CsvCheckOptions, CsvChecker, CsvReport } from './check/validateCsv';
import type { CsvInput } from './foreignKeyCheck';
import { FileFeeder, PIECE_BYTES, ReadAhead } from './fileFeeder';
import { cutShortError } from './parallel/unreadableFile';

export interface FileReport extends CsvReport {
  encoding: TextEncoding;
  /** The file ended before the size it had when the check began: it was cut short while it was read, and its last rows were never seen. */
  cutShort?: true;
}

/**
 * Checks a CSV file on disk as a stream, in bounded memory whatever its size (and whatever its problems, with
 * `onProblems`), reading it once: UTF-16 by its byte order mark; else UTF-8 when all its bytes are, found as it is
 * read (FileFeeder), else Windows-1252. A file is ASCII up to its first byte beyond, and text that is ASCII reads the
 * same in both: the bytes from there on are read ahead once to decide, so no problem found is ever taken back.
 */
export async function validateCsvFile(file: string, contract: Contract | undefined, options: CsvCheckOptions = {}): Promise<FileReport> {
  // Opening a FIFO would wait for a writer forever, and a directory is no CSV.
  const stat = await fs.promises.stat(file);
  if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
  const size = stat.size;
  let stream: CheckStream | undefined;
  let checker: CsvChecker | undefined;
  const streamFor = (text: string): CheckStream => {
    // The first text tells how long a row is, so the uniqueness indexes can be sized once for the file.
    if (!stream) {
      checker = new CsvChecker(contract, { ...options, expectedRows: Math.ceil((size / text.length) * countLines(text) * 1.05) });
      stream = new CheckStream(checker);
    }
    return stream;
  };
  const { encoding: head, utf8Bom } = fileHead(file);
  let encoding: TextEncoding;
  let cutShort = false;
  if (head !== 'utf-16le' && head !== 'utf-16be') {
    const fd = fs.openSync(file, 'r');
    try {
      // Editors and SARIF viewers hide a UTF-8 BOM: positions on line 1 must not count it. It is skipped in a file that is
      // not all UTF-8 too: read as Windows-1252 it became "ï»¿" in the first header, which then bound to no field.
      const from = utf8Bom ? 3 : 0;
      const ahead = new ReadAhead(fd, from);
      try {
        const found = head ?? ((at: number) => (isUtf8File(file, at) ? 'utf-8' : 'windows-1252'));
        const feeder = new FileFeeder((buffer, offset, length) => ahead.read(buffer, offset, length), from, Infinity, found, {
          take: (text, now) => streamFor(text).take(text, now),
          end: (rest) => (rest === '' ? stream?.end('') : streamFor(rest).end(rest)),
          waits: (length) => stream?.waits(length) ?? false,
          dialect: () => stream?.dialect(),
          skip: (...record) => stream!.skip(...record),
        });
        // Each wait turns the event loop: a server's thread hears its other requests between pieces, the CLI a signal.
        do await ahead.wait();
        while (feeder.step());
        if (feeder.at < size) cutShort = true;
        encoding = feeder.encoding;
      } finally {
        await ahead.close();
      }
    } finally {
      fs.closeSync(fd);
    }
  } else {
    encoding = head;
    // UTF-16's decoder drops its own BOM.
    const decoder = new TextDecoder(encoding);
    const push = (text: string) => text !== '' && streamFor(text).push(text);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: PIECE_BYTES })) push(decoder.decode(chunk as Buffer, { stream: true }));
    push(decoder.decode());
    stream?.end();
  }
  checker ??= new CsvChecker(contract, options);
  return { ...checker.finish(), encoding, ...(cutShort ? { cutShort } : {}) };
}

/**
 * What a file's first bytes say of its encoding: UTF-16 by a byte order mark; after a UTF-8 one, UTF-8 when all
 * its bytes are, else Windows-1252 (after the mark); nothing otherwise.
 */
function fileHead(file: string): { encoding?: TextEncoding; utf8Bom: boolean } {
  const head = Buffer.alloc(3);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 3, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', utf8Bom: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', utf8Bom: false };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: isUtf8File(file) ? 'utf-8' : 'windows-1252', utf8Bom: true };
  return { utf8Bom: false };
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
    // Keys a foreign key reads must be all of them: a file cut short while it was read would make orphans of the rest.
    check: async (contract, options) => {
      const report = await validateCsvFile(file, contract, options);
      if (report.cutShort) throw cutShortError(file);
      return report;
    },
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

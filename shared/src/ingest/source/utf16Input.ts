import * as fs from 'fs';
import { IngestError } from '../ingestError';

/** A UTF-16 file's byte order, and whether a byte order mark says it. */
interface Utf16 {
  encoding: 'UTF-16LE' | 'UTF-16BE';
  bom: boolean;
}

/**
 * Whether a file starts as UTF-16 text does: a byte order mark, or (without one) a NUL beside each of its first
 * two characters, which UTF-8 JSON lines or CSV never start with.
 */
function utf16Of(file: string): Utf16 | undefined {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'UTF-16LE', bom: true };
  if (read >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'UTF-16BE', bom: true };
  if (read < 4) return undefined;
  if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return { encoding: 'UTF-16LE', bom: false };
  if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return { encoding: 'UTF-16BE', bom: false };
  return undefined;
}

/** A UTF-16 file is refused once, before any line is read, rather than each line rejected as not UTF-8. */
export function refuseUtf16(file: string, fileName: string, reads: 'logs in UTF-8' | 'CSV files in UTF-8 or Windows-1252'): void {
  const utf16 = utf16Of(file);
  if (!utf16) return;
  throw new IngestError('file', `${fileName} is ${utf16.encoding}; Loadline reads ${reads}: save it as UTF-8`, {
    file: fileName,
    reason: 'utf-16',
    encoding: utf16.encoding,
    bom: utf16.bom ? 'yes' : 'no',
  });
}

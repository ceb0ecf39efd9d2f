import * as fs from 'fs';
import { IngestError } from '../ingestError';

/** A UTF-16 or UTF-32 file's encoding and byte order, and whether a byte order mark says it. */
interface WideText {
  encoding: 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';
  bom: boolean;
}

/**
 * Whether a file starts as UTF-16 or UTF-32 text does: a byte order mark, or (without one) NULs beside its first
 * characters, which UTF-8 JSON lines or CSV never start with. UTF-32 is tried first: its little-endian mark
 * (FF FE 00 00) starts with UTF-16's.
 */
function wideTextOf(file: string): WideText | undefined {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const [a, b, c, d] = head;
  if (read === 4) {
    if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'UTF-32LE', bom: true };
    if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'UTF-32BE', bom: true };
    if (a !== 0 && b === 0 && c === 0 && d === 0) return { encoding: 'UTF-32LE', bom: false };
    if (a === 0 && b === 0 && c === 0 && d !== 0) return { encoding: 'UTF-32BE', bom: false };
  }
  if (read >= 2 && a === 0xff && b === 0xfe) return { encoding: 'UTF-16LE', bom: true };
  if (read >= 2 && a === 0xfe && b === 0xff) return { encoding: 'UTF-16BE', bom: true };
  if (read < 4) return undefined;
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return { encoding: 'UTF-16LE', bom: false };
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return { encoding: 'UTF-16BE', bom: false };
  return undefined;
}

/** A UTF-16 or UTF-32 file is refused once, before any line is read, rather than each line rejected as not UTF-8. */
export function refuseUtf16(file: string, fileName: string, reads: 'logs in UTF-8' | 'CSV files in UTF-8 or Windows-1252'): void {
  const wide = wideTextOf(file);
  if (!wide) return;
  throw new IngestError('file', `${fileName} is ${wide.encoding}; Loadline reads ${reads}: save it as UTF-8`, {
    file: fileName,
    reason: 'utf-16-or-32',
    encoding: wide.encoding,
    bom: wide.bom ? 'yes' : 'no',
  });
}

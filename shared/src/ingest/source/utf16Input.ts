import * as fs from 'fs';
import { IngestError } from '../ingestError';

/** A UTF-16 or UTF-32 file's encoding and byte order, whether a byte order mark says it, and the stray bytes before the text. */
interface WideText {
  encoding: 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';
  bom: boolean;
  /** Bytes before the mark or the text: a line break or a space that an editor or `echo >>` put there. */
  offset: number;
}

/** How much of the file's start is weighed for UTF-16's NUL-every-other-byte. */
const SAMPLE_BYTES = 4096;
/** At most this many stray whitespace bytes before a byte order mark or UTF-16 text. */
const MAX_STRAY_BYTES = 3;
/** The share of a sample's 2-byte units that must hold one NUL byte on the same side to take it for UTF-16. */
const UTF16_SHARE = 0.75;

/**
 * Whether a file starts as UTF-16 or UTF-32 text does: a byte order mark, or (without one) NULs beside its
 * characters, which UTF-8 JSON lines or CSV never hold, also after a stray line break or space. UTF-32 is tried
 * first: its little-endian mark (FF FE 00 00) starts with UTF-16's.
 */
function wideTextOf(file: string): WideText | undefined {
  const head = Buffer.alloc(SAMPLE_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const [a, b, c, d] = head;
  if (read >= 4) {
    if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'UTF-32LE', bom: true, offset: 0 };
    if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'UTF-32BE', bom: true, offset: 0 };
    if (a !== 0 && b === 0 && c === 0 && d === 0) return { encoding: 'UTF-32LE', bom: false, offset: 0 };
    if (a === 0 && b === 0 && c === 0 && d !== 0) return { encoding: 'UTF-32BE', bom: false, offset: 0 };
  }
  let best: (WideText & { share: number }) | undefined;
  for (let offset = 0; offset <= MAX_STRAY_BYTES && offset + 2 <= read; offset++) {
    if (offset > 0 && !STRAY.has(head[offset - 1])) break;
    const [x, y] = [head[offset], head[offset + 1]];
    if (x === 0xff && y === 0xfe) return { encoding: 'UTF-16LE', bom: true, offset };
    if (x === 0xfe && y === 0xff) return { encoding: 'UTF-16BE', bom: true, offset };
    const found = utf16Share(head.subarray(offset, read));
    if (found && (!best || found.share > best.share)) best = { ...found, bom: false, offset };
  }
  return best && { encoding: best.encoding, bom: false, offset: best.offset };
}

/** Bytes that may stray before the text: tab, line feed, carriage return, space. */
const STRAY = new Set([0x09, 0x0a, 0x0d, 0x20]);

/** The byte order whose units hold a NUL on one side and a character on the other in most of `bytes`. */
function utf16Share(bytes: Buffer): { encoding: 'UTF-16LE' | 'UTF-16BE'; share: number } | undefined {
  const units = Math.floor(bytes.length / 2);
  if (units < 2) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] !== 0 && bytes[i + 1] === 0) le++;
    else if (bytes[i] === 0 && bytes[i + 1] !== 0) be++;
  }
  const share = Math.max(le, be) / units;
  return share >= UTF16_SHARE ? { encoding: le > be ? 'UTF-16LE' : 'UTF-16BE', share } : undefined;
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
    offset: String(wide.offset),
  });
}

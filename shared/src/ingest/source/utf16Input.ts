import * as fs from 'fs';
import { IngestError } from '../ingestError';

type WideEncoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

/** A UTF-16 or UTF-32 file's encoding and byte order, whether a byte order mark says it, and the stray bytes before the text. */
interface WideText {
  encoding: WideEncoding;
  bom: boolean;
  /** Bytes before the mark or the text: a line break, a space, a UTF-8 mark or a letter that an editor or `echo >>` put there. */
  offset: number;
}

/** How much of the file's start is weighed for the NULs beside each character. */
const SAMPLE_BYTES = 4096;
/** At most this many stray bytes of any kind before a byte order mark or the text. */
const MAX_STRAY_BYTES = 8;
/** The share of a sample's UTF-16 units that must be one character below U+0100 (one NUL, on the same side). */
const UTF16_SHARE = 0.5;

const ORDERS: { encoding: WideEncoding; unit: 2 | 4; bom: number[]; read: (bytes: Buffer, at: number) => number }[] = [
  { encoding: 'UTF-32LE', unit: 4, bom: [0xff, 0xfe, 0, 0], read: (b, i) => b.readUInt32LE(i) },
  { encoding: 'UTF-32BE', unit: 4, bom: [0, 0, 0xfe, 0xff], read: (b, i) => b.readUInt32BE(i) },
  { encoding: 'UTF-16LE', unit: 2, bom: [0xff, 0xfe], read: (b, i) => b.readUInt16LE(i) },
  { encoding: 'UTF-16BE', unit: 2, bom: [0xfe, 0xff], read: (b, i) => b.readUInt16BE(i) },
];

interface Candidate extends WideText {
  /** The file's length after the stray bytes is whole units: a one-byte shift turns UTF-16BE into UTF-16LE but leaves a byte over. */
  whole: boolean;
  /** UTF-32 before UTF-16: UTF-32 ASCII also reads as UTF-16 with every other unit NUL. */
  wide: number;
  /** The first unit is stray bytes (white space, a UTF-8 mark), not a character: the text starts further on. */
  strayFirst: boolean;
}

/**
 * Whether a file starts as UTF-16 or UTF-32 text does, after up to MAX_STRAY_BYTES stray bytes: a byte order mark, or
 * NULs beside its characters, which UTF-8 JSON lines or CSV never hold. Every order is tried at every offset; a
 * reading must hold only code points, mostly not NUL (UTF-32), or mostly characters below U+0100 (UTF-16), and the file's length
 * after the offset must be whole units, which tells a byte order from the other one shifted by a stray byte.
 */
function wideTextOf(file: string): WideText | undefined {
  const head = Buffer.alloc(SAMPLE_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const sample = head.subarray(0, read);
  let best: Candidate | undefined;
  for (let offset = 0; offset <= MAX_STRAY_BYTES; offset++) {
    for (const order of ORDERS) {
      const found = reading(sample, offset, order, size);
      if (found && (!best || better(found, best))) best = found;
    }
  }
  return best && { encoding: best.encoding, bom: best.bom, offset: best.offset };
}

/** Bytes that stray before the text: tab, line feed, carriage return, space, and a UTF-8 byte order mark's. */
const STRAY = new Set([0x09, 0x0a, 0x0d, 0x20, 0xef, 0xbb, 0xbf]);

/** Whole units first, then a byte order mark, UTF-32, text that does not start with stray bytes, and the fewest bytes skipped. */
function better(a: Candidate, b: Candidate): boolean {
  for (const [x, y] of [
    [Number(a.whole), Number(b.whole)],
    [Number(a.bom), Number(b.bom)],
    [a.wide, b.wide],
    [Number(!a.strayFirst), Number(!b.strayFirst)],
  ]) {
    if (x !== y) return x > y;
  }
  return a.offset < b.offset;
}

/** `sample` from `offset` read in one order, if it looks like text in it. */
function reading(sample: Buffer, offset: number, order: (typeof ORDERS)[number], size: number): Candidate | undefined {
  const units = Math.floor((sample.length - offset) / order.unit);
  if (units < 2) return undefined;
  const bom = order.bom.every((byte, i) => sample[offset + i] === byte);
  let small = 0;
  let nonzero = 0;
  for (let i = 0; i < units; i++) {
    const value = order.read(sample, offset + i * order.unit);
    if (order.unit === 4 && (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) return undefined;
    if (value > 0) nonzero++;
    if (value > 0 && value < 0x100) small++;
  }
  if (order.unit === 4 ? nonzero * 2 < units : small < units * UTF16_SHARE) return undefined;
  const strayFirst = [...sample.subarray(offset, offset + order.unit)].every((byte) => STRAY.has(byte));
  return { encoding: order.encoding, bom, offset, whole: (size - offset) % order.unit === 0, wide: order.unit, strayFirst };
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

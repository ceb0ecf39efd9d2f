import * as fs from 'fs';

/** A byte range of the input that starts at a line start and ends just after a line break (or at EOF). */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
  /** A CSV range: the 0-based line of the file it starts on (quoted fields may hold line breaks). */
  firstLine?: number;
}

const PROBE_BYTES = 64 * 1024;

/**
 * Splits a file into ranges of about `rangeBytes`, each boundary moved forward to the next line start,
 * by reading a few bytes at each boundary; nothing is copied or written.
 */
export function planChunks(fd: number, size: number, rangeBytes: number): ByteRange[] {
  const boundaries = [0];
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  let nominal = rangeBytes;
  while (nominal < size) {
    const lineStart = nextLineStart(fd, nominal, size, probe);
    if (lineStart >= size) break;
    if (lineStart > boundaries[boundaries.length - 1]) boundaries.push(lineStart);
    nominal = Math.max(lineStart, nominal) + rangeBytes;
  }
  boundaries.push(size);
  return boundaries.slice(0, -1).map((start, index) => ({ index, start, end: boundaries[index + 1] }));
}

/** The offset just after the first \n at or after `from` (a long line is followed across probes). */
function nextLineStart(fd: number, from: number, size: number, probe: Buffer): number {
  let position = from - 1;
  while (position < size) {
    const read = fs.readSync(fd, probe, 0, probe.length, position);
    if (read <= 0) return size;
    const newline = probe.subarray(0, read).indexOf(10);
    if (newline !== -1) return position + newline + 1;
    position += read;
  }
  return size;
}

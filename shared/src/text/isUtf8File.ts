import * as fs from 'fs';
import { isUtf8 } from 'buffer';

const BLOCK_BYTES = 1 << 20;

/**
 * Whether a file's bytes from `from` on are UTF-8, read in blocks: a character that a block's end cuts is
 * checked with the next block. Buffer's isUtf8 reads a gigabyte in well under a second.
 */
export function isUtf8File(file: string, from = 0, blockBytes = BLOCK_BYTES): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    return isUtf8Range(fd, from, Infinity, fs.readSync, blockBytes);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether bytes [from, end) of an open file are UTF-8. `read` reads as fs.readSync does: a parallel check's
 * throws when the file is shorter than it planned (cut short while it is checked).
 */
export function isUtf8Range(
  fd: number,
  from: number,
  end: number,
  read: (fd: number, buffer: Buffer, offset: number, length: number, position: number) => number,
  blockBytes = BLOCK_BYTES,
): boolean {
  // Room for the at most 3 bytes of a cut character carried over from the block before.
  const buffer = Buffer.allocUnsafe(blockBytes + 3);
  let carried = 0;
  for (let position = from; ;) {
    const got = position < end ? read(fd, buffer, carried, Math.min(blockBytes, end - position), position) : 0;
    // At the end, a carried piece of a character is not UTF-8.
    if (got === 0) return carried === 0;
    position += got;
    const filled = carried + got;
    const cut = incompleteTail(buffer, filled);
    if (!isUtf8(buffer.subarray(0, cut))) return false;
    buffer.copy(buffer, 0, cut, filled);
    carried = filled - cut;
  }
}

/** A character of 2 to 4 bytes, well formed, in text read as Latin-1 (one character per byte). */
const MULTIBYTE = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;

/**
 * Whether a file holds at least one well-formed UTF-8 character beyond ASCII: text in Windows-1252 almost never
 * does ("Ã©" is what UTF-8 looks like in it), so such a file is UTF-8 with some damaged bytes.
 */
export function hasMultibyteUtf8(file: string, from = 0, blockBytes = BLOCK_BYTES): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(blockBytes);
    // The last 3 bytes of each block are read again with the next, for a character that the cut splits.
    for (let position = from; ; position += Math.max(1, blockBytes - 3)) {
      const read = fs.readSync(fd, buffer, 0, blockBytes, position);
      if (read === 0) return false;
      if (MULTIBYTE.test(buffer.toString('latin1', 0, read))) return true;
      if (read < blockBytes) return false;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Where a character that bytes[0, end) end in the middle of starts, or `end` when the last one is whole. */
export function incompleteTail(bytes: Uint8Array, end: number): number {
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? end - back : end;
  }
  // Three continuation bytes in a row end no character that is still open: isUtf8 judges them.
  return end;
}

import * as fs from 'fs';

/**
 * A file's text from the disk, or undefined when there is none. Only regular files: opening a FIFO or a
 * device would block the caller (the server's main thread) forever.
 */
export function readFromDisk(filePath: string): string | undefined {
  try {
    if (!fs.statSync(filePath).isFile()) return undefined;
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

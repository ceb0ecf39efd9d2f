import * as fs from 'fs';
import type { FileState } from './fileState';

/**
 * A file's text from the disk, or undefined when there is none. Only regular files: opening a FIFO or a
 * device would block the caller (the server's main thread) forever. Never more than the size the file had when
 * opened: a /proc file says 0 and then yields without end (`/proc/self/pagemap`: hundreds of GB).
 */
export function readFromDisk(filePath: string): string | undefined {
  let fd: number | undefined;
  try {
    if (!fs.statSync(filePath).isFile()) return undefined;
    fd = fs.openSync(filePath, 'r');
    const buffer = Buffer.alloc(fs.fstatSync(fd).size);
    let filled = 0;
    for (let n = -1; n !== 0 && filled < buffer.length; filled += n) n = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
    return buffer.toString('utf8', 0, filled);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * `file` when the path is a regular file this process may read (of at most `maxBytes`, when given), `missing`
 * when nothing is there, else why it cannot be read. Stats and an access check; it opens only a regular file
 * that claims to be empty under a size limit (to tell a /proc file from an empty one), so a FIFO cannot block it.
 */
export function fileStateOnDisk(filePath: string, maxBytes?: number): FileState {
  // Node refuses such a path before asking the system, with a code (ERR_INVALID_ARG_VALUE) that says nothing to a user.
  if (filePath.includes('\0')) return { why: 'nul-in-name' };
  try {
    const stat = fs.statSync(filePath);
    if (stat.isDirectory()) return { why: 'folder' };
    if (!stat.isFile()) return { why: 'not-regular' };
    if (maxBytes !== undefined && stat.size > maxBytes) return { why: 'too-large', size: stat.size };
    fs.accessSync(filePath, fs.constants.R_OK);
    return maxBytes !== undefined && stat.size === 0 && hasContent(filePath) ? { why: 'no-size' } : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return isLink(filePath) ? { why: 'dangling-link' } : 'missing';
    if (code === 'ELOOP') return { why: 'link-loop' };
    if (code === 'EACCES' || code === 'EPERM') return { why: 'denied', code };
    return { why: 'error', code };
  }
}

/** Whether a file that stat calls empty yields a byte anyway, as the pseudo-files of /proc and /sys do. */
function hasContent(filePath: string): boolean {
  const fd = fs.openSync(filePath, 'r');
  try {
    // 64 bytes: /proc/self/pagemap refuses a read of less than one 8-byte entry.
    return fs.readSync(fd, Buffer.alloc(64), 0, 64, null) > 0;
  } finally {
    fs.closeSync(fd);
  }
}

function isLink(filePath: string): boolean {
  try {
    return fs.lstatSync(filePath).isSymbolicLink();
  } catch {
    return false;
  }
}

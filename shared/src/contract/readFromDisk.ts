import * as fs from 'fs';
import type { FileState } from './fileState';

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

/**
 * `file` when the path is a regular file this process may read (of at most `maxBytes`, when given), `missing`
 * when nothing is there, else why it cannot be read. Only stats and an access check: it never opens the path,
 * so a FIFO cannot block it.
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
    return 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return isLink(filePath) ? { why: 'dangling-link' } : 'missing';
    if (code === 'ELOOP') return { why: 'link-loop' };
    if (code === 'EACCES' || code === 'EPERM') return { why: 'denied', code };
    return { why: 'error', code };
  }
}

function isLink(filePath: string): boolean {
  try {
    return fs.lstatSync(filePath).isSymbolicLink();
  } catch {
    return false;
  }
}

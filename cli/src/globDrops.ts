import * as path from 'path';
import picomatch from 'picomatch';
import { CSV_FILE_EXTENSIONS, fileStateOnDisk, JSON_LINES_EXTENSIONS } from '@loadline/shared';

/** What `validate` finds under a folder, and with no paths here: the tables, then the JSON-lines logs. */
export const DEFAULT_GLOBS = [...CSV_FILE_EXTENSIONS, ...JSON_LINES_EXTENSIONS].map((extension) => `**/*.${extension}`);

/** How `validate` walks a folder or a glob (tinyglobby's options). */
export const GLOB_OPTIONS = { ignore: ['**/node_modules/**', '**/.git/**'], absolute: true, dot: false, expandDirectories: false };

/**
 * The entries the glob library drops without a word although their names match: a FIFO, a socket or a device
 * named `x.csv`, a dangling `.csv` symlink, a `.csv` symlink loop, and in a folder's walk (which follows no
 * link) a symlink to a file. They are checked (and so reported as not readable) like any other match; a
 * symlink to a folder is a folder, which a file glob does not match.
 */
export function droppedByGlob(entries: string[], patterns: string | string[], cwd: string, matches: string[], caseSensitiveMatch: boolean): string[] {
  const isMatch = picomatch(patterns, { dot: GLOB_OPTIONS.dot, nocase: !caseSensitiveMatch });
  const found = new Set(matches);
  return entries.filter((entry) => {
    if (found.has(entry) || !isMatch(path.relative(cwd, entry).split(path.sep).join('/'))) return false;
    const state = fileStateOnDisk(entry);
    return state === 'file' || (typeof state === 'object' && state.why !== 'folder');
  });
}

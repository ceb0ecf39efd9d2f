import * as fs from 'fs';
import type { Contract } from '@loadline/shared';

/**
 * The checks a run has made, each keyed by the file itself (device and inode, whatever path reaches it) and the
 * rules it was checked under. A file reached by two paths (a symlink, a symlink loop in a folder) is checked once
 * per set of rules: a path that brings other rules (another folder's .loadline.json) is checked under them and
 * reported under its own name (docs/ci.md, "A file reached by two paths").
 */
export class SameFileChecks {
  private readonly done = new Set<string>();

  /** Whether `file` was checked under `rules` already (a contract, none, or a log's mapping), by any path; else counts it as checked now. */
  checkedBefore(file: string, rules: Contract | undefined | 'log'): boolean {
    // A contract's rules without the key of the file they were read from: two contract files with the same rules are one.
    const key = JSON.stringify([identity(file), typeof rules === 'object' ? { ...rules, rulesKey: undefined } : (rules ?? null)]);
    if (this.done.has(key)) return true;
    this.done.add(key);
    return false;
  }
}

/** A file that cannot be stat'ed is its path: checkReadable reports it, once per path. */
function identity(file: string): string {
  try {
    const { dev, ino } = fs.statSync(file);
    return `${dev}:${ino}`;
  } catch {
    return file;
  }
}

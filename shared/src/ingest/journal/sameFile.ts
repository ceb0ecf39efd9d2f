import * as fs from 'fs';

/**
 * Whether two paths name one file: the same real path (through symlinked folders, a symlink to the file, `..`),
 * or the same device and inode (a hard link). A path that does not exist is only itself.
 */
export function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    if (fs.realpathSync(a) === fs.realpathSync(b)) return true;
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    // Some file systems (FAT, a few network ones) give no inode: 0 would make every file the same one.
    return x.ino !== 0 && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

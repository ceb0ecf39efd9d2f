import * as path from 'path';

/**
 * A path as the reports show it: relative to `root` (the folder `loadline validate` runs in) whenever the file is
 * below it, else absolute. Only a first segment of exactly `..` leaves the root: `..data.csv`, `...` and `.. x`
 * are names inside it.
 */
export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? file : relative;
}

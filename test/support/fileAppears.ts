import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Resolves once `file` exists, woken by its folder's changes (no polling, no sleep). Call it before starting
 * what creates the file: a file already there when it is called is seen at the folder's next change only.
 */
export function fileAppears(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (!fs.existsSync(file)) return;
      watcher.close();
      resolve();
    });
  });
}

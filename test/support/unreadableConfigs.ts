import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * A .loadline.json that is there but cannot be read, as the CLI and the editor must both refuse it: what it is,
 * how to make one at a path, and the reason Loadline gives. The FIFO is never opened, so the run ends.
 */
export const UNREADABLE_CONFIGS: [what: string, make: (config: string) => void, reason: string][] = [
  ['a folder', (config) => fs.mkdirSync(config), 'it is a folder'],
  ['a FIFO', (config) => execFileSync('mkfifo', [config]), 'it is not a regular file'],
  ['a dangling symlink', (config) => fs.symlinkSync('nowhere.json', config), 'it is a symbolic link to nothing'],
  ['a symlink loop', (config) => fs.symlinkSync('.loadline.json', config), 'it is a symbolic link loop'],
  // A valid contract padded with NULs past the size limit: sparse, so cheap; never read whole.
  [
    'a huge file',
    (config) => {
      fs.writeFileSync(config, JSON.stringify({ contracts: [{ files: ['**/*.csv'] }] }));
      fs.truncateSync(config, 65 * 1024 * 1024);
    },
    'it is 65 MiB, above the 64 MiB that Loadline reads of a contract or schema file',
  ],
];

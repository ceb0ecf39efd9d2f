import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from './types';

/** Reads a file's text, or undefined when there is none; lets the server prefer unsaved editor buffers. */
export type ReadText = (filePath: string) => string | undefined;

/**
 * The ReadText of the disk alone. Only regular files: opening a FIFO or a device would block the caller
 * (the server's main thread) forever.
 */
export function readFromDisk(filePath: string): string | undefined {
  try {
    if (!fs.statSync(filePath).isFile()) return undefined;
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The nearest .loadline.json walking up from the CSV's folder, with its text. */
export function findConfig(csvPath: string, readText: ReadText): { path: string; text: string } | undefined {
  let dir = path.dirname(path.resolve(csvPath));
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const text = readText(candidate);
    if (text !== undefined) return { path: candidate, text };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The CSV's path from the config's folder, '/'-separated, as matchContract takes it. */
export function pathFromConfig(configPath: string, csvPath: string): string {
  return path.relative(path.dirname(configPath), path.resolve(csvPath)).split(path.sep).join('/');
}

import { glob } from 'tinyglobby';
import { URI } from 'vscode-uri';
import { LISTED_FILES } from '@loadline/shared';

/** The files below a `file:` folder that a contract's globs match, as matchContract matches them (dot files too). */
export async function listFilesOnDisk(folder: URI, globs: string[]): Promise<URI[]> {
  if (folder.scheme !== 'file') return [];
  const found = await glob(globs, {
    cwd: folder.fsPath,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: [...LISTED_FILES.ignore],
  });
  return found
    .sort()
    .slice(0, LISTED_FILES.max)
    .map((file) => URI.file(file));
}

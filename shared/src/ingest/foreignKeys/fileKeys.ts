import * as fs from 'fs';
import { URI } from 'vscode-uri';
import { Contract } from '../../contract/types';
import { readReferencedKeys, ReferencedKeys } from '../../csv/foreignKeyCheck';
import { referencedKeysFault } from '../../csv/foreignKeys/foreignKeyProblems';
import { fileInput } from '../../csv/validateFile';
import { IngestError } from '../ingestError';
import { IngestForeignKey } from './ingestForeignKeys';

/**
 * Each file the foreign keys refer to (not the loaded file itself, a self-reference), with its size, times, device
 * and inode: what a checkpoint keeps, so that a resume over a changed referenced file is refused (hp15 08).
 */
export function referencedFileIdentities(foreignKeys: IngestForeignKey[]): Record<string, string> {
  const identities: Record<string, string> = {};
  for (const { target } of foreignKeys)
    for (const uri of target.files) {
      const file = URI.parse(uri).fsPath;
      const { size, mtimeMs, ctimeMs, dev, ino } = fs.statSync(file);
      identities[file] = `${size}:${mtimeMs}:${ctimeMs}:${dev}:${ino}`;
    }
  return identities;
}

/**
 * The keys of the files each foreign key refers to (the loaded file itself for a self-reference), read from the
 * disk as digests. A reference that is not to a key (a missing column, a key that repeats) stops the load, as
 * validate reports it on the contract. Given `contract` (the loaded file's), the keys of rows that break their
 * own contract (the referenced contract's; `contract` for a self-reference) are withdrawn: the load takes none.
 * `shared`: the digests in shared memory, for the load's threads (postedKeys).
 */
export async function readFileKeys(file: string, foreignKeys: IngestForeignKey[], contract?: Contract, shared = false): Promise<ReferencedKeys[]> {
  const found: ReferencedKeys[] = [];
  for (const { target } of foreignKeys) {
    const self = target.files.length === 0;
    const files = self ? [file] : target.files.map((uri) => URI.parse(uri).fsPath);
    let keys: ReferencedKeys;
    try {
      keys = await readReferencedKeys(files.map(fileInput), target, contract && (self ? contract : target.contract), shared);
    } catch (error) {
      throw new IngestError('file', `${file} cannot be loaded: the file its foreign key refers to cannot be read (${(error as Error).message})`, {
        file,
        reason: 'foreign-key-file',
      });
    }
    const fault = referencedKeysFault(keys, target, (f) => f);
    if (fault) throw new IngestError('file', `${file} cannot be loaded: ${fault}`, { file, reason: 'foreign-key-not-a-key' });
    found.push(keys);
  }
  return found;
}

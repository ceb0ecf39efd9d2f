import { URI } from 'vscode-uri';
import { fileInput, foreignKeyProblems as problemsOf, Problem, readReferencedKeys, ReferencedKeys, ResolvedContract } from '@loadline/shared';

/** A problem and the file it belongs to (a foreign key's own problems belong to the contract file that declares it). */
export interface FiledProblem {
  file: string;
  problem: Problem;
}

/**
 * The foreign keys of one checked file, read from the disk, and the orphan rows found past `maxProblems` (counted, not listed). Referenced keys are read once per run (`cache`), so
 * a file referred to by many is read once.
 */
export async function foreignKeyProblems(
  file: string,
  resolved: ResolvedContract,
  cache: Map<string, Promise<ReferencedKeys>>,
  maxProblems: number,
  shown: (path: string) => string,
): Promise<{ filed: FiledProblem[]; unlistedOrphans: number }> {
  const { filed, unlistedOrphans } = await problemsOf(
    fileInput(file),
    resolved,
    (target) => {
      const files = target.files.length === 0 ? [file] : target.files.map((uri) => URI.parse(uri).fsPath);
      const key = JSON.stringify([files, target.referenced, target.missingValues, target.delimiter]);
      let keys = cache.get(key);
      if (!keys) {
        keys = readReferencedKeys(files.map(fileInput), target);
        cache.set(key, keys);
      }
      return keys;
    },
    maxProblems,
    shown,
  );
  return {
    filed: filed.map(({ problem, declaredIn }) => ({ file: declaredIn === undefined ? shown(file) : shown(URI.parse(declaredIn).fsPath), problem })),
    unlistedOrphans,
  };
}

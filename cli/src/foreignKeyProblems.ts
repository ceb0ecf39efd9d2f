import { URI } from 'vscode-uri';
import {
  CsvReport,
  fileInput,
  ForeignKeyTarget,
  foreignKeyProblems as problemsOf,
  Problem,
  readReferencedKeys,
  ReferencedKeys,
  ResolvedContract,
} from '@loadline/shared';

/** A problem and the file it belongs to (a foreign key's own problems belong to the contract file that declares it). */
export interface FiledProblem {
  file: string;
  problem: Problem;
}

/**
 * The referenced keys of `file`'s foreign keys, read from the disk once per run (`cache`), so that a file referred
 * to by many is read once.
 */
export function referencedKeysOf(file: string, cache: Map<string, Promise<ReferencedKeys>>): (target: ForeignKeyTarget) => Promise<ReferencedKeys> {
  return (target) => {
    const files = target.files.length === 0 ? [file] : target.files.map((uri) => URI.parse(uri).fsPath);
    const key = JSON.stringify([files, target.referenced, target.missingValues, target.delimiter]);
    let keys = cache.get(key);
    if (!keys) {
      keys = readReferencedKeys(files.map(fileInput), target);
      // Read ahead of the check that needs it: a failure is reported when the keys are asked for.
      keys.catch(() => undefined);
      cache.set(key, keys);
    }
    return keys;
  };
}

/**
 * The foreign keys of one checked file, and the orphan rows found past `maxProblems` (counted, not listed).
 * `report`: the file's check, which collected its referencing keys (`referencing`), so the file is not parsed again.
 */
export async function foreignKeyProblems(
  file: string,
  resolved: ResolvedContract,
  keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>,
  maxProblems: number,
  shown: (path: string) => string,
  report: CsvReport,
): Promise<{ filed: FiledProblem[]; unlistedOrphans: number }> {
  const collected = report.references && { references: report.references, delimiter: report.delimiter ?? ',' };
  const { filed, unlistedOrphans } = await problemsOf(fileInput(file), resolved, keysOf, maxProblems, shown, collected);
  return {
    filed: filed.map(({ problem, declaredIn }) => ({ file: declaredIn === undefined ? shown(file) : shown(URI.parse(declaredIn).fsPath), problem })),
    unlistedOrphans,
  };
}

import * as fs from 'fs';
import { URI } from 'vscode-uri';
import {
  fileInput,
  FileReport,
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
 * Referenced files up to this size are read while the referencing file is checked. A larger one is read after the
 * check: its keys' index (10,000,000 keys, some 170 MB) beside a check's memory took the run to 351 MB.
 */
const READ_AHEAD_BYTES = 64 << 20;

/**
 * The referenced keys of `file`'s foreign keys, read from the disk once per run (`cache`), so that a file referred
 * to by many is read once. Those of `ahead` start being read now, while the file is checked, if they are small.
 */
export function referencedKeysOf(
  file: string,
  cache: Map<string, Promise<ReferencedKeys>>,
  ahead: ForeignKeyTarget[],
): (target: ForeignKeyTarget) => Promise<ReferencedKeys> {
  const keysOf = (target: ForeignKeyTarget) => {
    const files = filesOf(target);
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
  const filesOf = (target: ForeignKeyTarget) => (target.files.length === 0 ? [file] : target.files.map((uri) => URI.parse(uri).fsPath));
  const size = (path: string) => {
    try {
      return fs.statSync(path).size;
    } catch {
      // Read now, to be reported when the keys are asked for.
      return 0;
    }
  };
  for (const target of ahead) if (filesOf(target).reduce((sum, path) => sum + size(path), 0) <= READ_AHEAD_BYTES) void keysOf(target);
  return keysOf;
}

/**
 * The foreign keys of one checked file, and the orphan rows found past `maxProblems` (counted, not listed).
 * `report`: the file's check, which collected its referencing keys (`referencing`), so the file is not parsed again.
 */
export async function foreignKeyProblems(
  file: string,
  resolved: ResolvedContract | undefined,
  keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>,
  maxProblems: number,
  shown: (path: string) => string,
  report: FileReport,
): Promise<{ filed: FiledProblem[]; unlistedOrphans: number }> {
  if (!resolved?.foreignKeys) return { filed: [], unlistedOrphans: 0 };
  const collected = report.references && { references: report.references, delimiter: report.delimiter ?? ',' };
  const { filed, unlistedOrphans } = await problemsOf(fileInput(file), resolved, keysOf, maxProblems, shown, collected);
  return {
    filed: filed.map(({ problem, declaredIn }) => ({ file: declaredIn === undefined ? shown(file) : shown(URI.parse(declaredIn).fsPath), problem })),
    unlistedOrphans,
  };
}

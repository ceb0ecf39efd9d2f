import * as fs from 'fs';
import { URI } from 'vscode-uri';
import {
  fileInput,
  FileReport,
  ForeignKeyTarget,
  ForeignKeyOrphan,
  foreignKeyProblems as problemsOf,
  orphansFromDigests,
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

/** The referenced keys read ahead of a check (referencedKeysOf), as a parallel check takes them (ParallelOptions.heldKeys). */
interface KnownKeys {
  /** Per foreign key, its keys once read (none for a key not read ahead, or whose read failed). */
  now: () => (ReferencedKeys['index'] | undefined)[];
  /** Settles once every read ahead has. */
  settled: Promise<void>;
}

/**
 * The referenced keys of `file`'s foreign keys, read from the disk once per run (`cache`), so that a file referred
 * to by many is read once. Those of `ahead` start being read now, while the file is checked, if they are small:
 * `known` has them as they come.
 */
export function referencedKeysOf(
  file: string,
  cache: Map<string, Promise<ReferencedKeys>>,
  ahead: ForeignKeyTarget[],
): { keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>; known: KnownKeys } {
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
  const known: (ReferencedKeys['index'] | undefined)[] = ahead.map(() => undefined);
  const reads: Promise<void>[] = [];
  ahead.forEach((target, k) => {
    if (filesOf(target).reduce((sum, path) => sum + size(path), 0) > READ_AHEAD_BYTES) return;
    reads.push(
      keysOf(target).then(
        (keys) => void (known[k] = keys.index),
        () => undefined,
      ),
    );
  });
  return { keysOf, known: { now: () => [...known], settled: Promise.all(reads).then(() => undefined) } };
}

/**
 * Words a file's listed orphans as soon as its parallel check knows which they are (ParallelOptions.onOrphansListed),
 * while it checks on: the second read of the file, up to the last orphan listed, was otherwise the run's tail.
 */
export function earlyOrphans(
  file: string,
  resolved: ResolvedContract | undefined,
  keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>,
  maxProblems: number,
): { onOrphansListed: (foreignKey: number, references: Uint32Array[], delimiter: string) => void; worded: () => Promise<(ForeignKeyOrphan[] | undefined)[]> } {
  const worded: Promise<ForeignKeyOrphan[] | undefined>[] = [];
  return {
    onOrphansListed: (k, references, delimiter) => {
      const target = resolved?.foreignKeys?.[k];
      if (!target) return;
      worded[k] = keysOf(target)
        .then((keys) => orphansFromDigests(fileInput(file), resolved.contract, target, keys, references, delimiter, maxProblems))
        .then(
          (found) => found.orphans,
          // The read after the check says what went wrong.
          () => undefined,
        );
    },
    worded: () => Promise.all(worded),
  };
}

/**
 * The foreign keys of one checked file, and the orphan rows found past `maxProblems` (counted, not listed).
 * `report`: the file's check, which collected its referencing keys (`referencing`), so the file is not parsed again;
 * `worded`: earlyOrphans'.
 */
export async function foreignKeyProblems(
  file: string,
  resolved: ResolvedContract | undefined,
  keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>,
  maxProblems: number,
  shown: (path: string) => string,
  report: FileReport,
  worded?: (ForeignKeyOrphan[] | undefined)[],
): Promise<{ filed: FiledProblem[]; unlistedOrphans: number }> {
  if (!resolved?.foreignKeys) return { filed: [], unlistedOrphans: 0 };
  const collected = report.references && { references: report.references, delimiter: report.delimiter ?? ',', worded };
  const { filed, unlistedOrphans } = await problemsOf(fileInput(file), resolved, keysOf, maxProblems, shown, collected);
  return {
    filed: filed.map(({ problem, declaredIn }) => ({ file: declaredIn === undefined ? shown(file) : shown(URI.parse(declaredIn).fsPath), problem })),
    unlistedOrphans,
  };
}

import { URI } from 'vscode-uri';
import { findOrphans, ForeignKeyOrphan, ForeignKeyTarget, Problem, readReferencedKeys, ReferencedKeys, ResolvedContract } from '@loadline/shared';

/** A problem and the file it belongs to (a foreign key's own problems belong to the contract file that declares it). */
export interface FiledProblem {
  file: string;
  problem: Problem;
}

/**
 * The foreign keys of one checked file: its orphan rows, and the problems of a reference that is not to a key
 * (a key repeats in the referenced file, or a referenced column is missing), filed on the contract. Referenced
 * keys are read once per run (`cache`), so a file referred to by many is read once.
 */
export async function foreignKeyProblems(
  file: string,
  resolved: ResolvedContract,
  cache: Map<string, Promise<ReferencedKeys>>,
  maxProblems: number,
  shown: (path: string) => string,
): Promise<FiledProblem[]> {
  const filed: FiledProblem[] = [];
  for (const target of resolved.foreignKeys ?? []) {
    const files = target.files.length === 0 ? [file] : target.files.map((uri) => URI.parse(uri).fsPath);
    const key = JSON.stringify([files, target.referenced, target.missingValues, target.delimiter]);
    let keys = cache.get(key);
    if (!keys) {
      keys = readReferencedKeys(files, target);
      cache.set(key, keys);
    }
    const onContract = (message: string): FiledProblem => ({
      file: shown(URI.parse(target.declaredIn).fsPath),
      problem: { code: 'invalid-config', severity: 'error', message, range: target.range },
    });
    let found: ReferencedKeys;
    try {
      found = await keys;
    } catch (error) {
      filed.push(onContract(`Cannot read the file the foreign key refers to (${(error as Error).message}), so ${shown(file)} is not checked against it`));
      continue;
    }
    const referenced = `${nameOf(target)} (${target.referenced.map((f) => f.name).join(', ')})`;
    if (found.missingFields.length > 0) {
      filed.push(
        onContract(
          `The foreign key refers to ${referenced}, but ${files.map(shown).join(', ')} has no column ${found.missingFields.map((f) => `"${f}"`).join(', ')}`,
        ),
      );
      continue;
    }
    if (found.repeat) {
      const { file: at, row, firstRow, values } = found.repeat;
      filed.push(
        onContract(
          `The foreign key refers to ${referenced}, which is not a key: rows ${firstRow} and ${row} of ${shown(at)} both hold ${valueList(values)}. Refer to a unique key (a primaryKey or uniqueKeys entry)`,
        ),
      );
      continue;
    }
    const { orphans } = await findOrphans(file, resolved.contract, target, found, maxProblems);
    for (const orphan of orphans) filed.push({ file: shown(file), problem: orphanProblem(orphan, target, referenced) });
  }
  return filed;
}

function orphanProblem(orphan: ForeignKeyOrphan, target: ForeignKeyTarget, referenced: string): Problem {
  const base = `Value ${valueList(orphan.values)} of ${fieldList(target.fields)} in row ${orphan.row} is not in ${referenced}`;
  const types = target.referenced.map((f) => `${f.name}: ${f.type ?? 'string'}`).join(', ');
  return {
    code: 'foreign-key',
    severity: 'error',
    message: orphan.reason === 'uncastable' ? `${base}: it cannot be read as the referenced type (${types})` : base,
    range: orphan.range,
    reason: orphan.reason,
    data: {
      reason: orphan.reason,
      values: orphan.values.map((v) => (typeof v === 'bigint' ? v.toString() : v)),
      fields: target.fields,
      resource: target.resource,
      referencedFields: target.referenced.map((f) => f.name),
    },
  };
}

const nameOf = (target: ForeignKeyTarget) => (target.resource === '' ? 'this file' : target.resource);
const shownValue = (v: unknown) => (typeof v === 'string' || (typeof v === 'object' && v !== null) ? JSON.stringify(v) : String(v));
/** One value as itself, several as a tuple: "EAST" or ("EAST", 1). */
const valueList = (values: unknown[]) => (values.length === 1 ? shownValue(values[0]) : `(${values.map(shownValue).join(', ')})`);
const fieldList = (names: string[]) => (names.length === 1 ? names[0] : `(${names.join(', ')})`);

import { JSONPath } from 'jsonc-parser';
import picomatch from 'picomatch';
import { URI, Utils } from 'vscode-uri';
import { DEFAULT_MISSING_VALUES, ForeignKey, keyFieldsOf, SchemaField, TableSchema } from '../schema/tableSchema';
import type { FileState } from './fileState';
import { GLOB_OPTIONS } from './matchContract';
import { normalizeLabel } from './normalizeLabel';
import { isAbsolute, isUrl, leavesFolder, rangesAt, shownPath } from './schemaPath';
import { ColumnRule, tableRules } from './tableRules';
import { Contract, ContractConfig, DataPackage, ForeignKeyTarget } from './types';

/** One contract or resource of a contract file: its rules, with a schema given by path read already. */
interface Owner {
  name?: string;
  contract: Contract;
  /** Its data files, relative to the contract file (a Data Package resource's paths). */
  paths?: string[];
  /** Where its foreign keys are written. */
  declared: { foreignKey: ForeignKey; path: JSONPath; inSchemaFile?: number }[];
}

export interface ForeignKeyResolution {
  /** Per contract (or resource), its foreign keys that resolve. */
  targets: ForeignKeyTarget[][];
  faults: { path: JSONPath; message: string }[];
}

/**
 * The foreign keys of a .loadline.json's contracts or a datapackage.json's resources, resolved against the
 * other contracts (resources) of the same file. `schemaOf` reads a schema given by path (undefined when it is
 * broken: its own problems say why); `stateOf` tells whether a referenced file is there.
 */
export async function foreignKeyTargets(
  kind: 'config' | 'data-package',
  value: unknown,
  owner: URI,
  text: string,
  schemaOf: (ref: string) => Promise<TableSchema | undefined>,
  stateOf: (uri: URI) => FileState | undefined,
): Promise<ForeignKeyResolution> {
  const owners = await ownersOf(kind, value, schemaOf);
  const faults: ForeignKeyResolution['faults'] = [];
  const found: { at: number; target: Omit<ForeignKeyTarget, 'range'>; path: JSONPath }[] = [];
  const dir = Utils.dirname(owner);
  owners.forEach((self, at) => {
    for (const { foreignKey, path, inSchemaFile } of self.declared) {
      // A foreign key of a schema file is pointed at where the contract names that file.
      const fault = (where: JSONPath, message: string) =>
        faults.push(
          inSchemaFile === undefined
            ? { path: [...path, ...where], message }
            : { path, message: `foreignKeys entry ${inSchemaFile + 1} of the schema: ${message}` },
        );
      const { reference } = foreignKey;
      const name = reference.resource ?? '';
      const referencedAt = name === '' ? at : owners.findIndex((o) => o.name === name);
      const what = kind === 'config' ? 'contract' : 'resource';
      if (referencedAt === -1) {
        fault(['reference', 'resource'], `The foreign key refers to ${what} "${name}", which is not a ${what} of this file: name one (its "name")`);
        continue;
      }
      const target = owners[referencedAt];
      const columns = tableRules(target.contract).columns;
      const ownColumns = tableRules(self.contract).columns;
      const referenced: SchemaField[] = [];
      const referencedColumns: string[] = [];
      keyFieldsOf(reference.fields).forEach((field, i) => {
        const column = columnNamed(columns, field);
        if (column) {
          const { constraints: _constraints, ...typed } = column.rule.field;
          referenced.push(typed);
          referencedColumns.push(column.mapsTo ?? column.label.trim());
        } else
          fault(
            Array.isArray(reference.fields) ? ['reference', 'fields', i] : ['reference', 'fields'],
            `The foreign key refers to field "${field}" of ${name === '' ? `this ${what}` : `${what} "${name}"`}, which has no such field`,
          );
      });
      if (referenced.length !== keyFieldsOf(reference.fields).length) continue;
      const files = name === '' ? [] : referencedFiles(target, reference.path, dir, (where, message) => fault(where, message), stateOf);
      if (files === undefined) continue;
      const schema = typeof target.contract.schema === 'object' ? target.contract.schema : undefined;
      found.push({
        at,
        path,
        target: {
          // Downstream a referencing field is found by its header label.
          fields: keyFieldsOf(foreignKey.fields).map((field) => columnNamed(ownColumns, field)?.label ?? field),
          resource: name,
          referenced,
          missingValues: schema?.missingValues ?? DEFAULT_MISSING_VALUES,
          columns: referencedColumns,
          files: files.map((uri) => uri.toString()),
          ...(name === '' ? {} : { contract: { ...target.contract, files: [] } }),
          ...(target.contract.delimiter ? { delimiter: target.contract.delimiter } : {}),
          declaredIn: owner.toString(),
        },
      });
    }
  });
  const targets: ForeignKeyTarget[][] = owners.map(() => []);
  // Positions need the file's tree: a config of 13,000 contracts without foreign keys must not build one.
  if (found.length === 0) return { targets, faults };
  const ranges = rangesAt(
    text,
    found.map((f) => f.path),
  );
  found.forEach((f, i) => targets[f.at].push({ ...f.target, range: ranges[i] }));
  return { targets, faults };
}

/**
 * The column a foreign key names: the one whose header rule maps to `name` (its `field`, the column's Table Schema
 * name), else the one labelled `name` (header labels compare as normalizeLabel says).
 */
function columnNamed(columns: ColumnRule[], name: string): ColumnRule | undefined {
  return columns.find((c) => c.mapsTo === name) ?? columns.find((c) => c.key === normalizeLabel(name));
}

async function ownersOf(kind: 'config' | 'data-package', value: unknown, schemaOf: (ref: string) => Promise<TableSchema | undefined>): Promise<Owner[]> {
  const key = kind === 'config' ? 'contracts' : 'resources';
  const written: { name?: string; contract: Contract; paths?: string[] }[] =
    kind === 'config'
      ? (value as ContractConfig).contracts.map((contract) => ({ name: contract.name, contract }))
      : (value as DataPackage).resources.map((r) => ({
          name: r.name,
          contract: { files: [], schema: r.schema, ...(r.dialect?.delimiter ? { delimiter: r.dialect.delimiter } : {}) },
          paths: (Array.isArray(r.path) ? r.path : [r.path]).filter((p) => typeof p === 'string'),
        }));
  return Promise.all(
    written.map(async ({ name, contract, paths }, i) => {
      const schema = typeof contract.schema === 'string' ? await schemaOf(contract.schema) : contract.schema;
      const schemaPath: JSONPath = [key, i, 'schema'];
      const declared: Owner['declared'] = (schema?.foreignKeys ?? []).map((foreignKey, k) =>
        typeof contract.schema === 'string' ? { foreignKey, path: schemaPath, inSchemaFile: k } : { foreignKey, path: [...schemaPath, 'foreignKeys', k] },
      );
      for (const [label, rule] of Object.entries(contract.headers ?? {}))
        if (rule.foreignKey)
          declared.push({ foreignKey: { fields: label, reference: rule.foreignKey.reference }, path: [key, i, 'headers', label, 'foreignKey'] });
      return { name, contract: { ...contract, schema }, paths, declared };
    }),
  );
}

/** The files a reference reads, or undefined (with a fault) when they cannot be told or are not there. */
function referencedFiles(
  target: Owner,
  path: string | undefined,
  dir: URI,
  fault: (where: JSONPath, message: string) => void,
  stateOf: (uri: URI) => FileState | undefined,
): URI[] | undefined {
  let refs: string[];
  let where: JSONPath = ['reference', 'resource'];
  if (path !== undefined) {
    where = ['reference', 'path'];
    if (isUrl(path) || isAbsolute(path) || leavesFolder(path))
      return void fault(where, `The reference path "${path}" must be relative to this file's folder, inside it, and not a URL`);
    if (target.paths === undefined && !picomatch(target.contract.files, GLOB_OPTIONS)(path.replace(/^\.\//, '')))
      return void fault(where, `The reference path "${path}" is not one of the referenced contract's files (${target.contract.files.join(', ')})`);
    refs = [path];
  } else if (target.paths !== undefined) refs = target.paths;
  else if (target.contract.files.length === 1 && !picomatch.scan(target.contract.files[0]).isGlob) refs = target.contract.files;
  else
    return void fault(
      where,
      `The referenced contract's files (${target.contract.files.join(', ')}) may match several files: give reference.path, the file that holds the keys`,
    );
  const uris: URI[] = [];
  for (const ref of refs) {
    // A remote resource is never fetched: its keys cannot be known.
    if (isUrl(ref)) return void fault(where, `The referenced data "${ref}" is a URL, which Loadline never fetches`);
    const uri = Utils.joinPath(dir, ref);
    const state = stateOf(uri);
    if (state !== undefined && state !== 'file') return void fault(where, `The referenced data ${shownPath(uri)} is not a readable file`);
    uris.push(uri);
  }
  return uris;
}

/**
 * The data files a contract file names for the contracts (resources) whose foreign keys refer to `referenced`
 * (a URI): a resource's paths, a contract's `files` that are no globs, and the globs, whose files the host
 * lists (where it can).
 */
export function referringFiles(
  kind: 'config' | 'data-package',
  value: unknown,
  targets: ForeignKeyTarget[][],
  referenced: string,
  owner: URI,
): { files: URI[]; globs: string[] } {
  const dir = Utils.dirname(owner);
  const named: string[] = [];
  const globs: string[] = [];
  targets.forEach((keys, i) => {
    if (!keys.some((target) => target.files.includes(referenced))) return;
    if (kind === 'data-package') {
      const { path } = (value as DataPackage).resources[i];
      named.push(...(Array.isArray(path) ? path : [path]).filter((p): p is string => typeof p === 'string' && !isUrl(p)));
    } else for (const f of (value as ContractConfig).contracts[i].files) (picomatch.scan(f).isGlob ? globs : named).push(f);
  });
  return { files: named.map((ref) => Utils.joinPath(dir, ref)), globs };
}

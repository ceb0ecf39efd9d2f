import { JSONPath } from 'jsonc-parser';
import type { JsonLocator } from './jsonLocator';
import { checkGlob } from '../checkGlob';
import type { Fault } from './schemaFaults';
import { columnValue } from '../../mapping/values/columnValue';
import { compileMapping } from '../../mapping/compileMapping';
import { ColumnType, DEFAULT_STRING_LENGTH, DeclaredColumn, DeclaredMapping } from '../../mapping/declaredMapping';
import { parseValuePath } from '../../mapping/valuePath';

export const SEE = 'See "Ingest mappings" in docs/ingest.md.';

/** What the JSON Schema cannot say about the `ingest` section: paths, keys, names that must match, defaults that fit. */
export function mappingFaults(json: JsonLocator, mappings: DeclaredMapping[]): Fault[] {
  const faults: Fault[] = [];
  const at = (path: JSONPath, message: string) => faults.push({ ...json.span(path), message: `${message}. ${SEE}` });
  const names = new Map<string, number>();
  mappings.forEach((mapping, m) => {
    const here = ['ingest', m];
    const earlier = names.get(mapping.name);
    if (earlier !== undefined)
      at([...here, 'name'], `Mapping ${m + 1} has the name "${mapping.name}" of mapping ${earlier + 1}; names pick mappings, so they must differ`);
    names.set(mapping.name, m);
    mapping.files?.forEach((glob, g) => {
      const problem = checkGlob(glob);
      if (problem) at([...here, 'files', g], problem);
    });
    const columns = new Set(Object.keys(mapping.columns));
    const keys = typeof mapping.key === 'string' ? [mapping.key] : mapping.key;
    keys.forEach((key, k) => {
      const keyPath = typeof mapping.key === 'string' ? [...here, 'key'] : [...here, 'key', k];
      if (!columns.has(key)) at(keyPath, `The key "${key}" is not one of the mapping's columns`);
      else if (mapping.columns[key].required === false) at([...here, 'columns', key, 'required'], `"${key}" is in the key, so it cannot be optional`);
    });
    mapping.indexes?.forEach((index, i) =>
      index.forEach((column, c) => {
        if (!columns.has(column)) at([...here, 'indexes', i, c], `The index column "${column}" is not one of the mapping's columns`);
      }),
    );
    if (keys.every((key) => columns.has(key))) {
      const fault = indexFault('key', keys, mapping);
      if (fault) at([...here, 'key'], fault);
    }
    mapping.indexes?.forEach((index, i) => {
      const fault = index.every((column) => columns.has(column)) ? indexFault('index', index, mapping) : undefined;
      if (fault) at([...here, 'indexes', i], fault);
    });
    if (mapping.when) {
      const path = parseValuePath(mapping.when.path);
      if ('error' in path) at([...here, 'when', 'path'], path.error);
    }
    for (const [column, declared] of Object.entries(mapping.columns)) {
      const columnPath = [...here, 'columns', column];
      if (typeof declared.from === 'string') {
        const path = parseValuePath(declared.from);
        if ('error' in path) at([...columnPath, 'from'], path.error);
      } else {
        if (!mapping.when) at([...columnPath, 'from'], `"from" by type needs a "when": its keys are the values of when.path`);
        for (const [when, from] of Object.entries(declared.from)) {
          if (mapping.when && !mapping.when.in.includes(when))
            at([...columnPath, 'from', when], `"${when}" is not one of when.in (${mapping.when.in.join(', ')})`);
          const path = parseValuePath(from);
          if ('error' in path) at([...columnPath, 'from', when], path.error);
        }
      }
      if (declared.maxLength !== undefined && (declared.type ?? 'string') !== 'string') at([...columnPath, 'maxLength'], `"maxLength" is for string columns`);
      if (declared.acceptNumbers !== undefined && (declared.type ?? 'string') !== 'string')
        at([...columnPath, 'acceptNumbers'], `"acceptNumbers" is for string columns`);
      if (declared.default !== undefined) {
        const fault = defaultFault(mapping, column);
        if (fault) at([...columnPath, 'default'], `The default does not fit the column: ${fault}`);
      }
    }
  });
  return faults;
}

/** The most bytes an index of an InnoDB table may take (MariaDB's default page size and row format). */
const MOST_INDEX_BYTES = 3072;

/** Bytes a column takes in an index of a table Loadline creates (utf8mb4 takes 4 bytes a character); json none. */
const INDEX_BYTES: Record<ColumnType, (column: DeclaredColumn) => number> = {
  string: (c) => 4 * (c.maxLength ?? DEFAULT_STRING_LENGTH),
  integer: () => 8,
  number: () => 8,
  boolean: () => 1,
  'unix-seconds': () => 4,
  'unix-millis': () => 6,
  datetime: () => 8,
  date: () => 3,
  json: () => Infinity,
};

/**
 * Why MariaDB could not create the key or index of `columns` in the table a load creates (the load would stop on
 * the server's "Specified key was too long"), or undefined.
 */
function indexFault(what: 'key' | 'index', columns: string[], mapping: DeclaredMapping): string | undefined {
  const json = columns.find((column) => mapping.columns[column].type === 'json');
  if (json) return `The ${what} holds "${json}", a json column, which MariaDB cannot index: ${what} on other columns`;
  const bytes = columns.reduce((sum, column) => sum + INDEX_BYTES[mapping.columns[column].type ?? 'string'](mapping.columns[column]), 0);
  if (bytes <= MOST_INDEX_BYTES) return undefined;
  return `The ${what} (${columns.join(', ')}) takes up to ${bytes} bytes in an index, past the ${MOST_INDEX_BYTES} that MariaDB allows (a string column takes 4 bytes a character of its maxLength, in utf8mb4): lower the maxLength of its string columns`;
}

/** A default is stored as it is: it must be a value the column's type accepts. */
function defaultFault(mapping: DeclaredMapping, column: string): string | undefined {
  const declared = mapping.columns[column];
  try {
    const compiled = compileMapping({
      ...mapping,
      when: undefined,
      schema: undefined,
      columns: { [column]: { ...declared, from: '$' } },
      key: [column],
      indexes: [],
    }).columns[0];
    const value = columnValue(declared.default, { ...compiled, required: false }, 'default', '');
    return typeof value === 'string' ? undefined : value.reason;
  } catch {
    return undefined;
  }
}

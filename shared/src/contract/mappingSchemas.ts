import { JSONPath } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import type { DeclaredMapping } from '../mapping/declaredMapping';
import { compileLineSchema } from '../mapping/lineSchema';
import { describeUnreadable, FileState } from './fileState';
import { describeParseError, readJson } from './parse/jsonValue';
import { LineCursor } from '../text/lineCursor';
import { isAbsolute, isUrl, shownPath } from './schemaPath';

/** How the contract service reads a schema file and learns that it depends on it. */
export interface SchemaFileAccess {
  read(uri: URI): string | undefined | Promise<string | undefined>;
  fileState?(uri: URI): FileState | undefined;
  /** The file was read for this config: a change to it (or its appearing) changes the config's problems. */
  dependOn(uri: URI): void;
}

/**
 * The config's ingest mappings with each `schema` path replaced by the JSON Schema it names, and a fault at each
 * `schema` that cannot be used: a URL (never fetched), an absolute path, a file that cannot be read, text that is
 * not JSON, or a schema Ajv cannot compile (a `$ref` to another document among them). A mapping with a fault keeps
 * no schema: the config is broken until it is fixed, so nothing is checked or loaded through it meanwhile.
 */
export async function withMappingSchemas(
  owner: URI,
  mappings: DeclaredMapping[],
  files: SchemaFileAccess,
): Promise<{ mappings: DeclaredMapping[]; faults: { path: JSONPath; message: string; see: string }[] }> {
  const faults: { path: JSONPath; message: string; see: string }[] = [];
  const resolved = await Promise.all(
    mappings.map(async (mapping, m) => {
      if (mapping.schema === undefined) return mapping;
      const found = typeof mapping.schema === 'string' ? await schemaFile(owner, mapping.schema, files) : { schema: mapping.schema };
      const fault = 'fault' in found ? { message: found.fault, at: [] } : compileFault(found.schema, mapping.schema);
      if (fault === undefined) return { ...mapping, schema: (found as { schema: object }).schema };
      faults.push({ path: ['ingest', m, 'schema', ...fault.at], message: fault.message, see: 'See "A JSON Schema per line" in docs/ingest-reference.md.' });
      return { ...mapping, schema: undefined };
    }),
  );
  return { mappings: resolved, faults };
}

/** Why the schema cannot check lines, and where under the `schema` property (an inline schema's subschema at fault). */
function compileFault(schema: object, written: string | object): { message: string; at: JSONPath } | undefined {
  const compiled = compileLineSchema(schema);
  if (!('fault' in compiled)) return undefined;
  const inline = typeof written !== 'string';
  return {
    message: `${inline ? 'The inline schema' : `The schema "${written}"`} cannot check log lines: ${compiled.fault}`,
    at: inline && compiled.at !== undefined ? pathOf(compiled.at, schema) : [],
  };
}

/** A JSON Pointer into `value` as a JSONPath: an array's steps as numbers, as jsonc-parser finds nodes. */
function pathOf(pointer: string, value: unknown): JSONPath {
  const path: JSONPath = [];
  let at = value;
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(at) ? Number(step) : step;
    path.push(key);
    at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

/** A schema path's JSON Schema, read through the host (the disk, or the editor's workspace file system). */
async function schemaFile(owner: URI, ref: string, files: SchemaFileAccess): Promise<{ schema: object } | { fault: string }> {
  const config = Utils.basename(owner);
  if (isUrl(ref)) return { fault: `The schema "${ref}" is a URL, which Loadline never fetches: save the JSON Schema beside ${config} and give its path` };
  if (isAbsolute(ref)) return { fault: `The schema "${ref}" is an absolute path: give a path relative to the folder of ${config}` };
  const uri = Utils.joinPath(Utils.dirname(owner), ref);
  files.dependOn(uri);
  const text = await files.read(uri);
  if (text === undefined) {
    const state = files.fileState?.(uri);
    const why = typeof state === 'object' ? ` (${describeUnreadable(state)})` : state === 'missing' ? ' (there is no such file)' : '';
    return { fault: `The schema "${ref}" names ${shownPath(uri)}, which is not a readable file${why}: fix the path, or create that JSON Schema` };
  }
  // Read as a Table Schema file is, and worded alike: the fault's place and kind, never the text (JSON.parse quotes it,
  // and a path climbing out of the folder may name a password file).
  const clean = text.replace(/^\ufeff/, '');
  const read = readJson(clean);
  if ('errors' in read) {
    const first = read.errors[0];
    const at = new LineCursor(clean).positionAt(first.offset);
    return {
      fault: `The schema "${ref}" names ${shownPath(uri)}, which is not JSON (line ${at.line + 1}, column ${at.character + 1}: ${describeParseError(first)}): fix its syntax`,
    };
  }
  const schema = read.value;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return { fault: `The schema "${ref}" names ${shownPath(uri)}, which holds no JSON Schema object: write the schema as an object ({"type": "object", …})` };
  return { schema };
}

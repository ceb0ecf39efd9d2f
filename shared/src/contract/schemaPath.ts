import { findNodeAtLocation, JSONPath, parseTree } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import { Problem, Range } from '../problem';
import { LineCursor } from '../text/lineCursor';
import { describeUnreadable, FileState, Unreadable } from './fileState';
import { CONFIG_FILE_NAME, CONFIG_GUIDE, ContractConfig, DATA_PACKAGE_FILE_NAME, DATA_PACKAGE_GUIDE, DataPackage } from './types';

/** A `schema` given as a path, and where it sits in its contract file. */
export interface SchemaRef {
  path: JSONPath;
  ref: string;
}

/** The schemas given by path in a parsed .loadline.json or datapackage.json. */
export function schemaRefsOf(kind: 'config' | 'data-package', value: unknown): SchemaRef[] {
  const owners = kind === 'config' ? (value as ContractConfig).contracts : (value as DataPackage).resources;
  const key = kind === 'config' ? 'contracts' : 'resources';
  return owners.flatMap((owner, i) => (typeof owner.schema === 'string' ? [{ path: [key, i, 'schema'], ref: owner.schema }] : []));
}

/** A URL (a scheme of two letters or more: `C:` is a drive); Loadline never fetches one. */
export const isUrl = (ref: string) => /^[a-z][a-z0-9+.-]+:/i.test(ref);
/** Absolute: `/x`, `\x`, `C:\x`. A contract travels with its folder, as the Data Package spec requires of paths. */
export const isAbsolute = (ref: string) => /^([\\/]|[a-z]:)/i.test(ref);
/** A path with a `..` segment, which the Data Package spec forbids (a package's paths stay inside its folder). */
export const leavesFolder = (ref: string) => ref.split(/[\\/]/).includes('..');

/** Where a schema path leads from the contract file `owner`, or why it leads nowhere Loadline reads. */
export function resolveSchemaRef(owner: URI, ref: string): { uri: URI } | { refused: string } {
  if (isUrl(ref))
    return { refused: `The schema "${ref}" is a URL, which Loadline never fetches: save the Table Schema beside ${Utils.basename(owner)} and give its path` };
  if (isAbsolute(ref)) return { refused: `The schema "${ref}" is an absolute path: give a path relative to the folder of ${Utils.basename(owner)}` };
  // A .loadline.json is Loadline's own, and may share a schema from a parent folder (`../schemas/x.json`).
  if (Utils.basename(owner) === DATA_PACKAGE_FILE_NAME && leavesFolder(ref))
    return { refused: `The schema "${ref}" contains "..": the Data Package spec requires paths inside the folder of datapackage.json; move the schema there` };
  const uri = Utils.joinPath(Utils.dirname(owner), ref);
  const name = Utils.basename(uri);
  if (name === CONFIG_FILE_NAME || name === DATA_PACKAGE_FILE_NAME)
    return { refused: `The schema "${ref}" names ${shownPath(uri)}, a contract file, not a Table Schema: give the path of a Table Schema file` };
  return { uri };
}

/** The message for a schema path that names no readable regular file, with why when the host can tell. */
export function unreadableSchema(ref: string, uri: URI, state?: FileState): string {
  const why = typeof state === 'object' ? ` (${describeUnreadable(state)})` : state === 'missing' ? ' (there is no such file)' : '';
  return `The schema "${ref}" names ${shownPath(uri)}, which is not a readable file${why}: fix the path, or create that Table Schema`;
}

/** A .loadline.json or datapackage.json that is there but cannot be read: its contracts would silently not apply. */
export function unreadableContractFile(uri: URI, state: Unreadable): Problem {
  const at = { line: 0, character: 0 };
  return {
    code: 'invalid-config',
    severity: 'error',
    message: `Loadline cannot read ${shownPath(uri)}: ${describeUnreadable(state)}. The CSVs below its folder are checked against no contract until it is a readable file (or is removed)`,
    range: { start: at, end: at },
  };
}

/** A file URI as the user's path, any other as the URI. */
export const shownPath = (uri: URI) => (uri.scheme === 'file' ? uri.fsPath : uri.toString());

/**
 * `invalid-config` problems at each refused path's position in the contract file's text; `see` names the doc to read,
 * by default the guide's section on the contract file's kind.
 */
export function schemaRefProblems(text: string, kind: 'config' | 'data-package', faults: { path: JSONPath; message: string; see?: string }[]): Problem[] {
  const guide = kind === 'data-package' ? DATA_PACKAGE_GUIDE : CONFIG_GUIDE;
  const ranges = rangesAt(
    text,
    faults.map((f) => f.path),
  );
  return faults
    .map((f, i) => ({ message: `${f.message}. ${f.see ?? guide}`, range: ranges[i] }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map(({ message, range }) => ({ code: 'invalid-config', severity: 'error', message, range }));
}

/** Where each path's value sits in a contract file's text (the file's start when it is not there). */
export function rangesAt(text: string, paths: JSONPath[]): Range[] {
  const clean = text.replace(/^\ufeff/, '');
  const root = parseTree(clean, [], { allowTrailingComma: true });
  const lines = new LineCursor(clean);
  return paths.map((path) => {
    const node = root && findNodeAtLocation(root, path);
    return { start: lines.positionAt(node?.offset ?? 0), end: lines.positionAt((node?.offset ?? 0) + (node?.length ?? 0)) };
  });
}

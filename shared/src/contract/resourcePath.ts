import { JSONPath } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import { describeUnreadable, FileState } from './fileState';
import { isAbsolute, isUrl, leavesFolder, shownPath } from './schemaPath';
import { DataPackage } from './types';

/** A Data Package resource's data path (a resource may give several), and where it sits in datapackage.json. */
export interface ResourceRef {
  path: JSONPath;
  ref: string;
}

/** The data paths of a parsed datapackage.json; a .loadline.json has none. */
export function resourcePathsOf(kind: 'config' | 'data-package', value: unknown): ResourceRef[] {
  if (kind !== 'data-package') return [];
  return (value as DataPackage).resources.flatMap((resource, r) => {
    const paths = Array.isArray(resource.path) ? resource.path : [resource.path];
    const at = (i: number): JSONPath => (Array.isArray(resource.path) ? ['resources', r, 'path', i] : ['resources', r, 'path']);
    return paths.flatMap((ref, i) => (typeof ref === 'string' ? [{ path: at(i), ref }] : []));
  });
}

/**
 * Why a resource path disarms the check of the file it meant, or undefined. A path that names no file leaves
 * the real file (a typo's target) unchecked, so it is refused; so is one that leaves the package's folder,
 * as the Data Package spec requires (no absolute path, no `..`), which also means `sub/../a.csv` never hides
 * `a.csv`. A URL is remote data, which Loadline neither fetches nor checks. `stateOf` says what is on disk
 * (undefined when the host cannot tell).
 */
export function resourcePathFault(owner: URI, ref: string, stateOf: (uri: URI) => FileState | undefined): string | undefined {
  if (isUrl(ref)) return undefined;
  if (isAbsolute(ref) || leavesFolder(ref))
    return `The resource path "${ref}" is absolute or contains "..": the Data Package spec requires a path relative to the folder of datapackage.json, inside it; write it as one (data/a.csv)`;
  const uri = Utils.joinPath(Utils.dirname(owner), ref);
  const state = stateOf(uri);
  if (state === undefined || state === 'file') return undefined;
  const why = state === 'missing' ? 'there is no such file' : describeUnreadable(state);
  return `The resource path "${ref}" names ${shownPath(uri)}, which is not a readable file (${why}), so no file is checked against this resource: fix the path, or remove the resource`;
}

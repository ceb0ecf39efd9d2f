import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST } from '@loadline/shared';
import type { FindFilesParams, ReadFileParams } from '@loadline/shared';
import type { ReadResource } from '@loadline/shared';

/** Find References reads each listed file: a glob over a huge tree stops at this many. */
export const MAX_LISTED_FILES = 1000;

/**
 * Reads a resource the server cannot reach itself (a browser's workspace, a virtual one) through the client's
 * file system. A client without this request (any editor but VS Code) just has no contract there.
 */
export function readThroughClient(connection: Connection): ReadResource {
  return async (uri) => {
    try {
      return (await connection.sendRequest<string | null>(READ_FILE_REQUEST, { uri: uri.toString() } satisfies ReadFileParams)) ?? undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * Lists the files below a folder that a contract's globs match through the client's workspace file system (the
 * browser has no disk). A client without this request lists none: Find References then reads only the files a
 * Data Package names and the open documents.
 */
export function listThroughClient(connection: Connection): (folder: URI, globs: string[]) => Promise<URI[]> {
  return async (folder, globs) => {
    try {
      const params: FindFilesParams = { folder: folder.toString(), globs, max: MAX_LISTED_FILES };
      const found = (await connection.sendRequest<string[] | null>(FIND_FILES_REQUEST, params)) ?? [];
      return found.slice(0, MAX_LISTED_FILES).map((uri) => URI.parse(uri));
    } catch {
      return [];
    }
  };
}

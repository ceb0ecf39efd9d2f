import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { LIST_FILES_REQUEST, LISTED_FILES, READ_FILE_REQUEST } from '@loadline/shared';
import type { ListFilesParams, ReadFileParams } from '@loadline/shared';
import type { ReadResource } from '@loadline/shared';

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
 * Lists the files below a folder that globs match through the client's workspace, as listFilesOnDisk does on a
 * disk (sorted, at most LISTED_FILES.max). A client without this request lists nothing: then only the logs that
 * the client's own selector names (`.jsonl` and the like) are synced, and Find References sees open files only.
 */
export function listThroughClient(connection: Connection): (folder: URI, globs: string[]) => Promise<URI[]> {
  return async (folder, globs) => {
    try {
      const found = await connection.sendRequest<string[] | null>(LIST_FILES_REQUEST, { folder: folder.toString(), globs } satisfies ListFilesParams);
      return (found ?? [])
        .sort()
        .slice(0, LISTED_FILES.max)
        .map((uri) => URI.parse(uri));
    } catch {
      return [];
    }
  };
}

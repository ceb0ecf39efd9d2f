import type { Connection } from 'vscode-languageserver';
import { READ_FILE_REQUEST } from '@loadline/shared';
import type { ReadFileParams } from '@loadline/shared';
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

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST } from '@loadline/shared';
import type { FindFilesParams, ReadFileParams } from '@loadline/shared';

/** Folders Find References never lists, as the server's own listing skips them on a disk. */
const NOT_LISTED = '{**/node_modules/**,**/.git/**}';

/**
 * Answers the server's reads of `.loadline.json` (and the files a foreign key reads), and its listings of a
 * contract's globs for Find References, where it has no disk: the browser, a virtual workspace.
 */
export function answerFileReads(client: BaseLanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    client.onRequest(READ_FILE_REQUEST, ({ uri }: ReadFileParams) => readWorkspaceFile(vscode.Uri.parse(uri))),
    client.onRequest(FIND_FILES_REQUEST, (params: FindFilesParams) => findWorkspaceFiles(params)),
  );
}

/** The files below a folder that any of the globs match, at most `max`, sorted. */
async function findWorkspaceFiles({ folder, globs, max }: FindFilesParams): Promise<string[]> {
  const base = vscode.Uri.parse(folder);
  const found = new Set<string>();
  for (const glob of globs) {
    if (found.size >= max) break;
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(base, glob), NOT_LISTED, max - found.size)) found.add(uri.toString());
  }
  return [...found].sort();
}

/** A file's text through the workspace file system, or null when it is missing or not a regular file. */
async function readWorkspaceFile(uri: vscode.Uri): Promise<string | null> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.File) return null;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

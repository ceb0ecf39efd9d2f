import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { LIST_FILES_REQUEST, LISTED_FILES, READ_FILE_REQUEST } from '@loadline/shared';
import type { ListFilesParams, ReadFileParams } from '@loadline/shared';

/** Answers the server's reads of `.loadline.json` where it has no disk: the browser, a virtual workspace. */
export function answerFileReads(client: BaseLanguageClient): vscode.Disposable {
  return client.onRequest(READ_FILE_REQUEST, ({ uri }: ReadFileParams) => readWorkspaceFile(vscode.Uri.parse(uri)));
}

/**
 * Answers the server's listings where it has no disk (the browser, a virtual workspace): through the editor's file
 * search, which works on any workspace file system, with what a listing on disk leaves out.
 */
export function answerFileLists(client: BaseLanguageClient): vscode.Disposable {
  return client.onRequest(LIST_FILES_REQUEST, async ({ folder, globs }: ListFilesParams) => {
    const base = vscode.Uri.parse(folder);
    const exclude = `{${LISTED_FILES.ignore.join(',')}}`;
    const found = await Promise.all(globs.map((glob) => vscode.workspace.findFiles(new vscode.RelativePattern(base, glob), exclude, LISTED_FILES.max)));
    return [...new Set(found.flat().map((uri) => uri.toString()))];
  });
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

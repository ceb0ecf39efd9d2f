import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { READ_FILE_REQUEST } from '@loadline/shared';
import type { ReadFileParams } from '@loadline/shared';

/** Answers the server's reads of `.loadline.json` where it has no disk: the browser, a virtual workspace. */
export function answerFileReads(client: BaseLanguageClient): vscode.Disposable {
  return client.onRequest(READ_FILE_REQUEST, ({ uri }: ReadFileParams) => readWorkspaceFile(vscode.Uri.parse(uri)));
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

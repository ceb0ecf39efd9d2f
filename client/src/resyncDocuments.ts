import * as vscode from 'vscode';
import { BaseLanguageClient, DidChangeTextDocumentNotification } from 'vscode-languageclient';
import { RESYNC_NOTIFICATION, ResyncParams } from '@loadline/shared';

/** The server could not apply a change to a document: send it the document's whole text, at its version. */
export function answerResyncs(client: BaseLanguageClient): vscode.Disposable {
  return client.onNotification(RESYNC_NOTIFICATION, ({ uri }: ResyncParams) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!document) return;
    void client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text: document.getText() }],
    });
  });
}

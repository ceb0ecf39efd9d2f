import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { registerContractFeatures } from './contractFeatures';
import { documentSelector } from './documentSelector';
import { syncOnce } from './syncOnce';
import { INGEST_COMMANDS } from './ingest/commandIds';
import { offerReloadOnLanguageChange } from './offerReload';
import { registerSnippetCommands } from './snippets/snippetCommands';
import { answerResyncs } from './resyncDocuments';
import { answerFileLists, answerFileReads } from './workspaceFiles';

/**
 * The extension in vscode.dev and github.dev: CSV contracts through a language server in a Web Worker, and the
 * snippets. Ingestion needs a database connection and worker threads, which a browser tab does not have.
 */
let client: LanguageClient | undefined;

/** The Web Worker constructor of the browser extension host (this tsconfig has Node's globals, not the DOM's). */
declare const Worker: new (url: string) => Worker;
type Worker = ConstructorParameters<typeof LanguageClient>[3];

const INGEST_UNAVAILABLE =
  'Loadline: ingesting into MySQL needs VS Code on a desktop or in a remote workspace (Remote-SSH, WSL, a dev container). ' +
  'It connects to the database and loads on worker threads, which a browser tab cannot do. CSV contracts and snippets work here.';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  for (const command of Object.values(INGEST_COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(command, () => void vscode.window.showInformationMessage(INGEST_UNAVAILABLE)));
  }
  registerSnippetCommands(context);

  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  client = new LanguageClient('loadline', 'Loadline', { documentSelector: documentSelector(), middleware: syncOnce() }, await startWorker(serverMain));
  context.subscriptions.push(answerFileReads(client), answerFileLists(client), answerResyncs(client));
  await client.start();
  registerContractFeatures(context, client);

  context.subscriptions.push(offerReloadOnLanguageChange());
}

/**
 * The server's Web Worker. Served by a remote host (code-server, or a user's `remote.extensionKind` set to web),
 * the extension has a vscode-remote: URI, from which VS Code refuses to start workers; its fetch still reads the
 * script, so the worker starts from a copy of it.
 */
async function startWorker(script: vscode.Uri): Promise<Worker> {
  if (script.scheme !== 'vscode-remote') return new Worker(script.toString(true));
  const text = await (await fetch(script.toString(true))).text();
  return new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

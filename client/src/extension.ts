import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { childScripts } from '@loadline/shared';
import { registerContractFeatures } from './contractFeatures';
import { documentSelector } from './documentSelector';
import { syncOnce } from './syncOnce';
import { registerIngestCommands } from './ingest/ingestCommand';
import { registerPreviewCommand } from './ingest/previewPanel';
import { PasswordStore } from './ingest/passwords';
import { offerReloadOnLanguageChange } from './offerReload';
import { registerSnippetCommands } from './snippets/snippetCommands';
import { answerResyncs } from './resyncDocuments';
import { answerFileLists, answerFileReads } from './workspaceFiles';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Loadline', { log: true });
  context.subscriptions.push(log);
  registerIngestCommands(context, log, new PasswordStore(context.secrets), childScripts(__dirname).ingestWorker);
  registerPreviewCommand(context, log);
  registerSnippetCommands(context);

  client = startLanguageClient();
  context.subscriptions.push(answerFileReads(client), answerFileLists(client), answerResyncs(client));
  await client.start();
  registerContractFeatures(context, client);

  context.subscriptions.push(offerReloadOnLanguageChange());
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** The inspector port of "Attach to Server" in .vscode/launch.json. */
const SERVER_INSPECT_PORT = 6009;
/** The flags of dist/server.js's shebang, for VS Code's own start of it (test/package/vsix.test.ts compares them). */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=1'];

/**
 * Where the Node server finds a document's contract: files on disk, and a repository opened without a clone
 * (Remote Repositories' vscode-vfs:, read through the client). Untitled documents have no folder: only their
 * structure is checked. Other schemes (a git diff's) are left alone.
 */
const SCHEMES = ['file', 'untitled', 'vscode-vfs'];

/** Starts the server beside this bundle. The server pulls settings per document and registers for their changes itself. */
function startLanguageClient(): LanguageClient {
  const module = childScripts(__dirname).server;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', `--inspect=${SERVER_INSPECT_PORT}`] } },
  };
  return new LanguageClient('loadline', 'Loadline', serverOptions, { documentSelector: documentSelector(SCHEMES), middleware: syncOnce() });
}

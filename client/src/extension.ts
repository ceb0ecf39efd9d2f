import * as vscode from 'vscode';
import { DocumentSelector, LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { childScripts, CONFIG_FILE_NAME } from '@loadline/shared';
import { registerIngestCommands } from './ingest/ingestCommand';
import { PasswordStore } from './ingest/passwords';
import { registerSnippetCommands } from './snippets/snippetCommands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Loadline', { log: true });
  context.subscriptions.push(log);
  registerIngestCommands(context, log, new PasswordStore(context.secrets), childScripts(__dirname).ingestWorker);
  registerSnippetCommands(context);

  client = startLanguageClient();
  await client.start();

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('loadline.extraLanguages')) {
        void vscode.window
          .showInformationMessage('Loadline: the languages it checks changed. Reload the window to apply.', 'Reload Window')
          .then((choice) => choice && vscode.commands.executeCommand('workbench.action.reloadWindow'));
      }
    }),
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** The inspector port of "Attach to Server" in .vscode/launch.json. */
const SERVER_INSPECT_PORT = 6009;
/** The flags of dist/server.js's shebang, for VS Code's own start of it (test/package/vsix.test.ts compares them). */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=1'];

/**
 * Starts the server beside this bundle; CSV, TSV and (to live beside Rainbow CSV) its language ids, plus the
 * contract file. Files get their contract; untitled documents have no folder, so only their structure is checked.
 * The server pulls settings per document and registers for their changes itself.
 */
function startLanguageClient(): LanguageClient {
  const module = childScripts(__dirname).server;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', `--inspect=${SERVER_INSPECT_PORT}`] } },
  };
  const languages = ['csv', 'tsv', ...vscode.workspace.getConfiguration('loadline').get<string[]>('extraLanguages', [])];
  const documentSelector: DocumentSelector = [
    ...languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'file', pattern: `**/${CONFIG_FILE_NAME}` },
  ];
  return new LanguageClient('loadline', 'Loadline', serverOptions, { documentSelector });
}

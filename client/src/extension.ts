import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerIngestCommands } from './ingest/ingestCommand';
import { PasswordStore } from './ingest/passwords';
import { registerSnippetCommands } from './snippets/snippetCommands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Loadline', { log: true });
  context.subscriptions.push(log);
  registerIngestCommands(context, log, new PasswordStore(context.secrets));
  registerSnippetCommands(context);

  client = startLanguageClient(context);
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

/** Starts dist/server.js; CSV, TSV and (to live beside Rainbow CSV) its language ids, plus the contract file. */
function startLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const extraLanguages = vscode.workspace.getConfiguration('loadline').get<string[]>('extraLanguages', []);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...['csv', 'tsv', ...extraLanguages].map((language) => ({ language })), { pattern: '**/.loadline.json' }],
    synchronize: { configurationSection: 'loadline' },
  };
  return new LanguageClient('loadline', 'Loadline', serverOptions, clientOptions);
}

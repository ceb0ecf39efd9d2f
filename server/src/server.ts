import * as path from 'path';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { childScripts, CONFIG_FILE_NAME, Contract, CsvReport, readFromDisk } from '@loadline/shared';
import { quickFixes } from './handlers/codeActions';
import { checkFailedDiagnostic, toDiagnostic } from './handlers/diagnostics';
import { hoverCell } from './handlers/hover';
import { ContractService } from './services/contractService';
import { SettingsService } from './services/settings';
import { ValidationScheduler } from './services/validationScheduler';
import { ValidationWorker } from './validationWorker';

/** How long a client may take to answer workspace/configuration before the defaults apply. */
const SETTINGS_TIMEOUT_MS = 5000;

/**
 * Over stdio a framing error (a bad Content-Length, a missing header) leaves the byte stream unreadable, and
 * a server that stays up then answers nothing: exit instead, so that the client restarts it.
 */
function createServerConnection() {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`Loadline: unreadable message from the client (${error.message}); exiting so that it restarts the server\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

const connection = createServerConnection();
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(`Loadline: ${message}`);
const worker = new ValidationWorker(childScripts(__dirname).validateWorker);
let settings = new SettingsService({ log, timeoutMs: SETTINGS_TIMEOUT_MS });
let canWatchFiles = false;
let canRegisterConfiguration = false;

const isFile = (uri: string) => URI.parse(uri).scheme === 'file';
const fsPathOf = (uri: string) => URI.parse(uri).fsPath;
const isConfig = (uri: string) => path.posix.basename(URI.parse(uri).path) === CONFIG_FILE_NAME;
/** For .tsv detection; untitled documents have a name but no folder. */
const fileNameOf = (uri: string) => (isFile(uri) ? fsPathOf(uri) : URI.parse(uri).path);

/** The open document of a file, matched by path: clients encode URIs differently (Neovim and VS Code do). */
const openDocumentAt = (filePath: string) => documents.all().find((d) => isFile(d.uri) && fsPathOf(d.uri) === filePath);

const contracts = new ContractService({
  // Unsaved editor buffers win over the disk, so config edits apply at once.
  readText: (filePath) => openDocumentAt(filePath)?.getText() ?? readFromDisk(filePath),
  publishConfigProblems: (configPath, problems) =>
    void connection.sendDiagnostics({ uri: openDocumentAt(configPath)?.uri ?? URI.file(configPath).toString(), diagnostics: problems.map(toDiagnostic) }),
});

/** Untitled documents have no folder, so no contract applies: only their structure is checked. */
const contractFor = (uri: string): Contract | undefined => (isFile(uri) ? contracts.lookup(fsPathOf(uri)).contract?.contract : undefined);

const scheduler = new ValidationScheduler<CsvReport>({
  clock: { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
  versionOf: (uri) => documents.get(uri)?.version,
  validate: async (uri) => {
    const { maxProblems, raggedRows } = await settings.get(uri);
    const document = documents.get(uri);
    if (!document) throw new Error('closed');
    return worker.validate({ text: document.getText(), contract: contractFor(uri), options: { maxProblems, raggedRows, fileName: fileNameOf(uri) } });
  },
  publish: (uri, version, report) => void connection.sendDiagnostics({ uri, version, diagnostics: report.problems.map(toDiagnostic) }),
  fail: (uri, version, error) => {
    const reason = error instanceof Error ? error.message : String(error);
    log(`could not check ${fileNameOf(uri)}: ${reason}`);
    void connection.sendDiagnostics({ uri, version, diagnostics: [checkFailedDiagnostic(reason)] });
  },
});

async function schedule(document: TextDocument): Promise<void> {
  const { debounceMs } = await settings.get(document.uri);
  scheduler.schedule(document.uri, debounceMs);
}

function revalidateAll(): void {
  for (const document of documents.all()) {
    if (isConfig(document.uri)) {
      if (isFile(document.uri)) contracts.check(fsPathOf(document.uri));
    } else void schedule(document);
  }
}

connection.onInitialize(({ capabilities }) => {
  const canPull = !!capabilities.workspace?.configuration;
  settings = new SettingsService({
    log,
    timeoutMs: SETTINGS_TIMEOUT_MS,
    pull: canPull ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'loadline' }) : undefined,
  });
  canWatchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canRegisterConfiguration = !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'loadline-ls' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
  }
  if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'loadline' });
});

documents.onDidChangeContent(({ document }) => {
  if (isConfig(document.uri)) {
    contracts.invalidate();
    revalidateAll();
  } else void schedule(document);
});

documents.onDidClose(({ document }) => {
  scheduler.close(document.uri);
  settings.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  if (isConfig(document.uri)) {
    contracts.invalidate();
    revalidateAll();
  }
});

connection.onDidChangeWatchedFiles(() => {
  contracts.invalidate();
  revalidateAll();
});

connection.onDidChangeConfiguration(({ settings: pushed }) => {
  settings.changed((pushed as { loadline?: unknown } | null)?.loadline);
  revalidateAll();
});

connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  if (!document || isConfig(document.uri)) return null;
  return hoverCell(document, position, contractFor(document.uri), fileNameOf(document.uri));
});

connection.onCodeAction(({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  if (!document || isConfig(document.uri)) return [];
  return quickFixes(document, range, context.diagnostics, contractFor(document.uri), fileNameOf(document.uri));
});

connection.onShutdown(async () => {
  await worker.dispose();
});

// A bad document must never take the server down: report and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Loadline internal error: ${error.message}`));
process.on('unhandledRejection', (error) => connection.console.error(`Loadline internal error: ${String(error)}`));

documents.listen(connection);
connection.listen();

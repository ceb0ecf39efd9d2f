import * as path from 'path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { loadContract, ContractLookup } from '../../shared/src/contract/loadContract';
import { readFromDisk } from '../../shared/src/contract/findConfig';
import { parseConfig } from '../../shared/src/contract/parseConfig';
import { CONFIG_FILE_NAME } from '../../shared/src/contract/types';
import { Problem } from '../../shared/src/problem';
import { quickFixes } from './handlers/codeActions';
import { toDiagnostic } from './handlers/diagnostics';
import { hoverCell } from './handlers/hover';
import { SettingsCache } from './settings';
import { ValidationWorker } from './validationWorker';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);
const worker = new ValidationWorker();
const debounceTimers = new Map<string, NodeJS.Timeout>();
/** Config files we have published problems for, so that a fixed one gets its diagnostics cleared. */
const configsWithProblems = new Set<string>();
let canWatchFiles = false;

const isConfig = (uri: string) => path.posix.basename(URI.parse(uri).path) === CONFIG_FILE_NAME;
const fsPathOf = (uri: string) => URI.parse(uri).fsPath;

/** Open editor buffers win over the disk, so unsaved config edits apply at once. */
function readText(filePath: string): string | undefined {
  const open = documents.get(URI.file(filePath).toString());
  return open ? open.getText() : readFromDisk(filePath);
}

function lookupContract(uri: string): ContractLookup {
  const lookup = loadContract(fsPathOf(uri), readText);
  if (lookup.configPath) publishConfigProblems(URI.file(lookup.configPath).toString(), lookup.configProblems);
  return lookup;
}

function publishConfigProblems(uri: string, problems: Problem[]): void {
  if (problems.length === 0 && !configsWithProblems.has(uri)) return;
  if (problems.length > 0) configsWithProblems.add(uri);
  else configsWithProblems.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: problems.map(toDiagnostic) });
}

function validateConfigDocument(document: TextDocument): void {
  const parsed = parseConfig(document.getText());
  publishConfigProblems(document.uri, parsed.ok ? [] : parsed.problems);
}

/** Documents being checked now, and those edited meanwhile: one check per document at a time, the latest text next. */
const checking = new Set<string>();
const checkAgain = new Set<string>();

async function validateCsvDocument(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  if (checking.has(uri)) {
    checkAgain.add(uri);
    return;
  }
  checking.add(uri);
  const version = document.version;
  try {
    const { contract } = lookupContract(uri);
    const { maxProblems, raggedRows } = await settings.get(uri);
    const report = await worker.validate({
      text: document.getText(),
      contract: contract?.contract,
      options: { maxProblems, raggedRows, fileName: fsPathOf(uri) },
    });
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics: report.problems.map(toDiagnostic) });
  } catch (error) {
    connection.console.error(`Loadline could not check ${fsPathOf(uri)}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    checking.delete(uri);
    if (checkAgain.delete(uri)) void validateCsvDocument(uri);
  }
}

async function schedule(document: TextDocument): Promise<void> {
  const uri = document.uri;
  const { debounceMs } = await settings.get(uri);
  // Cleared after the await: edits that arrived while settings were fetched must not leave timers behind.
  clearTimeout(debounceTimers.get(uri));
  debounceTimers.set(
    uri,
    setTimeout(() => {
      debounceTimers.delete(uri);
      void validateCsvDocument(uri);
    }, debounceMs),
  );
}

function revalidateAll(): void {
  for (const document of documents.all()) {
    if (isConfig(document.uri)) validateConfigDocument(document);
    else void schedule(document);
  }
}

connection.onInitialize((params) => {
  settings.supported = !!params.capabilities.workspace?.configuration;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full },
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
});

documents.onDidChangeContent(({ document }) => {
  if (isConfig(document.uri)) {
    validateConfigDocument(document);
    revalidateAll();
  } else void schedule(document);
});

documents.onDidClose(({ document }) => {
  clearTimeout(debounceTimers.get(document.uri));
  debounceTimers.delete(document.uri);
  configsWithProblems.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  if (isConfig(document.uri)) revalidateAll();
});

connection.onDidChangeWatchedFiles(() => revalidateAll());

connection.onDidChangeConfiguration(() => {
  settings.forget();
  revalidateAll();
});

connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  if (!document || isConfig(document.uri)) return null;
  return hoverCell(document, position, lookupContract(document.uri).contract?.contract, fsPathOf(document.uri));
});

connection.onCodeAction(({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  if (!document || isConfig(document.uri)) return [];
  return quickFixes(document, range, context.diagnostics, lookupContract(document.uri).contract?.contract, fsPathOf(document.uri));
});

connection.onShutdown(async () => {
  await worker.dispose();
});

// A bad document must never take the server down: report and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Loadline internal error: ${error.message}`));
process.on('unhandledRejection', (error) => connection.console.error(`Loadline internal error: ${String(error)}`));

documents.listen(connection);
connection.listen();

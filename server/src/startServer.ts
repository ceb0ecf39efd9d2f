import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, Contract, CsvReport } from '@loadline/shared';
import { quickFixes } from './handlers/codeActions';
import { checkFailedDiagnostic, toDiagnostic } from './handlers/diagnostics';
import { hoverCell } from './handlers/hover';
import { ContractService, ReadResource } from './services/contractService';
import { SettingsService } from './services/settings';
import { ValidationScheduler } from './services/validationScheduler';
import { ValidationJob } from './validationProtocol';

/** How long a client may take to answer workspace/configuration before the defaults apply. */
const SETTINGS_TIMEOUT_MS = 5000;

/** What differs between the Node server (stdio, a disk, threads) and the browser's (a Web Worker, the editor's files). */
export interface ServerHost {
  /** Runs the CSV engine: on a worker thread in Node, in place in the browser (already off the editor's thread). */
  validate(job: ValidationJob): Promise<CsvReport>;
  /** A config's text when no editor buffer holds it. */
  readResource: ReadResource;
  /** Called on shutdown. */
  dispose(): Promise<void>;
}

/**
 * One resource per key, however a client spells its URI (Neovim and VS Code encode file URIs differently).
 */
function keyOf(uri: URI): string {
  return uri.scheme === 'file' ? `file:${uri.fsPath}` : uri.toString();
}

/** Wires the language features to a connection; the entry points (server.ts, browserServer.ts) make both. */
export function startServer(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(`Loadline: ${message}`);
  let settings = new SettingsService({ log, timeoutMs: SETTINGS_TIMEOUT_MS });
  let canWatchFiles = false;
  let canRegisterConfiguration = false;

  const isConfig = (uri: string) => Utils.basename(URI.parse(uri)) === CONFIG_FILE_NAME;
  /** Untitled documents have no folder, so no contract applies: only their structure is checked. */
  const hasFolder = (uri: string) => URI.parse(uri).scheme !== 'untitled';
  /** For .tsv detection and messages. */
  const fileNameOf = (uri: string) => {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
  };
  const openDocumentAt = (uri: URI) => {
    const key = keyOf(uri);
    return documents.all().find((d) => keyOf(URI.parse(d.uri)) === key);
  };

  const contracts = new ContractService({
    // Unsaved editor buffers win over the disk, so config edits apply at once.
    readText: (uri) => openDocumentAt(uri)?.getText() ?? host.readResource(uri),
    publishConfigProblems: (configUri, problems) =>
      void connection.sendDiagnostics({ uri: openDocumentAt(configUri)?.uri ?? configUri.toString(), diagnostics: problems.map(toDiagnostic) }),
  });

  const contractFor = async (uri: string): Promise<Contract | undefined> => (hasFolder(uri) ? (await contracts.lookup(URI.parse(uri)))?.contract : undefined);

  const scheduler = new ValidationScheduler<CsvReport>({
    // Called through wrappers: a browser's timer functions throw when called on another object.
    clock: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    versionOf: (uri) => documents.get(uri)?.version,
    validate: async (uri) => {
      const [{ maxProblems, raggedRows }, contract] = await Promise.all([settings.get(uri), contractFor(uri)]);
      const document = documents.get(uri);
      if (!document) throw new Error('closed');
      return host.validate({ text: document.getText(), contract, options: { maxProblems, raggedRows, fileName: fileNameOf(uri) } });
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
        if (hasFolder(document.uri)) void contracts.check(URI.parse(document.uri));
      } else void schedule(document);
    }
  }

  async function configsChanged(): Promise<void> {
    await contracts.invalidate();
    revalidateAll();
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
    if (isConfig(document.uri)) void configsChanged();
    else void schedule(document);
  });

  documents.onDidClose(({ document }) => {
    scheduler.close(document.uri);
    settings.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    if (isConfig(document.uri)) void configsChanged();
  });

  connection.onDidChangeWatchedFiles(() => void configsChanged());

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    settings.changed((pushed as { loadline?: unknown } | null)?.loadline);
    revalidateAll();
  });

  connection.onHover(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document || isConfig(document.uri)) return null;
    return hoverCell(document, position, await contractFor(document.uri), fileNameOf(document.uri));
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const document = documents.get(textDocument.uri);
    if (!document || isConfig(document.uri)) return [];
    return quickFixes(document, range, context.diagnostics, await contractFor(document.uri), fileNameOf(document.uri));
  });

  connection.onShutdown(() => host.dispose());

  documents.listen(connection);
  connection.listen();
}

import {
  BulkRegistration,
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import {
  CONFIG_FILE_NAME,
  CONTRACT_INFO_REQUEST,
  ContractInfo,
  ContractInfoParams,
  ContractService,
  CsvReport,
  mappingColumnAt,
  parseContractFile,
  ResolvedContract,
  VALIDATE_FILES_REQUEST,
  ValidateFilesParams,
  ValidateFilesResult,
  RESYNC_NOTIFICATION,
  ResyncParams,
} from '@loadline/shared';
import { quickFixes } from './handlers/codeActions';
import { createContractAction } from './handlers/createContract';
import { declareMappingAction } from './handlers/declareMapping';
import { checkFailedDiagnostic, staleTextDiagnostic, toDiagnostic } from './handlers/diagnostics';
import { DocumentStore } from './documentStore';
import { listenDocuments } from './listenDocuments';
import { definitionAt, referencesAt, withForeignKeys } from './handlers/foreignKeyNavigation';
import { hoverCell, hoverMappingColumn } from './handlers/hover';
import { logDiagnostics } from './handlers/logDiagnostics';
import { hoverLogValue } from './handlers/logHover';
import { validateFiles } from './handlers/validateFiles';
import { ServerHost } from './serverHost';
import { contractInfo } from './services/contractInfo';
import { ForeignKeys } from './services/foreignKeys';
import { withNoContractNotice } from './services/noContractNotice';
import { refusedRequest, REFUSED_REQUEST } from './services/initializeOnce';
import { Lifecycle } from './services/lifecycle';
import { OpenDocuments } from './services/openDocuments';
import { fileNameOf, hasFolder, isConfig, isLog, isTable, isTableLanguage } from './services/resourceKinds';
import { SettingsService } from './services/settings';
import { SYSTEM_CLOCK, ValidationScheduler } from './services/validationScheduler';
import { FileChange, WorkspaceChecks } from './services/workspaceChecks';
import { LogChecks } from './services/logChecks';
import { logInfo } from './services/logInfo';
import { LogFilter, LogSync, workspaceLogFilters } from './services/logSelector';

/** The largest config read at startup for the logs its mappings name: a bigger one is left to the files below it. */
const LOG_SYNC_CONFIG_BYTES = 1024 * 1024;

/** How long a client may take to answer workspace/configuration before the defaults apply. */
const SETTINGS_TIMEOUT_MS = 5000;

const CHANGE_KIND: Record<FileChangeType, FileChange['kind']> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

/** Wires the language features to a connection; the entry points (server.ts, browserServer.ts) make both. */
export function startServer(connection: Connection, host: ServerHost): void {
  const log = (message: string) => connection.console.log(`Loadline: ${message}`);
  const store = new DocumentStore(
    (uri, version, reason) => {
      connection.console.error(
        `Loadline: refused the change to ${uri} (version ${version ?? 'none'}): ${reason}. The server keeps the last text it had until the editor sends the whole text again.`,
      );
      void connection.sendNotification(RESYNC_NOTIFICATION, { uri } satisfies ResyncParams);
    },
    (uri, changes) => logs.changed(uri, changes),
  );
  const textDocuments = new TextDocuments(store);
  const documents = new OpenDocuments(textDocuments, host.readResource);
  /**
   * The documents the server checks: by extension, or by language (an untitled CSV, a CSV mode chosen by hand,
   * `loadline.extraLanguages`); any other document a generic client sends is left alone.
   */
  const handles = async ({ uri, languageId }: TextDocument) =>
    isTable(uri) || isTableLanguage(languageId) || (await settings.get(uri)).extraLanguages.includes(languageId);
  const lifecycle = new Lifecycle();
  let settings = new SettingsService({ log, timeoutMs: SETTINGS_TIMEOUT_MS });
  let canWatchFiles = false;
  let canRegisterConfiguration = false;
  let canRegisterSync = false;
  let workspaceFolders: URI[] = [];
  const { readText } = documents;
  const contracts = new ContractService({
    readText,
    parse: host.parseContractFile,
    fileState: (uri, maxBytes) => host.fileState(uri, maxBytes),
    listFiles: host.listFiles?.bind(host),
    // A parse that ends after `shutdown` (its thread is ended then) publishes nothing.
    publishConfigProblems: (configUri, problems) =>
      lifecycle.running ? void connection.sendDiagnostics({ uri: documents.uriOf(configUri), diagnostics: problems.map(toDiagnostic) }) : undefined,
  });

  const foreignKeys = new ForeignKeys({ readText, offThread: host.foreignKeys, openText: (uri) => documents.at(uri)?.getText() });

  const resolvedFor = async (uri: string): Promise<ResolvedContract | undefined> => (hasFolder(uri) ? contracts.lookup(URI.parse(uri)) : undefined);
  const brokenFor = async (uri: string) => (hasFolder(uri) ? contracts.brokenFor(URI.parse(uri)) : undefined);

  const scheduler = new ValidationScheduler<CsvReport>({
    clock: SYSTEM_CLOCK,
    versionOf: (uri) => documents.get(uri)?.version,
    validate: async (uri) => {
      const version = documents.get(uri)?.version;
      const [s, resolved] = await Promise.all([settings.get(uri), resolvedFor(uri)]);
      const document = documents.get(uri);
      if (!document) throw new Error('closed');
      // Edited while the settings came: the scheduler superseded this check before the pool had it.
      if (document.version !== version) throw new Error('superseded by a newer text of the document');
      // The text is read only if a checker takes the job (this check may be superseded), and its lines not counted here.
      const firstLine = document.firstLine();
      // This version's text: the document object takes the next edits in place.
      const text = resolved?.foreignKeys ? document.getText() : undefined;
      const checked = await host.validate({
        readText: () => document.getText(),
        size: document.size,
        document: uri,
        contract: resolved?.contract,
        options: { maxProblems: s.maxProblems, raggedRows: s.raggedRows, fileName: fileNameOf(uri) },
      });
      const report =
        resolved && text !== undefined
          ? { ...checked, problems: [...checked.problems, ...(await foreignKeys.problems(uri, text, resolved, s.maxProblems))] }
          : checked;
      return withNoContractNotice(report, uri, resolved, s, firstLine, resolved ? undefined : await brokenFor(uri));
    },
    supersede: (uri) => host.supersede(uri),
    publish: (uri, version, report) => {
      const diagnostics = report.problems.map(toDiagnostic);
      void connection.sendDiagnostics({
        uri,
        version,
        diagnostics: store.staleReason(uri) === undefined ? diagnostics : [staleTextDiagnostic(), ...diagnostics],
      });
    },
    fail: (uri, version, error) => {
      const reason = error instanceof Error ? error.message : String(error);
      log(`could not check ${fileNameOf(uri)}: ${reason}`);
      void connection.sendDiagnostics({ uri, version, diagnostics: [checkFailedDiagnostic(reason)] });
    },
  });

  const logs = new LogChecks({
    mappings: (uri) => contracts.ingestMappings(uri),
    current: (uri) => documents.get(uri),
    publish: (uri, version, findings, repeats, maxProblems) =>
      void connection.sendDiagnostics({ uri, version, diagnostics: logDiagnostics(findings, repeats, maxProblems) }),
    brokenFor,
    publishProblems: (uri, version, problems) => void connection.sendDiagnostics({ uri, version, diagnostics: problems.map(toDiagnostic) }),
  });

  async function schedule(document: TextDocument): Promise<void> {
    // Any other document is a log when a declared mapping matches it.
    if (!(await handles(document))) return void (await logs.check(document.uri, await settings.get(document.uri)));
    const { debounceMs } = await settings.get(document.uri);
    scheduler.schedule(document.uri, debounceMs);
  }

  /** A file changed (in the editor or on disk): the open documents whose foreign keys read it are checked again. */
  function referencedChanged(uri: string): void {
    for (const referrer of foreignKeys.changed(URI.parse(uri))) {
      const document = documents.get(referrer);
      if (document && referrer !== uri) void schedule(document);
    }
  }

  function revalidateAll(): void {
    for (const document of documents.all()) {
      if (isConfig(document.uri)) {
        if (hasFolder(document.uri)) void contracts.check(URI.parse(document.uri));
      } else void schedule(document);
    }
  }

  const workspaceChecks = new WorkspaceChecks({
    settings: { get: (uri) => settings.get(uri), forget: (uri) => settings.forget(uri) },
    resolvedFor,
    brokenFor,
    host,
    isOpen: (uri) => documents.at(uri) !== undefined,
    publish: (uri, problems) => void connection.sendDiagnostics({ uri, diagnostics: problems.map(toDiagnostic) }),
    log,
  });

  async function configsChanged(): Promise<void> {
    await contracts.invalidate();
    revalidateAll();
    workspaceChecks.recheckClosed();
    void refreshLogSync();
  }

  /** Logs that only a mapping's `files` glob names are synced through a registration of those globs. */
  const logSync = new LogSync((filters: LogFilter[]) => {
    const bulk = BulkRegistration.create();
    bulk.add(DidOpenTextDocumentNotification.type, { documentSelector: filters });
    bulk.add(DidChangeTextDocumentNotification.type, { documentSelector: filters, syncKind: TextDocumentSyncKind.Incremental });
    bulk.add(DidCloseTextDocumentNotification.type, { documentSelector: filters });
    return connection.client.register(bulk);
  }, log);
  const refreshLogSync = () =>
    logSync.refresh(async () => {
      if (!canRegisterSync || !lifecycle.running) return [];
      const parse = host.parseContractFile ?? ((kind, text) => Promise.resolve(parseContractFile(kind, text)));
      // Only a readable file of at most LOG_SYNC_CONFIG_BYTES (not a FIFO, not a 60 MB config the first checks wait for).
      const readConfig = async (uri: URI) => ((host.fileState(uri, LOG_SYNC_CONFIG_BYTES) ?? 'file') === 'file' ? readText(uri) : undefined);
      return workspaceLogFilters(workspaceFolders, { listFiles: host.listFiles?.bind(host), readText: readConfig, parse });
    });

  connection.onInitialize(({ capabilities, workspaceFolders: folders, rootUri }) => {
    lifecycle.initialize();
    workspaceFolders = (folders ?? (rootUri ? [{ uri: rootUri }] : [])).map((folder) => URI.parse(folder.uri));
    canRegisterSync = !!capabilities.textDocument?.synchronization?.dynamicRegistration;
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
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'loadline-ls', version: host.version },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      // JSON files for contracts, Table Schemas and Data Packages; CSV and TSV files for Validate Workspace.
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.json' }, { globPattern: '**/*.{csv,tsv}' }] });
    }
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'loadline' });
    void refreshLogSync();
  });

  // Before `initialize` and after `shutdown`, notifications change nothing and publish nothing.
  textDocuments.onDidChangeContent(({ document }) => {
    if (!lifecycle.running) return;
    if (isConfig(document.uri)) void configsChanged();
    else void schedule(document);
    referencedChanged(document.uri);
  });

  textDocuments.onDidClose(({ document }) => {
    if (!lifecycle.running) return;
    store.forget(document.uri);
    settings.forget(document.uri);
    foreignKeys.forget(document.uri);
    // Its unsaved text is gone: the disk's keys apply again.
    referencedChanged(document.uri);
    if (logs.close(document.uri)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // A document that was never checked (not a table) had no diagnostics to clear.
    if (!isConfig(document.uri) && !scheduler.has(document.uri) && !workspaceChecks.has(document.uri)) return;
    scheduler.close(document.uri);
    host.forget(document.uri);
    // A file that Validate Workspace checked keeps its problems, as they stand on disk.
    if (workspaceChecks.has(document.uri)) void workspaceChecks.check(document.uri);
    else void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    if (isConfig(document.uri)) void configsChanged();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!lifecycle.running) return;
    if (changes.some((change) => contracts.dependsOn(URI.parse(change.uri)))) void configsChanged();
    workspaceChecks.filesChanged(changes.map(({ uri, type }) => ({ uri, kind: CHANGE_KIND[type] })));
    for (const { uri } of changes) referencedChanged(uri);
  });

  connection.onRequest(VALIDATE_FILES_REQUEST, async (params: ValidateFilesParams): Promise<ValidateFilesResult> => {
    lifecycle.requireRunning();
    workspaceChecks.workspaceValidated();
    return validateFiles(params, (uri) => workspaceChecks.check(uri));
  });

  connection.onRequest(CONTRACT_INFO_REQUEST, async ({ uri }: ContractInfoParams): Promise<ContractInfo> => {
    lifecycle.requireRunning();
    const openUri = (file: URI) => documents.at(file)?.uri;
    const log = logs.get(uri);
    return log ? logInfo(log, readText, openUri) : contractInfo(uri, { resolvedFor, brokenFor, readText, openUri });
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    if (!lifecycle.running) return;
    settings.changed((pushed as { loadline?: unknown } | null)?.loadline);
    revalidateAll();
  });

  connection.onHover(async ({ textDocument, position }, token) => {
    lifecycle.requireRunning();
    const document = documents.getAt(textDocument.uri, position);
    const log = document && logs.get(document.uri);
    if (document && log) return hoverLogValue(document, position, log.live.mapping, log.findings, log.live.repeats);
    if (!document || !(isConfig(document.uri) || (await handles(document)))) return null;
    if (isConfig(document.uri)) {
      if (Utils.basename(URI.parse(document.uri)) !== CONFIG_FILE_NAME) return null;
      // Parsed once per text by the contract service, on its own thread when large; a broken config here.
      const parsed = hasFolder(document.uri) ? await contracts.ingestMappings(URI.parse(document.uri)) : undefined;
      const ingest = parsed?.ok ? parsed.mappings : undefined;
      // Off the main thread where the host can: a config with faults is parsed again to find the column.
      const find = host.mappingColumnAt ?? ((text, offset, mappings) => Promise.resolve(mappingColumnAt(text, offset, mappings)));
      return hoverMappingColumn(document, await find(document.getText(), document.offsetAt(position), ingest));
    }
    const resolved = await resolvedFor(document.uri);
    const hover = hoverCell(document, position, resolved, fileNameOf(document.uri), resolved ? undefined : await brokenFor(document.uri));
    return hover && withForeignKeys(hover, document, position, resolved, fileNameOf(document.uri), foreignKeys, token);
  });

  connection.onDefinition(async ({ textDocument, position }, token) => {
    lifecycle.requireRunning();
    const document = documents.getAt(textDocument.uri, position);
    if (!document || isConfig(document.uri) || !(await handles(document))) return null;
    const uriOf = (file: string) => documents.uriOf(URI.parse(file));
    return definitionAt(document, position, await resolvedFor(document.uri), fileNameOf(document.uri), foreignKeys, uriOf, token);
  });

  connection.onReferences(async ({ textDocument, position, context }, token) => {
    lifecycle.requireRunning();
    const document = documents.getAt(textDocument.uri, position);
    if (!document || isConfig(document.uri) || !hasFolder(document.uri) || !(await handles(document))) return null;
    const named = (await contracts.referrersOf(URI.parse(document.uri))).map((uri) => documents.uriOf(uri));
    const open = documents
      .all()
      .map((d) => d.uri)
      .filter((uri) => hasFolder(uri) && !isConfig(uri));
    // A client that leaves out `context` (LSP requires it) is not asked for the declaration.
    const candidates = { files: [...named, ...open], includeDeclaration: (context as typeof context | undefined)?.includeDeclaration === true };
    const rows = await referencesAt(document, position, fileNameOf(document.uri), candidates, resolvedFor, foreignKeys, token);
    return rows.map((row) => ({ uri: documents.uriOf(URI.parse(row.file)), range: row.range }));
  });

  /** The nearest .loadline.json with its current text, where a new contract or mapping goes. */
  async function nearestConfig(uri: string): Promise<{ uri: string; text: string } | undefined> {
    const configUri = await contracts.nearestConfig(URI.parse(uri));
    const text = configUri && (await readText(configUri));
    return configUri && text !== undefined ? { uri: documents.uriOf(configUri), text } : undefined;
  }

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    lifecycle.requireRunning();
    const document = documents.get(textDocument.uri);
    if (document && isLog(document.uri) && hasFolder(document.uri) && !logs.get(document.uri)) {
      const declare = declareMappingAction(document, (await settings.get(document.uri)).inferRows, await nearestConfig(document.uri));
      return declare ? [declare] : [];
    }
    if (!document || isConfig(document.uri) || !(await handles(document))) return [];
    const resolved = await resolvedFor(document.uri);
    const actions = quickFixes(document, range, context.diagnostics, resolved?.contract, fileNameOf(document.uri));
    if (!resolved && hasFolder(document.uri)) {
      const { inferRows } = await settings.get(document.uri);
      const config = await nearestConfig(document.uri);
      const create = createContractAction({ document, fileName: fileNameOf(document.uri), inferRows, config, diagnostics: context.diagnostics });
      if (create) actions.push(create);
    }
    return actions;
  });

  connection.onShutdown(() => {
    lifecycle.shutDown();
    return host.dispose();
  });
  connection.onRequest(REFUSED_REQUEST, refusedRequest);
  // Any other request: unknown while running, refused before initialize and after shutdown.
  connection.onRequest((method: string) => {
    lifecycle.requireRunning();
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  listenDocuments(textDocuments, connection, (uri, version, reason) => {
    const document = uri === undefined ? undefined : textDocuments.get(uri);
    if (!document) {
      connection.console.error(`Loadline: refused a change${uri === undefined ? '' : ` to ${uri}, which is not open`}: ${reason}.`);
      return;
    }
    store.refuse(document.uri, version, reason);
    // Republished with the out-of-sync warning, as after a malformed range.
    if (lifecycle.running) void schedule(document);
  });
  connection.listen();
}

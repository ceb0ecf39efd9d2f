import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import {
  CONFIG_FILE_NAME,
  CONTRACT_INFO_REQUEST,
  ContractInfo,
  ContractInfoParams,
  ContractService,
  CsvReport,
  DATA_PACKAGE_FILE_NAME,
  ReadResource,
  ResolvedContract,
  VALIDATE_FILES_REQUEST,
  ValidateFilesParams,
  ValidateFilesResult,
  RESYNC_NOTIFICATION,
  ResyncParams,
} from '@loadline/shared';
import { quickFixes } from './handlers/codeActions';
import { createContractAction } from './handlers/createContract';
import { checkFailedDiagnostic, noContractProblem, staleTextDiagnostic, toDiagnostic } from './handlers/diagnostics';
import { DocumentStore } from './documentStore';
import { hoverCell, hoverMappingColumn } from './handlers/hover';
import { LoadlineSettings, SettingsService } from './services/settings';
import { ValidationScheduler } from './services/validationScheduler';
import { ValidationJob } from './validationProtocol';

/** How long a client may take to answer workspace/configuration before the defaults apply. */
const SETTINGS_TIMEOUT_MS = 5000;

/** What differs between the Node server (stdio, a disk, threads) and the browser's (a Web Worker, the editor's files). */
export interface ServerHost {
  /** Runs the CSV engine: on a worker thread in Node, in place in the browser (already off the editor's thread). */
  validate(job: ValidationJob): Promise<CsvReport>;
  /** A document closed: what `validate` kept of its last check can go. */
  forget(document: string): void;
  /** Whether `validate` can stream a `file:` URI's file from the disk (`{ file }` jobs); else files are read whole. */
  readsDisk: boolean;
  /** A config's text when no editor buffer holds it. */
  readResource: ReadResource;
  /** Called on shutdown. */
  dispose(): Promise<void>;
}

const isTable = (uri: string) => /\.(csv|tsv)$/i.test(URI.parse(uri).path);
/** CSV and TSV language ids (with Rainbow CSV's: "csv (semicolon)", "dynamic csv", …). */
const isTableLanguage = (languageId: string) => /\b(csv|tsv)\b/i.test(languageId);
/** The first line of a text, where the "no contract" notice goes. */
const firstLineOf = (text: string) => text.slice(0, text.search(/\r|\n|$/));

/**
 * One resource per key, however a client spells its URI (Neovim and VS Code encode file URIs differently).
 */
function keyOf(uri: URI): string {
  return uri.scheme === 'file' ? `file:${uri.fsPath}` : uri.toString();
}

/** Wires the language features to a connection; the entry points (server.ts, browserServer.ts) make both. */
export function startServer(connection: Connection, host: ServerHost): void {
  const log = (message: string) => connection.console.log(`Loadline: ${message}`);
  const store = new DocumentStore((uri, version, reason) => {
    connection.console.error(
      `Loadline: refused the change to ${uri} (version ${version}): ${reason}. The server keeps the last text it had until the editor sends the whole text again.`,
    );
    void connection.sendNotification(RESYNC_NOTIFICATION, { uri } satisfies ResyncParams);
  });
  const documents = new TextDocuments(store);
  /**
   * The documents the server checks: by extension, or by language (an untitled CSV, a CSV mode chosen by hand,
   * `loadline.extraLanguages`); any other document a generic client sends is left alone.
   */
  const handles = async ({ uri, languageId }: TextDocument) =>
    isTable(uri) || isTableLanguage(languageId) || (await settings.get(uri)).extraLanguages.includes(languageId);
  /** After `shutdown`, requests are answered with InvalidRequest, as LSP says. */
  let shutDown = false;
  const refuseAfterShutdown = () => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shut down.');
  };
  let settings = new SettingsService({ log, timeoutMs: SETTINGS_TIMEOUT_MS });
  let canWatchFiles = false;
  let canRegisterConfiguration = false;

  /** Contract files the editor syncs (a separate Table Schema is seen when saved, through the file watcher). */
  const isConfig = (uri: string) => [CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME].includes(Utils.basename(URI.parse(uri)));
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

  // Unsaved editor buffers win over the disk, so config edits apply at once.
  const readText: ReadResource = (uri) => openDocumentAt(uri)?.getText() ?? host.readResource(uri);
  const contracts = new ContractService({
    readText,
    publishConfigProblems: (configUri, problems) =>
      void connection.sendDiagnostics({ uri: openDocumentAt(configUri)?.uri ?? configUri.toString(), diagnostics: problems.map(toDiagnostic) }),
  });

  const resolvedFor = async (uri: string): Promise<ResolvedContract | undefined> => (hasFolder(uri) ? contracts.lookup(URI.parse(uri)) : undefined);

  /** The report, with the "no contract" notice where it applies. */
  const withNotice = (report: CsvReport, uri: string, resolved: ResolvedContract | undefined, s: LoadlineSettings, firstLine: string): CsvReport =>
    !resolved && hasFolder(uri) && s.noContractNotice ? { ...report, problems: [noContractProblem(firstLine), ...report.problems] } : report;

  const scheduler = new ValidationScheduler<CsvReport>({
    // Called through wrappers: a browser's timer functions throw when called on another object.
    clock: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    versionOf: (uri) => documents.get(uri)?.version,
    validate: async (uri) => {
      const [s, resolved] = await Promise.all([settings.get(uri), resolvedFor(uri)]);
      const document = documents.get(uri);
      if (!document) throw new Error('closed');
      const text = document.getText();
      const report = await host.validate({
        text,
        document: uri,
        contract: resolved?.contract,
        options: { maxProblems: s.maxProblems, raggedRows: s.raggedRows, fileName: fileNameOf(uri) },
      });
      return withNotice(report, uri, resolved, s, firstLineOf(text));
    },
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

  async function schedule(document: TextDocument): Promise<void> {
    if (!(await handles(document))) return;
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
    for (const uri of checkedFromDisk.values()) if (!openDocumentAt(URI.parse(uri))) void checkFromDisk(uri);
  }

  /** Files that Validate Workspace checked, by key: they are checked again when they or their contracts change. */
  const checkedFromDisk = new Map<string, string>();
  let validatedWorkspace = false;

  /** Checks a file as it is on disk (or in the editor's workspace file system) and publishes unless it is open. */
  async function checkFromDisk(uri: string): Promise<CsvReport | undefined> {
    const parsed = URI.parse(uri);
    checkedFromDisk.set(keyOf(parsed), uri);
    const [s, resolved] = await Promise.all([settings.get(uri), resolvedFor(uri)]);
    // Cached per document for open ones; a file on disk asks again next time.
    settings.forget(uri);
    const options = { maxProblems: s.maxProblems, raggedRows: s.raggedRows, fileName: fileNameOf(uri) };
    let report: CsvReport;
    try {
      if (parsed.scheme === 'file' && host.readsDisk) report = await host.validate({ file: parsed.fsPath, contract: resolved?.contract, options });
      else {
        const text = await host.readResource(parsed);
        if (text === undefined) return undefined;
        report = await host.validate({ text, contract: resolved?.contract, options });
      }
    } catch (error) {
      log(`could not check ${fileNameOf(uri)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    report = withNotice(report, uri, resolved, s, '');
    if (!openDocumentAt(parsed)) void connection.sendDiagnostics({ uri, diagnostics: report.problems.map(toDiagnostic) });
    return report;
  }

  function forgetFromDisk(uri: string): void {
    const key = keyOf(URI.parse(uri));
    if (!checkedFromDisk.delete(key)) return;
    if (!openDocumentAt(URI.parse(uri))) void connection.sendDiagnostics({ uri, diagnostics: [] });
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
      // JSON files for contracts, Table Schemas and Data Packages; CSV and TSV files for Validate Workspace.
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.json' }, { globPattern: '**/*.{csv,tsv}' }] });
    }
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'loadline' });
  });

  // After `shutdown`, only `exit` means anything: notifications change nothing and publish nothing.
  documents.onDidChangeContent(({ document }) => {
    if (shutDown) return;
    if (isConfig(document.uri)) void configsChanged();
    else void schedule(document);
  });

  documents.onDidClose(({ document }) => {
    if (shutDown) return;
    store.forget(document.uri);
    settings.forget(document.uri);
    // A document that was never checked (not a table) had no diagnostics to clear.
    if (!isConfig(document.uri) && !scheduler.has(document.uri) && !checkedFromDisk.has(keyOf(URI.parse(document.uri)))) return;
    scheduler.close(document.uri);
    host.forget(document.uri);
    // A file that Validate Workspace checked keeps its problems, as they stand on disk.
    if (checkedFromDisk.has(keyOf(URI.parse(document.uri)))) void checkFromDisk(document.uri);
    else void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    if (isConfig(document.uri)) void configsChanged();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (shutDown) return;
    if (changes.some((change) => contracts.dependsOn(URI.parse(change.uri)))) void configsChanged();
    for (const { uri, type } of changes) {
      if (!isTable(uri)) continue;
      if (type === FileChangeType.Deleted) forgetFromDisk(uri);
      else if (checkedFromDisk.has(keyOf(URI.parse(uri))) || (validatedWorkspace && type === FileChangeType.Created)) {
        if (!openDocumentAt(URI.parse(uri))) void checkFromDisk(uri);
      }
    }
  });

  connection.onRequest(VALIDATE_FILES_REQUEST, async ({ uris }: ValidateFilesParams): Promise<ValidateFilesResult> => {
    refuseAfterShutdown();
    validatedWorkspace = true;
    const result: ValidateFilesResult = { checked: 0, errors: 0, others: 0 };
    for (const uri of uris) {
      const report = await checkFromDisk(uri);
      if (!report) continue;
      result.checked++;
      for (const problem of report.problems) {
        if (problem.severity === 'error') result.errors++;
        else result.others++;
      }
    }
    return result;
  });

  connection.onRequest(CONTRACT_INFO_REQUEST, async ({ uri }: ContractInfoParams): Promise<ContractInfo> => {
    refuseAfterShutdown();
    const resolved = await resolvedFor(uri);
    if (!resolved) return { kind: 'none' };
    const file = URI.parse(resolved.configPath);
    const text = await readText(file);
    const node =
      text === undefined
        ? undefined
        : findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, [
            resolved.kind === 'contract' ? 'contracts' : 'resources',
            resolved.index,
          ]);
    const at = node && text !== undefined ? TextDocument.create(resolved.configPath, 'json', 0, text).positionAt(node.offset) : { line: 0, character: 0 };
    return {
      kind: resolved.kind,
      file: openDocumentAt(file)?.uri ?? resolved.configPath,
      line: at.line,
      character: at.character,
      label: resolved.contract.files[0],
    };
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    if (shutDown) return;
    settings.changed((pushed as { loadline?: unknown } | null)?.loadline);
    revalidateAll();
  });

  connection.onHover(async ({ textDocument, position }) => {
    refuseAfterShutdown();
    const document = documents.get(textDocument.uri);
    if (!document || !(isConfig(document.uri) || (await handles(document)))) return null;
    if (isConfig(document.uri)) return Utils.basename(URI.parse(document.uri)) === CONFIG_FILE_NAME ? hoverMappingColumn(document, position) : null;
    return hoverCell(document, position, await resolvedFor(document.uri), fileNameOf(document.uri));
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    refuseAfterShutdown();
    const document = documents.get(textDocument.uri);
    if (!document || isConfig(document.uri) || !(await handles(document))) return [];
    const resolved = await resolvedFor(document.uri);
    const actions = quickFixes(document, range, context.diagnostics, resolved?.contract, fileNameOf(document.uri));
    if (!resolved && hasFolder(document.uri)) {
      const { inferRows } = await settings.get(document.uri);
      const configUri = await contracts.nearestConfig(URI.parse(document.uri));
      const configText = configUri && (await readText(configUri));
      const config = configUri && configText !== undefined ? { uri: openDocumentAt(configUri)?.uri ?? configUri.toString(), text: configText } : undefined;
      const create = createContractAction({ document, fileName: fileNameOf(document.uri), inferRows, config, diagnostics: context.diagnostics });
      if (create) actions.push(create);
    }
    return actions;
  });

  connection.onShutdown(() => {
    refuseAfterShutdown();
    shutDown = true;
    return host.dispose();
  });
  // Any other request: unknown before shutdown, refused after.
  connection.onRequest((method: string) => {
    refuseAfterShutdown();
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  documents.listen(connection);
  connection.listen();
}

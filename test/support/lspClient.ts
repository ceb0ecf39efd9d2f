import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, MessageReader, MessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    code?: string;
    message: string;
    severity?: number;
    data?: unknown;
  }[];
}

export type Position = { line: number; character: number };
export type Range = { start: Position; end: Position };
export interface Hover {
  contents: { value: string };
  range: Range;
}
export interface CodeAction {
  title: string;
  kind: string;
  edit: { changes: Record<string, { range: Range; newText: string }[]> };
}

/**
 * A minimal LSP client over the built `loadline-ls --stdio`: it answers the server's configuration and
 * registration requests and lets tests wait for the next diagnostics of a URI.
 */
export interface Registration {
  id?: string;
  method: string;
  registerOptions?: unknown;
}

/** A server that is not the stdio process: the browser build in a Web Worker (test/support/browserServer.ts). */
export interface ServerTransport {
  reader: MessageReader;
  writer: MessageWriter;
  close(): Promise<void>;
}

export interface LspClientOptions {
  /** The server's working directory (an untitled document must not pick up a contract from it). */
  cwd?: string;
  /** false: a client that cannot answer workspace/configuration and pushes settings instead. */
  pullsConfiguration?: boolean;
  /** Talk to this server instead of spawning `loadline-ls --stdio`. */
  transport?: ServerTransport;
  /** Answers the browser server's `loadline/readFile` requests, as the browser extension does from the workspace. */
  readFile?: (uri: string) => string | null;
  /** Answers the browser server's `loadline/listFiles` requests (a contract's globs below a folder), as the browser extension does. */
  listFiles?: (params: { folder: string; globs: string[] }) => string[];
  /** Start this `loadline-ls` instead of the built dist/server.js (the one an installed package put on PATH). */
  server?: string;
}

/**
 * What the test client answers workspace/configuration with: no debounce, and no "no contract" notice, which
 * would otherwise open the diagnostics of every file without a contract (its own tests turn it on).
 */
export const TEST_SETTINGS: Readonly<Record<string, unknown>> = { debounceMs: 0, noContractNotice: false };

/** Servers still running: a test that fails before it stops its server must not leave the test file unable to end. */
const running = new Set<LspClient>();
// Under `node --test` only: benchmarks import this file too, and a hook would make them print a test report.
if (process.env.NODE_TEST_CONTEXT) after(() => running.forEach((client) => client.kill()));

export class LspClient {
  readonly connection: MessageConnection;
  private readonly process?: ChildProcess;
  private readonly waiters: { uri: string; accept: (d: PublishedDiagnostics) => boolean; resolve: (d: PublishedDiagnostics) => void }[] = [];
  private readonly registrationWaiters = new Map<string, (r: Registration) => void>();
  /** The server's registrations still in force, in the order they came (an unregistered one leaves). */
  readonly registrations: Registration[] = [];
  private readonly registrationChanges: (() => void)[] = [];
  readonly logs: string[] = [];
  stderr = '';

  constructor(
    public settings: Record<string, unknown> = { ...TEST_SETTINGS },
    private readonly options: LspClientOptions = {},
  ) {
    if (options.transport) {
      const { transport } = options;
      let closed!: () => void;
      this.exited = new Promise((resolve) => (closed = () => void transport.close().then(() => resolve(0))));
      this.closeTransport = closed;
      this.connection = createMessageConnection(transport.reader, transport.writer);
    } else {
      // Through its shebang, as editors start `loadline-ls --stdio`.
      const child = spawn(options.server ?? SERVER, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
      this.process = child;
      running.add(this);
      this.exited = new Promise((resolve) =>
        child.once('exit', (code) => {
          running.delete(this);
          resolve(code);
        }),
      );
      child.stderr.on('data', (chunk) => (this.stderr += chunk));
      this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    }
    const { readFile, listFiles } = options;
    if (readFile) this.connection.onRequest('loadline/readFile', ({ uri }: { uri: string }) => readFile(uri));
    if (listFiles) this.connection.onRequest('loadline/listFiles', listFiles);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      this.registrations.push(...params.registrations);
      for (const registration of params.registrations) {
        this.registrationWaiters.get(registration.method)?.(registration);
        this.registrationWaiters.delete(registration.method);
      }
      this.registrationChanges.splice(0).forEach((changed) => changed());
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', (params: { unregisterations: { id: string }[] }) => {
      for (const { id } of params.unregisterations) {
        const index = this.registrations.findIndex((r) => r.id === id);
        if (index !== -1) this.registrations.splice(index, 1);
      }
      this.registrationChanges.splice(0).forEach((changed) => changed());
      return null;
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      const index = this.waiters.findIndex((w) => w.uri === params.uri && w.accept(params));
      if (index !== -1) this.waiters.splice(index, 1)[0].resolve(params);
    });
    this.connection.listen();
  }

  async initialize(rootUri: string): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: {
        workspace: {
          configuration: this.options.pullsConfiguration ?? true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
        },
        // As VS Code's client: the server may register more documents for sync (logs a mapping's glob names).
        textDocument: { synchronization: { dynamicRegistration: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves when the server registers `method` (now or earlier). */
  registered(method: string): Promise<Registration> {
    const earlier = this.registrations.find((r) => r.method === method);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve) => this.registrationWaiters.set(method, resolve));
  }

  /** Resolves when the registrations in force (see `registrations`) satisfy `accept`, now or after a change. */
  async registrationsWhere(accept: (registrations: Registration[]) => boolean): Promise<Registration[]> {
    while (!accept(this.registrations)) await new Promise<void>((resolve) => this.registrationChanges.push(resolve));
    return this.registrations;
  }

  /** Sets the settings the client answers with, and tells the server they changed (pushing them too). */
  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { loadline: settings } });
  }

  /** Resolves with the next diagnostics published for `uri` that `accept` takes; rejects after `ms`. */
  nextDiagnostics(uri: string, accept: (d: PublishedDiagnostics) => boolean = () => true, ms = 10000): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${ms} ms`)), ms);
      this.waiters.push({ uri, accept, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  open(uri: string, text: string, languageId = 'csv', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change: `text` replaces `range`. */
  edit(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
    version: number,
  ): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  hover(uri: string, position: Position): Promise<Hover> {
    return this.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: unknown[]): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the exit code when the server process ends. */
  readonly exited: Promise<number | null>;
  private readonly closeTransport?: () => void;

  get pid(): number {
    return this.process!.pid!;
  }

  /** Writes raw bytes to the server's stdin, bypassing JSON-RPC framing (for abuse tests). */
  writeRaw(bytes: string): void {
    this.process!.stdin!.write(bytes);
  }

  /** A request that must be answered: hover on a document the server does not have answers null. */
  async answers(): Promise<boolean> {
    const result = await this.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: 'file:///nowhere.csv' },
      position: { line: 0, character: 0 },
    });
    return result === null;
  }

  get alive(): boolean {
    return this.process!.exitCode === null && this.process!.signalCode === null;
  }

  /** Ends the server without the protocol: a failed test must not leave it running (the test file would never end). */
  kill(): void {
    this.connection.dispose();
    if (this.process && this.alive) this.process.kill();
    this.closeTransport?.();
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.closeTransport?.();
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}

/** A server on a temporary workspace folder: what the tests of a suite share. */
export interface LanguageServer {
  dir: string;
  client: LspClient;
}

/**
 * Writes a temporary workspace (`files`: relative path → text, folders made as needed) and starts a server
 * initialized on it, answering with `settings`.
 */
export async function startLanguageServer({
  workspace,
  settings = { ...TEST_SETTINGS },
}: {
  workspace: { prefix: string; files?: Record<string, string> };
  settings?: Record<string, unknown>;
}): Promise<LanguageServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), workspace.prefix));
  for (const [relative, text] of Object.entries(workspace.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  const client = new LspClient(settings);
  await client.initialize(pathToFileURL(dir).href);
  return { dir, client };
}

/** Stops the server through the protocol (it must exit 0), then removes its workspace. */
export async function stopLanguageServer({ dir, client }: LanguageServer): Promise<void> {
  assert.equal(await client.stop(), 0);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The hover on a contract column (`shop_id`, required, field `id`), the same for every build of the server. */
export async function checkContractHover(client: LspClient, uri: string): Promise<Hover> {
  const opened = client.nextDiagnostics(uri);
  await client.open(uri, 'name,Shop_ID\nAnn,42\n');
  await opened;
  const hover = await client.hover(uri, { line: 1, character: 5 });
  // The label is escaped in Markdown (hp22 09): `_` shows as itself.
  assert.match(hover.contents.value, /\*\*Shop\\_ID\*\* \(column 2\)/);
  assert.match(hover.contents.value, /Constraints: required: no cell may be empty/);
  assert.match(hover.contents.value, /field `id`/);
  assert.match(hover.contents.value, /From contract 1 of `\.\.\/\.loadline\.json`/);
  assert.deepEqual(hover.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 6 } });
  return hover;
}

import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { AbstractMessageReader, AbstractMessageWriter, DataCallback, Disposable, Message } from 'vscode-jsonrpc';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/ui/browser';
import { REPO, ServerTransport } from './lspClient';

const WEB_SERVER = path.join(REPO, 'dist', 'web', 'server.js');

/** The page's side (the test's tsconfig has Node's globals, not the DOM's). */
interface WorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message: string }) => void) | null;
}
interface PageScope {
  server: WorkerLike;
  Worker: new (url: string) => WorkerLike;
  fromServer(message: unknown): void;
  serverFailed(reason: string): void;
}

/** Messages the worker posts, handed over to vscode-jsonrpc as they arrive. */
class PageReader extends AbstractMessageReader {
  private callback?: DataCallback;
  private readonly early: Message[] = [];

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const message of this.early.splice(0)) callback(message);
    return { dispose: () => (this.callback = undefined) };
  }

  deliver(message: Message): void {
    if (this.callback) this.callback(message);
    else this.early.push(message);
  }

  fail(reason: string): void {
    this.fireError(new Error(reason));
  }
}

/** postMessage into the worker, in order. */
class PageWriter extends AbstractMessageWriter {
  private queue = Promise.resolve();

  constructor(private readonly page: Page) {
    super();
  }

  write(message: Message): Promise<void> {
    this.queue = this.queue.then(() => this.page.evaluate((m) => (globalThis as unknown as PageScope).server.postMessage(m), message as object));
    return this.queue;
  }

  end(): void {}
}

/**
 * The browser build of the language server (dist/web/server.js) the way vscode.dev runs it: in a Web Worker of
 * Debian Chromium, speaking LSP through postMessage. Each `newServer` is a fresh page and worker.
 */
export class BrowserHost {
  private constructor(
    private readonly browser: Browser,
    private readonly http: http.Server,
    private readonly origin: string,
  ) {}

  static async start(): Promise<BrowserHost> {
    const server = http.createServer((request, response) => {
      if (request.url === '/server.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        fs.createReadStream(WEB_SERVER).pipe(response);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>loadline web worker</title>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    return new BrowserHost(browser, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async newServer(): Promise<ServerTransport> {
    const page = await this.browser.newPage();
    const reader = new PageReader();
    await page.exposeBinding('fromServer', (_source, message: Message) => reader.deliver(message));
    await page.exposeBinding('serverFailed', (_source, reason: string) => reader.fail(reason));
    await page.goto(this.origin);
    await page.evaluate(() => {
      const scope = globalThis as unknown as PageScope;
      scope.server = new scope.Worker('/server.js');
      scope.server.onmessage = (event) => scope.fromServer(event.data);
      scope.server.onerror = (event) => scope.serverFailed(event.message);
    });
    return { reader, writer: new PageWriter(page), close: () => page.close() };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.http.close(resolve));
  }
}

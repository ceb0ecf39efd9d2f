import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { DocumentChecks } from './documentChecks';
import { jobToRun } from './validationProtocol';
import { listThroughClient, readThroughClient } from './readThroughClient';
import { initializeOnce } from './services/initializeOnce';
import { startServer } from './startServer';

/**
 * The language server in a Web Worker (vscode.dev, github.dev): the same core, with the editor's workspace
 * file system in place of a disk. The worker is itself off the editor's thread, so the engine runs in place.
 */
// The worker's global scope is the port; its DOM type is not in this Node-typed project.
const connection = createConnection(new BrowserMessageReader(globalThis as never), new BrowserMessageWriter(globalThis as never), {
  messageStrategy: initializeOnce(),
});

// package.json's version, written into the bundle by scripts/build.mjs.
declare const LOADLINE_VERSION: string;

const documents = new DocumentChecks();

startServer(connection, {
  // No disk here: startServer sends only texts (read through the client).
  validate: (job) =>
    Promise.resolve().then(() => {
      const run = jobToRun(job);
      return documents.check('text' in run ? run : { ...run, text: '' });
    }),
  forget: (document) => documents.forget(document),
  // One check at a time, in place: none waits to be dropped.
  supersede: () => undefined,
  readsDisk: false,
  version: LOADLINE_VERSION,
  readResource: readThroughClient(connection),
  // The client answers a read with null for any file it cannot give: here a file that cannot be read is none.
  fileState: () => undefined,
  // The workspace's files, as the editor lists them: the configs whose mappings name logs by glob (`app.log`).
  listFiles: listThroughClient(connection),
  dispose: () => Promise.resolve(),
});

// A bad document must never take the server down: report and keep serving.
const events = globalThis as unknown as { addEventListener(type: string, listener: (event: { reason?: unknown; message?: string }) => void): void };
events.addEventListener('error', (event) => connection.console.error(`Loadline internal error: ${event.message ?? 'unknown'}`));
events.addEventListener('unhandledrejection', (event) => connection.console.error(`Loadline internal error: ${String(event.reason)}`));

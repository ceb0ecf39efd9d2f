import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { CHECK_BUDGET_MS, CHECK_BUDGET_VARIABLE, childScripts, fileStateOnDisk, readFromDisk } from '@loadline/shared';
import { CheckerThread } from './checkerThread';
import { listThroughClient, readThroughClient } from './readThroughClient';
import { initializeOnce } from './services/initializeOnce';
import { listFilesOnDisk } from './listFilesOnDisk';
import { SYSTEM_CLOCK } from './services/validationScheduler';
import { startServer } from './startServer';
import { ContractFileThread } from './contractFileThread';
import { ForeignKeyThread } from './foreignKeyThread';
import { ValidationWorker } from './validationWorker';

/**
 * Over stdio a framing error (a bad Content-Length, a missing header) leaves the byte stream unreadable, and
 * a server that stays up then answers nothing: exit instead, so that the client restarts it.
 */
function createServerConnection() {
  const options = { messageStrategy: initializeOnce() };
  refuseWithoutTransport();
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all, options);
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`Loadline: unreadable message from the client (${error.message}); exiting so that it restarts the server\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout), options);
}

// package.json's version, written into the bundle by scripts/build.mjs.
declare const LOADLINE_VERSION: string;

/**
 * Run by hand (`loadline-ls`, `loadline-ls --version`), the library would throw for want of a transport, a stack
 * trace of the whole bundle: one line instead.
 */
function refuseWithoutTransport(): void {
  const args = process.argv.slice(2);
  if (args.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)\b/.test(a))) return;
  if (args.includes('--version') || args.includes('-V')) {
    process.stdout.write(`${LOADLINE_VERSION}\n`);
    process.exit(0);
  }
  process.stderr.write('usage: loadline-ls --stdio (a language server: an editor starts it and talks LSP over stdin and stdout)\n');
  process.exit(2);
}

const connection = createServerConnection();
const budgetMs = Number(process.env[CHECK_BUDGET_VARIABLE]) || CHECK_BUDGET_MS;
const script = childScripts(__dirname).validateWorker;
const worker = new ValidationWorker({ spawn: (events) => new CheckerThread(script, events), clock: SYSTEM_CLOCK, budgetMs });
const contractFiles = new ContractFileThread(script);
const foreignKeyThread = new ForeignKeyThread(script);
const readOther = readThroughClient(connection);
const listOther = listThroughClient(connection);

startServer(connection, {
  validate: (job) => worker.validate(job),
  forget: (document) => worker.forget(document),
  supersede: (document) => worker.supersede(document),
  parseContractFile: (kind, text) => contractFiles.parse(kind, text),
  foreignKeys: foreignKeyThread,
  mappingColumnAt: (text, offset, ingest) => contractFiles.mappingColumnAt(text, offset, ingest),
  readsDisk: true,
  version: LOADLINE_VERSION,
  // Files from the disk; a virtual workspace's (vscode-vfs:) through the client.
  readResource: (uri) => (uri.scheme === 'file' ? readFromDisk(uri.fsPath) : readOther(uri)),
  fileState: (uri, maxBytes) => (uri.scheme === 'file' ? fileStateOnDisk(uri.fsPath, maxBytes) : undefined),
  listFiles: (folder, globs) => (folder.scheme === 'file' ? listFilesOnDisk(folder, globs) : listOther(folder, globs)),
  dispose: () => Promise.all([worker.dispose(), contractFiles.dispose(), foreignKeyThread.dispose()]).then(() => undefined),
});

// A bad document must never take the server down: report and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Loadline internal error: ${error.message}`));
process.on('unhandledRejection', (error) => connection.console.error(`Loadline internal error: ${String(error)}`));

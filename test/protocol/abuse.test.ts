// Protocol abuse: the server either answers correctly or exits (so that the client restarts it); it never
// goes silent while alive.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it, TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-abuse-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const root = pathToFileURL(dir).href;

/** Rejects when `promise` has not settled in `ms`: "never goes silent" needs a bound. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)))]).finally(
    () => clearTimeout(timer),
  );
}

/** A client whose server ends with the test `t` whatever its outcome, initialized within 5 s. */
async function initializedClient(t: TestContext): Promise<LspClient> {
  const client = new LspClient();
  t.after(() => client.kill());
  await within(client.initialize(root), 5000, 'initialize');
  return client;
}

/** An `initialize` request to a server that has had one. */
const initializeAgain = (client: LspClient, what: string) =>
  within(client.connection.sendRequest('initialize', { processId: process.pid, rootUri: root, capabilities: {} }), 5000, what);

describe('protocol abuse', () => {
  for (const [name, bytes] of [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
  ]) {
    it(`${name}: the server exits, so the client can restart it`, async () => {
      const client = new LspClient();
      await client.initialize(root);
      client.writeRaw(bytes);
      assert.equal(await within(client.exited, 5000, 'exit'), 1);
      assert.match(client.stderr, /unreadable message from the client/);
    });
  }

  it('a body that is not JSON: the server answers the next request or exits, never goes silent', async () => {
    const client = new LspClient();
    await client.initialize(root);
    client.writeRaw('Content-Length: 5\r\n\r\n{oops');
    const outcome = await within(Promise.race([client.answers().then(() => 'answers'), client.exited.then(() => 'exited')]), 5000, 'answer or exit');
    assert.ok(['answers', 'exited'].includes(outcome));
    if (outcome === 'answers') assert.equal(await client.stop(), 0);
  });

  it('requests before initialize get ServerNotInitialized, and initialize then works', { timeout: 20000 }, async (t) => {
    const client = new LspClient();
    t.after(() => client.kill());
    const hover = { textDocument: { uri: 'file:///x.csv' }, position: { line: 0, character: 0 } };
    const refused = (method: string, params: unknown) =>
      within(
        client.connection.sendRequest(method, params).then(
          (value) => ({ value }),
          (error: { code?: number }) => ({ code: error.code }),
        ),
        5000,
        `${method} before initialize`,
      );
    assert.deepEqual(await refused('textDocument/hover', hover), { code: -32002 });
    assert.deepEqual(await refused('loadline/frobnicate', {}), { code: -32002 });
    assert.deepEqual(await refused('shutdown', null), { code: -32002 });
    await within(client.initialize(root), 5000, 'initialize');
    assert.ok(await within(client.answers(), 5000, 'hover after initialize'));
    assert.equal(await within(client.stop(), 5000, 'stop'), 0);
  });

  it('a second initialize is refused with InvalidRequest, and the server keeps answering', { timeout: 20000 }, async (t) => {
    const client = await initializedClient(t);
    await assert.rejects(initializeAgain(client, 'second initialize'), (e: { code?: number }) => e.code === -32600);
    assert.ok(await within(client.answers(), 5000, 'hover after the second initialize'));
    assert.equal(await within(client.stop(), 5000, 'stop'), 0);
  });

  it('initialize after shutdown is refused with InvalidRequest, not answered with capabilities', { timeout: 20000 }, async (t) => {
    const client = await initializedClient(t);
    await within(client.connection.sendRequest('shutdown'), 5000, 'shutdown');
    await assert.rejects(initializeAgain(client, 'initialize after shutdown'), (e: { code?: number }) => e.code === -32600);
    await client.connection.sendNotification('exit');
    assert.equal(await within(client.exited, 5000, 'exit'), 0);
    client.connection.dispose();
  });

  it('an unknown method gets MethodNotFound, and the server keeps answering', async () => {
    const client = new LspClient();
    await client.initialize(root);
    await assert.rejects(client.connection.sendRequest('loadline/frobnicate', {}), (e: { code?: number }) => e.code === -32601);
    assert.ok(await client.answers());
    assert.equal(await client.stop(), 0);
  });

  it('malformed params in requests and notifications never stop the answers', async () => {
    const client = new LspClient();
    await client.initialize(root);
    const uri = pathToFileURL(path.join(dir, 'x.csv')).href;
    for (const params of [{}, null, { textDocument: 5 }, { textDocument: { uri }, position: 'x' }]) {
      await client.connection.sendRequest('textDocument/hover', params).catch(() => undefined);
      await client.connection.sendRequest('textDocument/codeAction', params).catch(() => undefined);
      await client.connection.sendNotification('textDocument/didOpen', params);
      await client.connection.sendNotification('textDocument/didChange', params);
      await client.connection.sendNotification('workspace/didChangeConfiguration', params);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', params);
    }
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csv', version: 1, text: 42 } });
    assert.ok(await within(client.answers(), 5000, 'hover after malformed params'));
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `${uri}2`, languageId: 'csv', version: 1, text: 'a\n' } });
    await client.open(uri, 'a,b\n1\n', 'csv', 7);
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['missing-cell'],
    );
    assert.equal(await client.stop(), 0);
  });

  it('after shutdown, requests are refused and exit ends the process with 0', async () => {
    const client = new LspClient();
    await client.initialize(root);
    await client.connection.sendRequest('shutdown');
    const reply = await within(
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.csv' }, position: { line: 0, character: 0 } }).then(
        () => 'answered',
        () => 'refused',
      ),
      5000,
      'a request after shutdown',
    );
    assert.ok(['answered', 'refused'].includes(reply));
    await client.connection.sendNotification('exit');
    assert.equal(await within(client.exited, 5000, 'exit'), 0);
  });
});

// A hostile `initialize` after the first (sent before the first's reply, with another id, or inside a JSON-RPC
// batch) is answered with InvalidRequest by the server itself and never reaches vscode-languageserver's own
// handling, which would take its processId (and end the server when that process is gone), its trace level and
// its capabilities. The first session goes on: diagnostics keep flowing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import { SERVER } from '../support/lspClient';

type Message = { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };

/** `loadline-ls --stdio` driven with raw frames, so that the test can send what no JSON-RPC library would. */
class RawClient {
  private readonly child = spawn(SERVER, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  readonly received: Message[] = [];
  private readonly waiters: { accept: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));

  constructor() {
    new StreamMessageReader(this.child.stdout).listen((message) => {
      const m = message as Message;
      this.received.push(m);
      // The server asks for settings: answer with the test defaults.
      if (m.method === 'workspace/configuration') this.send({ jsonrpc: '2.0', id: m.id, result: [{ debounceMs: 0 }] });
      else if (m.method === 'client/registerCapability') this.send({ jsonrpc: '2.0', id: m.id, result: null });
      for (const waiter of this.waiters.filter((w) => w.accept(m))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(m);
      }
    });
  }

  /** One frame per body; several bodies go out in one write, so that the server reads them together. */
  send(...bodies: unknown[]): void {
    this.child.stdin.write(
      bodies
        .map((body) => {
          const json = JSON.stringify(body);
          return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
        })
        .join(''),
    );
  }

  /** The first message `accept` takes; rejected when the server ends before it comes. */
  next(accept: (m: Message) => boolean): Promise<Message> {
    const earlier = this.received.find(accept);
    if (earlier) return Promise.resolve(earlier);
    const ended = this.exited.then((code) => Promise.reject(new Error(`the server ended (exit code ${code}) before the message came`)));
    return Promise.race([new Promise<Message>((resolve) => this.waiters.push({ accept, resolve })), ended]);
  }

  answer(id: number): Promise<Message> {
    return this.next((m) => m.id === id && m.method === undefined);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(): void {
    if (this.alive) this.child.kill();
  }
}

const initialize = (id: number, rootUri: string, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { processId: null, rootUri, capabilities: { workspace: { configuration: true } }, ...extra },
});

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('a second initialize', () => {
  let dir: string;
  let rootUri: string;
  let run = 0;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-initialize-'));
    rootUri = pathToFileURL(dir).href;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Opens a CSV with a ragged row and resolves with its diagnostics. */
  async function diagnosticsFlow(client: RawClient): Promise<void> {
    const uri = pathToFileURL(path.join(dir, `ragged${run++}.csv`)).href;
    const published = client.next((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
    client.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'csv', version: 1, text: 'a,b\n1\n' } } });
    const { diagnostics } = (await published).params as { diagnostics: { code: string }[] };
    assert.ok(diagnostics.length > 0, 'the ragged row is reported');
  }

  it('sent before the first reply, with another id, is refused and takes neither its trace nor its processId', { timeout: 30000 }, async (t) => {
    const client = new RawClient();
    t.after(() => client.kill());
    const pid = await deadPid();
    // Both in one write: the second reaches the server before it has answered the first.
    client.send(initialize(1, rootUri), initialize(2, rootUri, { processId: pid, trace: 'verbose' }));
    assert.ok((await client.answer(1)).result, 'the first initialize is answered with capabilities');
    assert.equal((await client.answer(2)).error?.code, -32600);
    client.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    await diagnosticsFlow(client);
    // vscode-languageserver checks the parent process every 3 s: were the dead pid taken, the server would end.
    const started = Date.now();
    let rounds = 0;
    while (Date.now() - started < 4000 && client.alive) {
      await diagnosticsFlow(client);
      rounds++;
    }
    console.log(`${rounds} checks answered over ${Date.now() - started} ms after the hostile initialize`);
    assert.ok(client.alive, 'the server is still running');
    assert.deepEqual(
      client.received.filter((m) => m.method === '$/logTrace').map((m) => m.method),
      [],
      'the hostile initialize did not turn tracing on',
    );
    client.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' }, { jsonrpc: '2.0', method: 'exit' });
    assert.equal(await client.exited, 0);
  });

  it('in a batch, is refused with each request of the batch, and the session goes on', { timeout: 20000 }, async (t) => {
    const client = new RawClient();
    t.after(() => client.kill());
    client.send(initialize(1, rootUri));
    assert.ok((await client.answer(1)).result);
    client.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const hover = { textDocument: { uri: 'file:///nowhere.csv' }, position: { line: 0, character: 0 } };
    client.send([initialize(2, rootUri, { trace: 'verbose' }), { jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: hover }], {
      jsonrpc: '2.0',
      id: 4,
      method: 'textDocument/hover',
      params: hover,
    });
    // Answered in order: the batch's requests before the request after it.
    await client.answer(4);
    const answered = client.received.filter((m) => m.method === undefined && (m.id === 2 || m.id === 3));
    assert.deepEqual(
      answered.map((m) => [m.id, m.error?.code]),
      [
        [2, -32600],
        [3, -32600],
      ],
    );
    await diagnosticsFlow(client);
    client.send({ jsonrpc: '2.0', id: 5, method: 'shutdown' }, { jsonrpc: '2.0', method: 'exit' });
    assert.equal(await client.exited, 0);
  });
});

// `capabilities` is required, but a client that leaves it out (or sends null) got a JavaScript TypeError as its
// answer ("Cannot read properties of undefined (reading 'workspace')", hp26 13): it is read as no capabilities.
describe('an initialize without capabilities', () => {
  for (const params of [{}, { processId: null, rootUri: null, capabilities: null }]) {
    it(`is answered, and the session works: params ${JSON.stringify(params)}`, async () => {
      const client = new RawClient();
      try {
        client.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params });
        const answer = await client.answer(1);
        assert.equal(answer.error, undefined, answer.error?.message);
        assert.ok((answer.result as { capabilities?: unknown }).capabilities);
        client.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
        const uri = 'file:///nowhere/ragged.csv';
        const published = client.next((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
        client.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'csv', version: 1, text: 'a,b\n1\n' } } });
        assert.ok(((await published).params as { diagnostics: unknown[] }).diagnostics.length > 0);
        client.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' }, { jsonrpc: '2.0', method: 'exit' });
        assert.equal(await client.exited, 0);
      } finally {
        client.kill();
      }
    });
  }
});

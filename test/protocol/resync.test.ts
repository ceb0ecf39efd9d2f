// A change the server cannot apply (a malformed range) is answered with a logged error and a loadline/resync
// notification; a client that answers it with the whole text is back in step (issue 22, class 10).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';

describe('loadline-ls after a malformed change', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-resync-'));
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks the client for the whole text, and the answer brings the document and its diagnostics back', { timeout: 10_000 }, async () => {
    const uri = pathToFileURL(path.join(dir, 'edited.csv')).href;
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'a,b\n1\n');
    await opened;
    const asked = new Promise<unknown>((resolve) => client.connection.onNotification('loadline/resync', resolve));
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } }, text: 'x' }],
    });
    assert.deepEqual(await asked, { uri });
    // What Loadline's VS Code client answers (client/src/resyncDocuments.ts): the whole text at its version.
    const resynced = client.nextDiagnostics(uri, (d) => d.version === 2);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'a,b\n1,2\n1\n' }] });
    assert.deepEqual(
      (await resynced).diagnostics.map((d) => [d.code, d.range.start.line]),
      [['missing-cell', 2]],
    );
    assert.ok(
      client.logs.some((l) => l.includes(`refused the change to ${uri} (version 2): a range whose start comes after its end`)),
      client.logs.join('\n'),
    );
  });

  for (const [name, contentChanges] of [
    ['null', null],
    ['an object', { text: 'x' }],
    ['a string', 'a,b\n'],
    ['a list holding null', [null]],
  ] as const) {
    it(`contentChanges that is ${name}: refused like a malformed range, with the warning, the log and a resync`, { timeout: 10_000 }, async () => {
      const uri = pathToFileURL(path.join(dir, `changes-${name.replace(/ /g, '-')}.csv`)).href;
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, 'a,b\n1\n');
      const before = await opened;
      const asked = new Promise<unknown>((resolve) => client.connection.onNotification('loadline/resync', resolve));
      const warned = client.nextDiagnostics(uri, undefined, 5000);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges });
      const published = await warned;
      assert.deepEqual(await asked, { uri });
      assert.equal(published.version, 1, 'the last good version');
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['out-of-sync', ...before.diagnostics.map((d) => d.code)],
      );
      assert.ok(
        client.logs.some((l) => l.includes(`refused the change to ${uri} (version 2): `)),
        client.logs.join('\n'),
      );
      const resynced = client.nextDiagnostics(uri, (d) => d.version === 2);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'a,b\n1,2\n' }] });
      assert.deepEqual((await resynced).diagnostics, []);
      await client.close(uri);
    });
  }
});

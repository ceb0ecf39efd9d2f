// Go to Definition, Find References and hover on foreign-key cells read the referenced or referring files on a
// thread of their own (issue 27): while a definition reads a 3,000,000-row referenced file, the server's main
// thread still checks other documents and answers hovers; a definition the client cancels stops its work there;
// one whose referenced file changes while it runs answers from the new file; and the check after a referenced
// file changes on disk does not wait behind a definition.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { LanguageServer, Range, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { WAREHOUSE_RESOURCES } from '../support/warehousePackage';

/** Rows in the big referenced file: some 40 MB, whose scan for one key takes seconds (a main thread held that long failed). */
const REFERENCED_ROWS = 3_000_000;
/** p2 refers to the big file's last row, so that its definition reads all of it. */
const PARCELS = 'id,site,bay\np1,S1,1\np2,S999,2999\n';
const OTHER = 'id,n\n1,x\n';
/** A small pair: depots.csv refers to sites.csv, which the test rewrites on disk. */
const DEPOTS = 'id,site\nd1,A\nd2,B\n';
/** A reply slower than this is a server that cannot answer while the big file is read. */
const ANSWER_MS = 2000;
/** LSP's RequestCancelled. */
const REQUEST_CANCELLED = -32800;

describe('foreign-key navigation off the main thread', () => {
  let server: LanguageServer;
  const uri = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;
  const definition = (file: string, line: number, character: number, token?: CancellationTokenSource['token']) => {
    const params = { textDocument: { uri: uri(file) }, position: { line, character } };
    // An undefined third argument would be sent as a parameter.
    const connection = server.client.connection;
    return token
      ? connection.sendRequest<{ uri: string; range: Range } | null>('textDocument/definition', params, token)
      : connection.sendRequest<{ uri: string; range: Range } | null>('textDocument/definition', params);
  };
  /** How long a definition that scans the whole big file took (the second test): the yardstick of a cancelled one. */
  let scanMs = 0;
  const lastRow = { start: { line: REFERENCED_ROWS, character: 0 }, end: { line: REFERENCED_ROWS, character: 9 } };

  before(async () => {
    server = await startLanguageServer({
      workspace: {
        prefix: 'loadline-fk-nav-',
        files: {
          'datapackage.json': JSON.stringify({
            resources: [
              ...WAREHOUSE_RESOURCES,
              {
                name: 'other',
                path: 'other.csv',
                schema: {
                  fields: [
                    { name: 'id', type: 'integer' },
                    { name: 'n', type: 'integer' },
                  ],
                },
              },
              { name: 'sites', path: 'sites.csv', schema: { fields: [{ name: 'site' }], primaryKey: ['site'] } },
              {
                name: 'depots',
                path: 'depots.csv',
                schema: { fields: [{ name: 'id' }, { name: 'site' }], foreignKeys: [{ fields: ['site'], reference: { resource: 'sites', fields: ['site'] } }] },
              },
            ],
          }),
          'parcels.csv': PARCELS,
          'other.csv': OTHER,
          'sites.csv': 'site\nA\nB\n',
          'depots.csv': DEPOTS,
        },
      },
    });
    const fd = fs.openSync(path.join(server.dir, 'warehouses.csv'), 'w');
    fs.writeSync(fd, 'site,bay\n');
    for (let from = 0; from < REFERENCED_ROWS; from += 100_000) {
      let text = '';
      for (let i = from; i < from + 100_000; i++) text += `S${i % 1000},${Math.floor(i / 1000)}\n`;
      fs.writeSync(fd, text);
    }
    fs.closeSync(fd);
    // The referencing documents are open and checked: the foreign-key check has read the big file once.
    const checked = server.client.nextDiagnostics(uri('parcels.csv'), () => true, 300_000);
    await server.client.open(uri('parcels.csv'), PARCELS);
    assert.deepEqual((await checked).diagnostics, []);
    const depots = server.client.nextDiagnostics(uri('depots.csv'));
    await server.client.open(uri('depots.csv'), DEPOTS);
    assert.deepEqual((await depots).diagnostics, []);
  });
  after(() => stopLanguageServer(server));

  it('checks another document and answers hovers while a definition reads a 40 MB referenced file', async (t) => {
    const order: string[] = [];
    const defined = definition('parcels.csv', 2, 4).then((found) => (order.push('definition'), found));
    const started = Date.now();
    const other = uri('other.csv');
    const otherChecked = server.client.nextDiagnostics(other, () => true, 300_000);
    await server.client.open(other, OTHER);
    const otherFound = await otherChecked;
    const otherMs = Date.now() - started;
    order.push('other');
    const hoverMs: number[] = [];
    while (!order.includes('definition')) {
      const asked = Date.now();
      await server.client.hover(other, { line: 1, character: 2 });
      hoverMs.push(Date.now() - asked);
    }

    assert.deepEqual(await defined, { uri: uri('warehouses.csv'), range: lastRow });
    t.diagnostic(`the other document's diagnostics: ${otherMs} ms; ${hoverMs.length} hovers, the slowest ${Math.max(...hoverMs)} ms`);
    assert.deepEqual(
      otherFound.diagnostics.map((d) => d.code),
      ['type-error'],
    );
    assert.ok(otherMs < ANSWER_MS, `the other document's diagnostics took ${otherMs} ms`);
    assert.ok(Math.max(...hoverMs) < ANSWER_MS, `hovers took ${hoverMs.join(', ')} ms`);
    // The big file was still being read when the other document was checked and the hovers answered.
    assert.deepEqual(order, ['other', 'definition']);
    assert.ok(hoverMs.length > 0);
  });

  it('rechecks a referrer within a second when its referenced file changes on disk while a definition runs', async (t) => {
    const order: string[] = [];
    const asked = Date.now();
    const defined = definition('parcels.csv', 2, 4).then((found) => {
      scanMs = Date.now() - asked;
      order.push('definition');
      return found;
    });
    fs.writeFileSync(path.join(server.dir, 'sites.csv'), 'site\nA\n');
    const rechecked = server.client.nextDiagnostics(uri('depots.csv'), (d) => d.diagnostics.length > 0);
    const started = Date.now();
    await server.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('sites.csv'), type: 2 }] });
    const found = await rechecked;
    const recheckMs = Date.now() - started;
    order.push('recheck');
    t.diagnostic(`the recheck: ${recheckMs} ms`);
    assert.deepEqual(
      found.diagnostics.map((d) => d.message),
      ['Value "B" of site in row 3 is not in sites (site)'],
    );
    assert.ok(recheckMs < 1000, `the recheck took ${recheckMs} ms`);
    assert.deepEqual(await defined, { uri: uri('warehouses.csv'), range: lastRow });
    assert.deepEqual(order, ['recheck', 'definition']);
    t.diagnostic(`the definition: ${scanMs} ms`);
  });

  it('stops the work of a definition the client cancels: the next one waits for no scan', async (t) => {
    const source = new CancellationTokenSource();
    const cancelled = definition('parcels.csv', 2, 4, source.token).then(
      () => 'answered',
      (error: { code?: number }) => error.code,
    );
    // Answered after the definition was handed to the navigation thread, which now scans the big file.
    await server.client.hover(uri('other.csv'), { line: 1, character: 2 });
    const asked = Date.now();
    // Queued on the navigation thread behind the big scan.
    const small = definition('depots.csv', 1, 4);
    source.cancel();
    assert.deepEqual(await small, { uri: uri('sites.csv'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } });
    const ms = Date.now() - asked;
    assert.equal(await cancelled, REQUEST_CANCELLED);
    t.diagnostic(`the definition after a cancelled one: ${ms} ms (a whole scan: ${scanMs} ms)`);
    // Behind a scan that went on it would wait for most of a whole one; the machine's load scales both alike.
    assert.ok(ms < scanMs / 2, `the definition after a cancelled one took ${ms} ms, a whole scan ${scanMs} ms`);
  });

  it('answers a definition from the new referenced file when it is edited while the definition runs', async () => {
    const warehouses = uri('warehouses.csv');
    await server.client.open(warehouses, fs.readFileSync(path.join(server.dir, 'warehouses.csv'), 'utf8'));
    const defined = definition('parcels.csv', 2, 4);
    // The key moves to row 2: an answer read from the text the definition started with (its last row) is stale.
    await server.client.change(warehouses, 'site,bay\nS999,2999\n', 2);
    assert.deepEqual(await defined, { uri: warehouses, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } } });
  });
});

// A 7 MB .loadline.json is parsed and checked off the server's main thread: while it is, the server answers a
// hover and publishes another document's diagnostics within 2 s (issue 22, class 4). It held the thread 6.5 s.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bigConfig } from '../support/bigConfig';
import { LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { busyFor, cpuMs } from '../support/processCpu';

describe('loadline-ls while it parses a 7 MB .loadline.json', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    const small = JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { n: { type: 'integer' } } }] });
    const files = { 'big/.loadline.json': bigConfig(), 'small/.loadline.json': small };
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-big-config-', files } }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('answers a hover and publishes another document diagnostics within 2 s', async () => {
    const big = uriOf('big/a.csv');
    const small = uriOf('small/b.csv');
    // The small document first: its contract is cached and the checker threads have started.
    const first = client.nextDiagnostics(small);
    await client.open(small, 'n\n1\n');
    assert.deepEqual((await first).diagnostics, []);

    // The server asks for the big CSV's settings, then reads its config: from there, wait until it is busy.
    let asked!: () => void;
    const askedForBig = new Promise<void>((resolve) => (asked = resolve));
    client.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => {
      if (params.items.some((item) => item.scopeUri === big)) asked();
      return params.items.map(() => client.settings);
    });
    const bigDiagnostics = client.nextDiagnostics(big, () => true, 180_000);
    await client.open(big, 'id\nx\n');
    await askedForBig;
    await busyFor(client.pid, 300, cpuMs(client.pid));

    const hoverSent = performance.now();
    const hover = await client.hover(small, { line: 1, character: 0 });
    const hoverMs = performance.now() - hoverSent;
    const changed = client.nextDiagnostics(small, (d) => d.version === 2, 180_000);
    const changeSent = performance.now();
    await client.change(small, 'n\nx\n', 2);
    const { diagnostics } = await changed;
    const changeMs = performance.now() - changeSent;
    console.log(`hover answered in ${hoverMs.toFixed(0)} ms, the other document's diagnostics in ${changeMs.toFixed(0)} ms`);
    assert.match(hover.contents.value, /\*\*n\*\*/);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['type-error'],
    );
    assert.ok(hoverMs < 2_000, `the hover waited ${hoverMs.toFixed(0)} ms`);
    assert.ok(changeMs < 2_000, `the other document's diagnostics waited ${changeMs.toFixed(0)} ms`);

    // The big config still applies once parsed: its last contract finds the type error.
    const checked = await bigDiagnostics;
    assert.deepEqual(
      checked.diagnostics.map((d) => d.code),
      ['type-error'],
    );
  });
});

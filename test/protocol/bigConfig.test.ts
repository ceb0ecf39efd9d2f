// A 7 MB .loadline.json is parsed and checked off the server's main thread: while it is, the server answers a
// hover and publishes another document's diagnostics within 2 s (issue 22, class 4). It held the thread 6.5 s.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';

/** About 7 MB: 13,000 contracts of four typed columns each, the CSV's own contract last. */
function bigConfig(): string {
  const contracts = Array.from({ length: 13_000 }, (_, i) => ({
    files: [`dir${i}/*.csv`],
    headers: {
      id: { type: 'integer', required: true, constraints: { minimum: 0, maximum: 900719925474 } },
      name: { type: 'string', constraints: { maxLength: 40, pattern: '[A-Z][a-z]+' } },
      when: { type: 'date', format: '%Y-%m-%d' },
      amount: { type: 'number', constraints: { minimum: -1.5, maximum: 1e6 } },
    },
  }));
  contracts.push({ files: ['*.csv'], headers: { id: { type: 'integer' } } } as (typeof contracts)[number]);
  return JSON.stringify({ contracts }, null, 1);
}

/** CPU time the server has used, in ms, from /proc (all its threads; 100 clock ticks a second on Linux). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

describe('loadline-ls while it parses a 7 MB .loadline.json', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-big-config-'));
    for (const folder of ['big', 'small']) fs.mkdirSync(path.join(dir, folder));
    fs.writeFileSync(path.join(dir, 'big', '.loadline.json'), bigConfig());
    fs.writeFileSync(path.join(dir, 'small', '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { n: { type: 'integer' } } }] }));
    client = new LspClient({ ...TEST_SETTINGS });
    await client.initialize(pathToFileURL(dir).href);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

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
    const busyFrom = cpuMs(client.pid);
    while (cpuMs(client.pid) < busyFrom + 300) await new Promise((resolve) => setImmediate(resolve));

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

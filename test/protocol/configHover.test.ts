// Hover on a 7 MB .loadline.json goes through the contract service's parse, which runs on a thread of its own
// for a large config: another document's diagnostics do not wait for it. Hover parsed the whole text on the
// server's main thread, so the other document's diagnostics came only after the hover's answer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bigConfig } from '../support/bigConfig';
import { LanguageServer, LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const MAPPING = { name: 'chat', table: 'chat_messages', key: 'id', columns: { id: { from: 'id' } } };

/**
 * Hovers on the mapping's `id` column in `config` and opens `other` at once; returns the order in which the hover's
 * answer and the other document's diagnostics came, and the answer.
 */
async function hoverBesideOther(client: LspClient, config: string, text: string, other: string) {
  const events: string[] = [];
  const at = text.indexOf('"id": {');
  const before = text.slice(0, at + 2).split('\n');
  const hover = client.hover(config, { line: before.length - 1, character: before.at(-1)!.length - 1 }).then((h) => {
    events.push('hover');
    return h;
  });
  const published = client.nextDiagnostics(other, () => true, 180_000).then(() => events.push('other diagnostics'));
  await client.open(other, 'a,b\n1\n');
  const [answer] = await Promise.all([hover, published]);
  return { events, answer };
}

describe('hover on a 7 MB .loadline.json', () => {
  let server: LanguageServer;
  let client: LspClient;
  let dir: string;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    server = await startLanguageServer({ workspace: { prefix: 'loadline-config-hover-' } });
    ({ client, dir } = server);
    for (const folder of ['big', 'other']) fs.mkdirSync(path.join(dir, folder));
  });

  after(() => stopLanguageServer(server));

  it("does not hold up another document's diagnostics, and still shows the column's SQL type", { timeout: 300_000 }, async () => {
    const text = JSON.stringify({ ingest: [MAPPING], ...(JSON.parse(bigConfig()) as object) }, null, 1);
    const config = uriOf('big/.loadline.json');
    fs.writeFileSync(path.join(dir, 'big', '.loadline.json'), text);
    await client.open(config, text, 'json');
    const started = performance.now();
    const { events, answer } = await hoverBesideOther(client, config, text, uriOf('other/b.csv'));
    console.log(`${events.join(', then ')}; both within ${(performance.now() - started).toFixed(0)} ms`);
    assert.deepEqual(events, ['other diagnostics', 'hover']);
    assert.match(answer.contents.value, /^\*\*id\*\* `VARCHAR\(255\) NOT NULL`/);
  });
});

describe('hover on a .loadline.json with 40,000 faults', () => {
  let server: LanguageServer;

  before(async () => {
    server = await startLanguageServer({ workspace: { prefix: 'loadline-faulty-config-hover-' } });
    for (const folder of ['faulty', 'other']) fs.mkdirSync(path.join(server.dir, folder));
  });

  after(() => stopLanguageServer(server));

  it("does not hold up another document's diagnostics, and still shows the column's SQL type", { timeout: 300_000 }, async () => {
    const { client, dir } = server;
    const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
    // Each header rule of the wrong shape is a fault; the mapping comes last, so that hover reads the whole text.
    const headers = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`h${i}`, { type: 'nope' }]));
    const text = JSON.stringify({ contracts: [{ files: ['*.csv'], headers }], ingest: [MAPPING] }, null, 1);
    const config = uriOf('faulty/.loadline.json');
    fs.writeFileSync(path.join(dir, 'faulty', '.loadline.json'), text);
    // Its problems published: the config is parsed, and a hover finds the parse done.
    const checked = client.nextDiagnostics(config, (d) => d.diagnostics.length > 0, 180_000);
    await client.open(config, text, 'json');
    assert.match((await checked).diagnostics[0].message, /headers\/h0\/type must be one of/);
    // A checker has started: the other document's check waits for no thread to start.
    const warm = uriOf('other/a.csv');
    const warmed = client.nextDiagnostics(warm, () => true, 60_000);
    await client.open(warm, 'a,b\n1,2\n');
    await warmed;
    const { events, answer } = await hoverBesideOther(client, config, text, uriOf('other/b.csv'));
    assert.deepEqual(events, ['other diagnostics', 'hover']);
    assert.match(answer.contents.value, /^\*\*id\*\* `VARCHAR\(255\) NOT NULL`/);
  });
});

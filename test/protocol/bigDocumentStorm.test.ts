// Big documents in an edit storm must not hold up the server's main thread (issue 22, class 2): each edit to a 4 MB
// document once rebuilt its whole text there, and each check read the whole text, while a small document's
// messages waited behind them. A document whose rule is too slow, opened before the storm and never edited, is the
// clock: its check-failed comes one budget after it is opened, on the checker's time, so a hover sent after the
// storm must be answered before it (a hover needs the main thread alone, no checker).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LanguageServer, LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { randomAb, SLOWER_PATTERN } from '../support/slowPattern';

const CONFIG = JSON.stringify({
  contracts: [
    { files: ['slow/*.csv'], headers: { v: { constraints: { pattern: SLOWER_PATTERN } } } },
    { files: ['fast/*.csv'], headers: { n: { type: 'integer' } } },
  ],
});
const BUDGET_MS = 5000;
const BIG_DOCUMENTS = 4;
const EDITS = 50;
const ROW = 1000;
/** About 4 MB of rows of a and b, each different (the checker would remember a repeated cell's verdict). */
const bigText = (rows: number) => {
  const ab = randomAb(rows * ROW);
  return `v\n${Array.from({ length: rows }, (_, i) => ab.slice(i * ROW, (i + 1) * ROW)).join('\n')}\n`;
};

describe('loadline-ls with four 4 MB documents in an edit storm', () => {
  let server: LanguageServer;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(server.dir, relative)).href;

  before(async () => {
    process.env.LOADLINE_CHECK_BUDGET_MS = String(BUDGET_MS);
    server = await startLanguageServer({ workspace: { prefix: 'loadline-big-storm-', files: { '.loadline.json': CONFIG } } });
    client = server.client;
  });

  after(async () => {
    delete process.env.LOADLINE_CHECK_BUDGET_MS;
    await stopLanguageServer(server);
  });

  it("answers a small document's hover before a slow document's budget runs out, however many edits the big ones get", async () => {
    const clock = uriOf('slow/clock.csv');
    const big = Array.from({ length: BIG_DOCUMENTS }, (_, i) => uriOf(`slow/big${i}.csv`));
    const fast = uriOf('fast/small.csv');
    const opened = client.nextDiagnostics(fast);
    await client.open(fast, 'n\n1\nx\n');
    await opened;
    const text = bigText(4000);
    for (const uri of big) await client.open(uri, text);
    // Reading 16 MB of opens takes the server a while on a busy machine: the clock starts once it has (requests
    // are answered in order).
    assert.ok(await client.answers());
    const order: string[] = [];
    const clockFailed = client.nextDiagnostics(clock, (d) => d.diagnostics[0]?.code === 'check-failed', 120_000).then(() => order.push('check-failed'));
    await client.open(clock, `v\n${randomAb(400_000)}\n`);
    const started = performance.now();
    // The storm, an edit of the small document and a hover on it, all sent at once: the server reads them in order.
    for (let version = 2; version <= EDITS + 1; version++)
      for (const uri of big) await client.edit(uri, { start: { line: version, character: 5 }, end: { line: version, character: 5 } }, 'a', version);
    const fastPublished = client.nextDiagnostics(fast, (d) => d.version === 2, 120_000);
    await client.edit(fast, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'y', 2);
    const sent = performance.now();
    await client.hover(fast, { line: 1, character: 0 });
    order.push('hover');
    const hovered = performance.now() - sent;
    const { diagnostics } = await fastPublished;
    console.log(
      `after ${BIG_DOCUMENTS * EDITS} edits of big documents sent in ${(sent - started).toFixed(0)} ms, the small document's hover came ${hovered.toFixed(0)} ms later and its diagnostics ${(performance.now() - sent).toFixed(0)} ms`,
    );
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['type-error'],
    );
    await clockFailed;
    assert.deepEqual(order, ['hover', 'check-failed']);
  });
});

// The hostile probe hp22b (06): a document of 10 M short rows held up another folder's document for 4 to 10 s, on
// the main thread, before any checker had it: each check counted the big document's lines to read its first line
// and its length (1.3 s for 20 MB, and more in garbage collection).
describe('loadline-ls with a document of 10 M short rows open', () => {
  let server: LanguageServer;
  const integers = JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { c: { type: 'integer' } } }] });

  before(async () => {
    server = await startLanguageServer({ workspace: { prefix: 'loadline-many-rows-', files: { 'x/.loadline.json': integers, 'y/.loadline.json': integers } } });
  });
  after(() => stopLanguageServer(server));

  it("gives another folder's document its diagnostics within 2 s", async () => {
    const { client, dir } = server;
    const other = pathToFileURL(path.join(dir, 'y', 'o.csv')).href;
    const published = client.nextDiagnostics(other);
    // Sent one after the other, as an editor restoring its tabs does: the clock runs while the server reads the 20 MB.
    const sent = performance.now();
    await client.open(pathToFileURL(path.join(dir, 'x', 'big.csv')).href, `c\n${'x\n'.repeat(10_000_000)}`);
    await client.open(other, 'c\nbad\n');
    const { diagnostics } = await published;
    const waited = performance.now() - sent;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['type-error'],
    );
    console.log(`the other document's diagnostics came ${waited.toFixed(0)} ms after the opens`);
    assert.ok(waited < 2_000, `the other document waited ${waited.toFixed(0)} ms`);
  });
});

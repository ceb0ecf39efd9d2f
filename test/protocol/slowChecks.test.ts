// A check that runs past its time budget is abandoned with one diagnostic that names the slow rule, and other
// documents keep getting their diagnostics at once, whatever the budget and however many slow checks wait
// (issue 22, class 2). The server keeps its default budget here.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { randomAb, SLOWER_PATTERN } from '../support/slowPattern';

const CONFIG = JSON.stringify({
  contracts: [
    { files: ['slow/*.csv'], headers: { v: { constraints: { pattern: SLOWER_PATTERN } } } },
    { files: ['fast/*.csv'], headers: { n: { type: 'integer' } } },
  ],
});
/** About 14 s of matching alone: past the default 5 s budget even on a fast machine. */
const SLOW_TEXT = `v\n${randomAb(400_000)}\n`;
/** Each slow check takes its whole budget, one after another on a 2-core machine. */
const SLOW_WAIT_MS = 120_000;

for (const slowCount of [1, 5]) {
  describe(`loadline-ls with ${slowCount} document(s) whose rule is too slow for the default check budget`, () => {
    let dir: string;
    let client: LspClient;
    const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

    before(async () => {
      delete process.env.LOADLINE_CHECK_BUDGET_MS;
      ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-slow-ls-', files: { '.loadline.json': CONFIG } } }));
    });
    after(() => stopLanguageServer({ dir, client }));

    it('gives another document its diagnostics within 2 s, and each slow one a diagnostic naming the rule', async () => {
      const slow = Array.from({ length: slowCount }, (_, i) => uriOf(`slow/big${i}.csv`));
      const fast = uriOf('fast/small.csv');
      const slowDiagnostics = slow.map((uri) => client.nextDiagnostics(uri, () => true, SLOW_WAIT_MS));
      const fastDiagnostics = client.nextDiagnostics(fast);
      for (const uri of slow) await client.open(uri, SLOW_TEXT);
      const openedFast = performance.now();
      await client.open(fast, 'n\n1\nx\n');
      const { diagnostics } = await fastDiagnostics;
      const waited = performance.now() - openedFast;
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['type-error'],
      );
      assert.ok(waited < 2_000, `the other document waited ${waited.toFixed(0)} ms`);
      for (const published of await Promise.all(slowDiagnostics)) {
        assert.equal(published.diagnostics.length, 1, published.uri);
        assert.equal(published.diagnostics[0].code, 'check-failed');
        assert.match(published.diagnostics[0].message, /longer than 5 s .*the pattern of column "v"/);
      }
    });
  });
}

// The hostile probe of issue 22: six too-slow documents, each edited ten times quickly, while a quick document is
// opened and edited. Each round's pace is the quick document's own diagnostics: no sleeps.
describe('loadline-ls with 6 too-slow documents in an edit storm', () => {
  const BUDGET_MS = 2000;
  const EDITS = 10;
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    process.env.LOADLINE_CHECK_BUDGET_MS = String(BUDGET_MS);
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-slow-storm-', files: { '.loadline.json': CONFIG } } }));
  });
  after(async () => {
    delete process.env.LOADLINE_CHECK_BUDGET_MS;
    await stopLanguageServer({ dir, client });
  });

  it('gives the quick document its diagnostics within 2 s of each edit, and each slow one one diagnostic at its last version', async () => {
    const slow = Array.from({ length: 6 }, (_, i) => uriOf(`slow/storm${i}.csv`));
    const fast = uriOf('fast/small.csv');
    const last = 1 + EDITS;
    const slowDiagnostics = slow.map((uri) => client.nextDiagnostics(uri, (d) => d.version === last, SLOW_WAIT_MS));
    for (const uri of slow) await client.open(uri, SLOW_TEXT);
    const waits: number[] = [];
    const fastVersion = async (version: number, send: () => Promise<void>) => {
      const published = client.nextDiagnostics(fast, (d) => d.version === version);
      const sent = performance.now();
      await send();
      const { diagnostics } = await published;
      waits.push(Math.round(performance.now() - sent));
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['type-error'],
      );
    };
    await fastVersion(1, () => client.open(fast, 'n\n1\nx\n'));
    for (let version = 2; version <= last; version++) {
      for (const uri of slow) await client.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, 'a', version);
      await fastVersion(version, () => client.edit(fast, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'x', version));
    }
    console.log(`the quick document's diagnostics came after ${waits.join(', ')} ms`);
    assert.ok(Math.max(...waits) < 2_000, `the quick document waited ${Math.max(...waits)} ms`);
    const stormEnded = performance.now();
    const finals = await Promise.all(slowDiagnostics.map((published) => published.then((d) => ({ ...d, after: performance.now() - stormEnded }))));
    const latest = Math.max(...finals.map((f) => f.after));
    console.log(`the slow documents' last diagnostics came ${finals.map((f) => f.after.toFixed(0)).join(', ')} ms after the storm`);
    for (const published of finals) {
      assert.equal(published.diagnostics.length, 1, published.uri);
      assert.equal(published.diagnostics[0].code, 'check-failed');
      assert.match(published.diagnostics[0].message, /longer than 2 s .*the pattern of column "v"/);
    }
    // One budget per document, one after another (and some slack): none spent on a version already edited.
    assert.ok(latest < slow.length * BUDGET_MS * 1.5, `the last slow document's diagnostics came ${latest.toFixed(0)} ms after the storm`);
  });
});

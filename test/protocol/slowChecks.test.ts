// A check that runs past its time budget is abandoned with one diagnostic that names the slow rule, and the
// server's checker restarts: other documents keep getting diagnostics (issue 22, class 2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';
import { randomAb, SLOW_PATTERN } from '../support/slowPattern';

const CONFIG = JSON.stringify({
  contracts: [
    { files: ['slow/*.csv'], headers: { v: { constraints: { pattern: SLOW_PATTERN } } } },
    { files: ['fast/*.csv'], headers: { n: { type: 'integer' } } },
  ],
});
const BUDGET_MS = 1_000;

describe('loadline-ls with a rule too slow for the check budget', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-slow-ls-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), CONFIG);
    // The server inherits the environment: a budget short enough for a test.
    process.env.LOADLINE_CHECK_BUDGET_MS = String(BUDGET_MS);
    client = new LspClient({ ...TEST_SETTINGS });
    delete process.env.LOADLINE_CHECK_BUDGET_MS;
    await client.initialize(pathToFileURL(dir).href);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives another document its diagnostics within 2 s, and the slow one a diagnostic naming the rule', async () => {
    const slow = uriOf('slow/big.csv');
    const fast = uriOf('fast/small.csv');
    const slowDiagnostics = client.nextDiagnostics(slow);
    const fastDiagnostics = client.nextDiagnostics(fast);
    await client.open(slow, `v\n${randomAb(4_000_000)}\n`);
    const openedFast = performance.now();
    await client.open(fast, 'n\n1\nx\n');
    const { diagnostics } = await fastDiagnostics;
    const waited = performance.now() - openedFast;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['type-error'],
    );
    assert.ok(waited < 2_000, `the other document waited ${waited.toFixed(0)} ms`);
    const stopped = (await slowDiagnostics).diagnostics;
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0].code, 'check-failed');
    assert.match(stopped[0].message, /longer than 1 s .*the pattern of column "v"/);
  });
});

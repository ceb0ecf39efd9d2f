// A wide contract crosses to each validation thread once (issue 22, class 2, with h44's rulesKey): the server posted
// the whole contract with every check, and a 100,000-column contract's copy then cost more than its check, so such
// a document got the "too slow" diagnostic under load. Counted, not timed: a preload (test/support/workerPosts.ts)
// logs each message the server posts to a thread, and whether it holds a string only the contract contains.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LanguageServer, LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { randomAb, SLOWER_PATTERN } from '../support/slowPattern';
import { POST_LOG_VARIABLE, POST_MARKER, Post, readPosts } from '../support/workerPosts';

const COLUMNS = 2_000;
const EDITS = 10;
const BUDGET_MS = 1000;
/** A string of the document's text only: posts that hold it are the document's checks. */
const DOCUMENT_MARKER = 'document-marker-c41d';
const labels = Array.from({ length: COLUMNS }, (_, i) => `col_${i}`);
const CONFIG = JSON.stringify({
  contracts: [
    {
      files: ['*.csv'],
      headers: {
        ...Object.fromEntries(labels.map((name) => [name, { type: 'integer' }])),
        tag: { constraints: { enum: ['a', 'b', POST_MARKER] } },
        note: { type: 'string' },
        v: { constraints: { pattern: SLOWER_PATTERN } },
      },
    },
  ],
});
/** A text whose first `bad` cells are not integers; `v` a cell too slow for the budget when `slow`. */
const wideText = (bad: number, slow = false) =>
  `${[...labels, 'tag', 'note', 'v'].join(',')}\n${[...labels.map((_, i) => (i < bad ? 'x' : String(i))), 'a', DOCUMENT_MARKER, slow ? randomAb(100_000) : ''].join(',')}\n`;

describe('loadline-ls posts a wide contract to each validation thread once', () => {
  let server: LanguageServer;
  let client: LspClient;
  let log: string;
  let uri: string;
  let version = 1;
  const posts = () => readPosts(log);
  /** By thread: how many of the posts to it held the contract, and how many held the document. */
  const byThread = (all: Post[]) => {
    const threads = new Map<number, { contract: number; document: number }>();
    for (const post of all) {
      const counts = threads.get(post.thread) ?? { contract: 0, document: 0 };
      counts.contract += post.marked ? 1 : 0;
      counts.document += post.text ? 1 : 0;
      threads.set(post.thread, counts);
    }
    return [...threads.values()].filter((counts) => counts.document > 0);
  };
  const change = async (bad: number, slow = false) => {
    const next = ++version;
    const published = client.nextDiagnostics(uri, (d) => d.version === next, 60_000);
    await client.change(uri, wideText(bad, slow), next);
    return published;
  };

  before(async () => {
    log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-posts-')), 'posts.jsonl');
    process.env[POST_LOG_VARIABLE] = log;
    process.env.LOADLINE_POST_TEXT_MARKER = DOCUMENT_MARKER;
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, '..', 'support', 'workerPosts.js')}`;
    process.env.LOADLINE_CHECK_BUDGET_MS = String(BUDGET_MS);
    server = await startLanguageServer({ workspace: { prefix: 'loadline-wide-posts-', files: { '.loadline.json': CONFIG } } });
    client = server.client;
    uri = pathToFileURL(path.join(server.dir, 'wide.csv')).href;
  });

  after(async () => {
    for (const name of [POST_LOG_VARIABLE, 'LOADLINE_POST_TEXT_MARKER', 'NODE_OPTIONS', 'LOADLINE_CHECK_BUDGET_MS']) delete process.env[name];
    await stopLanguageServer(server);
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  });

  it(`sends the contract once per thread over ${EDITS} edits, each edit's diagnostics right`, async (t) => {
    const opened = client.nextDiagnostics(uri, () => true, 60_000);
    await client.open(uri, wideText(1));
    assert.equal((await opened).diagnostics.length, 1);
    for (let edit = 1; edit <= EDITS; edit++) {
      const { diagnostics } = await change(1 + edit);
      assert.equal(diagnostics.length, 1 + edit);
    }
    const threads = byThread(posts());
    const contractPosts = threads.reduce((sum, counts) => sum + counts.contract, 0);
    const checks = threads.reduce((sum, counts) => sum + counts.document, 0);
    t.diagnostic(`${checks} checks on ${threads.length} thread(s); the contract crossed ${contractPosts} time(s)`);
    assert.ok(checks >= EDITS + 1, `${checks} checks`);
    for (const counts of threads)
      assert.equal(counts.contract, 1, `a thread that checked the document ${counts.document} times got the contract ${counts.contract} times`);
  });

  it('sends it again to the thread that replaces one ended past its budget', async (t) => {
    const before = posts().length;
    const slow = await change(3, true);
    assert.equal(slow.diagnostics.length, 1);
    assert.equal(slow.diagnostics[0].code, 'check-failed');
    assert.match(slow.diagnostics[0].message, /the pattern of column "v"/);
    for (let edit = 1; edit <= 3; edit++) {
      const { diagnostics } = await change(edit);
      assert.equal(diagnostics.length, edit);
    }
    const all = posts();
    const threads = byThread(all);
    const earlier = new Set(
      all
        .slice(0, before)
        .filter((post) => post.text)
        .map((post) => post.thread),
    );
    const fresh = new Set(
      all
        .slice(before)
        .filter((post) => post.text && !earlier.has(post.thread))
        .map((post) => post.thread),
    );
    t.diagnostic(`threads new to the document after the budget: ${fresh.size}; contract posts by thread: ${threads.map((c) => c.contract).join(', ')}`);
    assert.ok(fresh.size > 0, 'a thread new to the document checked it after the budget ended the other');
    for (const counts of threads)
      assert.equal(counts.contract, 1, `a thread that checked the document ${counts.document} times got the contract ${counts.contract} times`);
  });
});

// The Node server (dist/server.js over stdio, contracts on disk) and the browser server (dist/web/server.js in a
// Web Worker, contracts through `loadline/readFile`) give the same diagnostics for the same documents: the
// examples, the e2e fixture, and generated texts and contracts where CSV engines break.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { BrowserHost } from '../support/browserServer';
import { anyContract, anyText } from '../support/csvArbitraries';
import { fuzz } from '../support/fuzz';
import { LspClient, PublishedDiagnostics, REPO, TEST_SETTINGS } from '../support/lspClient';

/** Relative path → text: the workspace both servers see. */
type Workspace = Map<string, string>;

function addTree(workspace: Workspace, from: string, as: string): void {
  for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    workspace.set(path.posix.join(as, path.relative(from, full).split(path.sep).join('/')), fs.readFileSync(full, 'utf8'));
  }
}

function corpus(): Workspace {
  const workspace: Workspace = new Map();
  addTree(workspace, path.join(REPO, 'examples'), 'examples');
  addTree(workspace, path.join(REPO, 'test', 'e2e', 'fixture'), 'fixture');
  // Stdio carries UTF-8, so a lone surrogate would reach the two servers as different texts: left out.
  const cases = fc.sample(
    fc.tuple(anyText, anyContract, fc.constantFrom('csv', 'tsv')).filter(([text]) => text.isWellFormed()),
    fuzz(40) as fc.Parameters<[string, unknown, string]>,
  );
  cases.forEach(([text, contract, extension], i) => {
    if (contract) workspace.set(`generated/${i}/.loadline.json`, JSON.stringify({ contracts: [contract] }));
    workspace.set(`generated/${i}/data.${extension}`, text);
  });
  // Broken configs, reported on the config file at the fault's position.
  const brokenConfigs = [
    '{ "contracts": [ { "files": ["**"] "headers": {} } ] }',
    '{ "contracts": [ { "files": ["**/*.csv"], "headers": {}, "colour": "red" } ] }',
    '{ "contracts": [ { "files": ["a*b*c*d*e.csv"], "headers": { "id": { "required": "yes" } } } ] }',
  ];
  brokenConfigs.forEach((config, i) => {
    workspace.set(`broken/${i}/.loadline.json`, config);
    workspace.set(`broken/${i}/data.csv`, 'id,name\n1,Ann\n');
  });
  return workspace;
}

const isDocument = (relative: string) => /\.(csv|tsv)$/.test(relative);

/** The config nearest to a document, as the servers find it. */
function nearestConfig(workspace: Workspace, document: string): string | undefined {
  for (let dir = path.posix.dirname(document); ; dir = path.posix.dirname(dir)) {
    const candidate = path.posix.join(dir, '.loadline.json');
    if (workspace.has(candidate)) return candidate;
    if (dir === '.' || dir === '/') return undefined;
  }
}

/** Opens each document in turn and keeps what the server published for it and for its broken config. */
async function diagnosticsOf(client: LspClient, uriOf: (relative: string) => string, workspace: Workspace) {
  const seen = new Map<string, PublishedDiagnostics['diagnostics']>();
  const asked = new Set([...workspace.keys()].filter(isDocument).map((d) => nearestConfig(workspace, d)));
  const broken = [...asked].filter((c): c is string => c !== undefined && !parseConfig(workspace.get(c)!).ok);
  // Published when a document below it first asks for it: listen before any document opens.
  const configs = broken.map((relative) => client.nextDiagnostics(uriOf(relative), () => true, 60000).then((d) => seen.set(relative, d.diagnostics)));
  for (const [relative, text] of workspace) {
    if (!isDocument(relative)) continue;
    const uri = uriOf(relative);
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text, relative.endsWith('.tsv') ? 'tsv' : 'csv');
    seen.set(relative, (await published).diagnostics);
    await client.close(uri);
  }
  await Promise.all(configs);
  return seen;
}

describe('the Node and the browser server agree', () => {
  const workspace = corpus();
  let dir: string;
  let host: BrowserHost;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-same-'));
    for (const [relative, text] of workspace) {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), text);
    }
    host = await BrowserHost.start();
  });

  after(async () => {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes identical diagnostics for every document and every broken config', async (t) => {
    const node = new LspClient({ ...TEST_SETTINGS }, { cwd: dir });
    const nodeUri = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
    await node.initialize(pathToFileURL(dir).href);
    const fromNode = await diagnosticsOf(node, nodeUri, workspace);
    assert.equal(await node.stop(), 0);

    const browserUri = (relative: string) => `memfs:/ws/${relative}`;
    const browser = new LspClient(
      { ...TEST_SETTINGS },
      { transport: await host.newServer(), readFile: (uri) => workspace.get(uri.slice('memfs:/ws/'.length)) ?? null },
    );
    await browser.initialize('memfs:/ws');
    const fromBrowser = await diagnosticsOf(browser, browserUri, workspace);
    assert.equal(await browser.stop(), 0);

    const documents = [...workspace.keys()].filter(isDocument);
    assert.ok(documents.length >= 40, `${documents.length} documents`);
    const withProblems = [...fromNode.values()].filter((d) => d.length > 0).length;
    assert.ok(withProblems >= 10, `only ${withProblems} documents have problems: the comparison would prove little`);
    assert.deepEqual([...fromBrowser.keys()].sort(), [...fromNode.keys()].sort());
    for (const [relative, diagnostics] of fromNode) assert.deepEqual(fromBrowser.get(relative), diagnostics, relative);
    // corpus()'s three broken configs, and the generated contracts that parseConfig refuses (typed rules that do not fit).
    const broken = new Set([...workspace.keys()].filter(isDocument).map((d) => nearestConfig(workspace, d)));
    const refused = [...broken].filter((c) => c !== undefined && !parseConfig(workspace.get(c)!).ok).length;
    const configs = fromNode.size - documents.length;
    assert.ok(refused >= 3);
    assert.equal(configs, refused, 'every broken config was reported, by both servers');
    t.diagnostic(`${documents.length} documents, ${withProblems} with problems, ${configs} broken configs: identical`);
  });
});

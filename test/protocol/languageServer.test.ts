import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { checkContractHover, LspClient, TEST_SETTINGS } from '../support/lspClient';

const CONFIG = JSON.stringify({
  contracts: [{ files: ['imports/**/*.csv'], headers: { shop_id: { field: 'id', required: true }, platinum_member: { required: false } } }],
});

describe('loadline-ls --stdio', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  const codes = (d: { diagnostics: { code?: string }[] }) => d.diagnostics.map((x) => x.code);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-ls-'));
    fs.mkdirSync(path.join(dir, 'imports'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), CONFIG);
    client = new LspClient();
    const init = (await client.initialize(pathToFileURL(dir).href)) as { capabilities: Record<string, unknown> };
    assert.equal(init.capabilities.hoverProvider, true);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers watchers for contract files (JSON) and tables and, dynamically, for configuration changes', async () => {
    const watcher = await client.registered('workspace/didChangeWatchedFiles');
    assert.deepEqual(
      (watcher.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern),
      ['**/*.json', '**/*.{csv,tsv}'],
    );
    await client.registered('workspace/didChangeConfiguration');
  });

  it('syncs documents incrementally: a ranged edit changes only its range', async () => {
    const uri = uriOf('imports/incremental.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'shop_id,name\n1,Ann\n2,Bob\n');
    assert.deepEqual(codes(await opened), []);
    const edited = client.nextDiagnostics(uri);
    await client.edit(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, '', 2);
    const after = await edited;
    assert.deepEqual(codes(after), ['required']);
    assert.equal(after.diagnostics[0].message, 'Missing required value shop_id for row 3');
    await client.close(uri);
  });

  it('publishes diagnostics on didOpen and clears them after a fixing didChange', async () => {
    const uri = uriOf('imports/shops.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'shop_id,name\n1,Ann\n,Bob\n');
    const first = await opened;
    assert.deepEqual(codes(first), ['required']);
    assert.deepEqual(first.diagnostics[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
    assert.equal(first.diagnostics[0].message, 'Missing required value shop_id for row 3');
    assert.equal(first.version, 1);

    const fixed = client.nextDiagnostics(uri);
    await client.change(uri, 'shop_id,name\n1,Ann\n2,Bob\n', 2);
    const second = await fixed;
    assert.deepEqual(second.diagnostics, []);
    assert.equal(second.version, 2);
  });

  it('debounces: only the last of rapid edits is published', async () => {
    await client.configure({ ...TEST_SETTINGS, debounceMs: 150 });
    try {
      const uri = uriOf('imports/typing.csv');
      const published: number[] = [];
      const last = client.nextDiagnostics(uri, (d) => (published.push(d.version ?? -1), d.version === 5));
      await client.open(uri, 'shop_id\n\n', 'csv', 1);
      for (let v = 2; v <= 5; v++) await client.change(uri, `shop_id\n${',x'.repeat(v)}\n`, v);
      const final = await last;
      assert.deepEqual(published, [5]);
      assert.deepEqual(codes(final), ['required', 'extra-cell']);
      await client.close(uri);
    } finally {
      await client.configure({ ...TEST_SETTINGS, debounceMs: 0 });
    }
  });

  it('replaces a wrong setting with its default and logs why', async () => {
    await client.configure({ ...TEST_SETTINGS, debounceMs: 0, maxProblems: 0, raggedRows: 'fatal' });
    try {
      const uri = uriOf('imports/settings.csv');
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, 'shop_id,name\n,a\n,b\n,c,extra\n');
      const { diagnostics } = await opened;
      assert.deepEqual(codes({ diagnostics }), ['required', 'required', 'required', 'extra-cell'], 'maxProblems 0 is not "show none"');
      assert.equal(diagnostics[3].severity, 2, 'raggedRows falls back to warning');
      assert.ok(
        client.logs.some((l) => /loadline\.maxProblems is 0, not a whole number of 1 or more: using 1000/.test(l)),
        client.logs.join('\n'),
      );
      await client.close(uri);
    } finally {
      await client.configure({ ...TEST_SETTINGS, debounceMs: 0 });
    }
  });

  it('re-validates open documents when .loadline.json changes on disk', async () => {
    const uri = uriOf('imports/change.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'shop_id,email\n1,\n');
    assert.deepEqual(codes(await opened), []);

    const config = JSON.parse(CONFIG);
    config.contracts[0].headers.email = { required: true };
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(config));
    const revalidated = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.loadline.json'), type: 2 }] });
    assert.deepEqual(codes(await revalidated), ['required']);
    fs.writeFileSync(path.join(dir, '.loadline.json'), CONFIG);
    const restored = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.loadline.json'), type: 2 }] });
    assert.deepEqual(codes(await restored), []);
    await client.close(uri);
  });

  it('reports a broken config on the config file, uses unsaved config edits, and keeps running', async () => {
    const csv = uriOf('imports/broken.csv');
    const config = uriOf('.loadline.json');
    const csvOpened = client.nextDiagnostics(csv);
    await client.open(csv, 'name\nAnn\n');
    assert.deepEqual(codes(await csvOpened), ['missing-label']);

    const configProblems = client.nextDiagnostics(config, (d) => d.diagnostics.length > 0);
    const csvAgain = client.nextDiagnostics(csv);
    await client.open(config, '{\n  "contracts": [\n    { "files": ["imports/**/*.csv"] "headers": {} }\n  ]\n}', 'json');
    const broken = await configProblems;
    assert.deepEqual(codes(broken), ['invalid-config']);
    assert.deepEqual(broken.diagnostics[0].range.start, { line: 2, character: 36 });
    // Without a usable contract only the structure is checked, and the CSV says which contract file is broken.
    const again = await csvAgain;
    assert.deepEqual(codes(again), ['invalid-config']);
    assert.match(again.diagnostics[0].message, /^The contract file .*\.loadline\.json is broken, .* At 3:37: Invalid JSON: comma expected/);

    const configFixed = client.nextDiagnostics(config, (d) => d.diagnostics.length === 0);
    const csvFixed = client.nextDiagnostics(csv);
    await client.change(config, CONFIG.replace('"shop_id"', '"name"'), 2);
    await configFixed;
    assert.deepEqual(codes(await csvFixed), [], 'the unsaved contract now requires "name", which the file has');

    const closed = client.nextDiagnostics(config, (d) => d.diagnostics.length === 0, 3000).catch(() => undefined);
    await client.close(config);
    await closed;
    await client.close(csv);
    assert.ok(client.alive);
  });

  it('shows the column name and whether it is required on hover', async () => {
    const uri = uriOf('imports/hover.csv');
    await checkContractHover(client, uri);
    const optional = await client.hover(uri, { line: 1, character: 1 });
    assert.match(optional.contents.value, /\*\*name\*\* \(column 1\)\n\nNot in the contract/);
  });

  it('offers a quick fix that appends a missing required header', async () => {
    const uri = uriOf('imports/fix.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'name;platinum_member\nAnn;yes\n');
    const { diagnostics } = await opened;
    assert.deepEqual(codes({ diagnostics }), ['missing-label']);
    const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Add required header "shop_id"');
    assert.equal(actions[0].kind, 'quickfix');
    assert.deepEqual(actions[0].edit.changes[uri], [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, newText: ';shop_id' }]);

    const withoutData = await client.codeActions(
      uri,
      diagnostics[0].range,
      diagnostics.map(({ data: _, ...rest }) => rest),
    );
    assert.deepEqual(
      withoutData.map((a) => a.title),
      ['Add required header "shop_id"'],
      'clients that drop diagnostic data still get the fix',
    );

    const after = client.nextDiagnostics(uri);
    await client.change(uri, 'name;platinum_member;shop_id\nAnn;yes\n', 2);
    assert.deepEqual(codes(await after), ['missing-cell', 'required']);
    await client.close(uri);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = uriOf('imports/closing.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'name\nAnn\n');
    assert.deepEqual(codes(await opened), ['missing-label']);
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('answers requests while a 10 MB document is being checked, and never crashes on garbage', async () => {
    const uri = uriOf('imports/big.csv');
    const row = 'shop_id,name,comment\n';
    const body = '1,Ann,"a quoted, comment"\n'.repeat(400_000) + ',Zed,x\n';
    assert.ok(body.length > 10_000_000);
    const order: string[] = [];
    const diagnostics = client.nextDiagnostics(uri, undefined, 60000).then((d) => (order.push('diagnostics'), d));
    await client.open(uri, row + body);
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    order.push('hover');
    const big = await diagnostics;
    assert.deepEqual(order, ['hover', 'diagnostics'], 'the hover must not wait for the validation');
    assert.deepEqual(codes(big), ['required']);
    assert.equal(big.diagnostics[0].range.start.line, 400_001);
    await client.close(uri);

    const garbage = uriOf('imports/garbage.csv');
    const published = client.nextDiagnostics(garbage);
    await client.open(garbage, '\u0000\u0001"\uffff,;|\t\r\r\n"""\n,'.repeat(1000));
    await published;
    assert.ok(client.alive);
    await client.close(garbage);
  });
});

describe('loadline-ls --stdio with other clients', () => {
  let dir: string;
  const codes = (d: { diagnostics: { code?: string }[] }) => d.diagnostics.map((x) => x.code);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-ls-clients-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['**/*'], headers: { shop_id: { required: true } } }] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks an untitled CSV for structure only, whatever .loadline.json sits in its working directory', async () => {
    const client = new LspClient({ ...TEST_SETTINGS }, { cwd: dir });
    try {
      await client.initialize(pathToFileURL(dir).href);
      const opened = client.nextDiagnostics('untitled:Untitled-1');
      await client.open('untitled:Untitled-1', 'name\nAnn,extra\n');
      assert.deepEqual(codes(await opened), ['extra-cell'], 'no missing-label: no contract applies to a document without a folder');
      const file = pathToFileURL(path.join(dir, 'shops.csv')).href;
      const fileOpened = client.nextDiagnostics(file);
      await client.open(file, 'name\nAnn\n');
      assert.deepEqual(codes(await fileOpened), ['missing-label'], 'the same text in a file of that folder gets the contract');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('takes pushed settings from a client that cannot answer workspace/configuration', async () => {
    const client = new LspClient({ noContractNotice: false }, { pullsConfiguration: false });
    try {
      await client.initialize(pathToFileURL(dir).href);
      await client.configure({ ...TEST_SETTINGS, debounceMs: 0, maxProblems: 1 });
      const uri = pathToFileURL(path.join(dir, 'pushed.csv')).href;
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, 'shop_id,name\n,a\n,b\n');
      assert.deepEqual(codes(await opened), ['required', 'too-many-problems']);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

describe('loadline-ls --stdio in a virtual workspace (vscode-vfs:, Remote Repositories)', () => {
  const uriOf = (relative: string) => `vscode-vfs://github/acme/shops/${relative}`;
  const csv = 'name\nAnn\n';

  it('reads the contract through the client, which answers loadline/readFile', async () => {
    const reads: string[] = [];
    const client = new LspClient({ ...TEST_SETTINGS }, { readFile: (uri) => (reads.push(uri), uri === uriOf('.loadline.json') ? CONFIG : null) });
    await client.initialize(uriOf(''));
    const published = client.nextDiagnostics(uriOf('imports/x.csv'));
    await client.open(uriOf('imports/x.csv'), csv);
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['missing-label'],
    );
    const walk = ['imports/.loadline.json', 'imports/datapackage.json', '.loadline.json', 'datapackage.json'];
    assert.deepEqual(reads, walk.map(uriOf), 'both kinds of contract file, up to the nearest .loadline.json');
    assert.equal(await client.stop(), 0);
  });

  it('checks only the structure when the client cannot read files (any editor but VS Code)', async () => {
    const client = new LspClient({ ...TEST_SETTINGS });
    await client.initialize(uriOf(''));
    const published = client.nextDiagnostics(uriOf('imports/x.csv'));
    await client.open(uriOf('imports/x.csv'), csv);
    assert.deepEqual((await published).diagnostics, []);
    assert.ok(await client.answers());
    assert.equal(await client.stop(), 0);
  });
});

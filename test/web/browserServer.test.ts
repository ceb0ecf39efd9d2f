// The browser build of the language server (dist/web/server.js) in a Web Worker of Chromium, as vscode.dev runs
// it: LSP over postMessage, and .loadline.json read through the client (`loadline/readFile`), here from memory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import picomatch from 'picomatch';
import { BrowserHost } from '../support/browserServer';
import { checkContractHover, LspClient, TEST_SETTINGS } from '../support/lspClient';

const CONFIG = JSON.stringify({
  contracts: [{ files: ['imports/**/*.csv'], headers: { shop_id: { field: 'id', required: true }, name: { required: false } } }],
  ingest: [
    { name: 'events', files: ['logs/*.jsonl'], table: 'events', key: 'id', columns: { id: { from: 'id', required: true }, n: { from: 'n', type: 'integer' } } },
  ],
});
/** The workspace, as a browser's file system provider would hold it (github.dev's scheme is vscode-vfs:). */
const uriOf = (relative: string) => `vscode-vfs://github/acme/shops/${relative}`;

describe('the browser language server in a Web Worker', () => {
  let host: BrowserHost;
  let client: LspClient;
  const files = new Map<string, string>([[uriOf('.loadline.json'), CONFIG]]);
  const reads: string[] = [];
  const codes = (d: { diagnostics: { code?: string }[] }) => d.diagnostics.map((x) => x.code);

  before(async () => {
    host = await BrowserHost.start();
    client = new LspClient(
      { ...TEST_SETTINGS },
      {
        transport: await host.newServer(),
        readFile: (uri) => (reads.push(uri), files.get(uri) ?? null),
        // As the extension lists them through the workspace file system: the files below the folder that a glob matches.
        listFiles: ({ folder, globs }) =>
          [...files.keys()].filter((uri) => uri.startsWith(`${folder}/`) && picomatch(globs, { dot: true })(uri.slice(folder.length + 1))).sort(),
      },
    );
    const init = (await client.initialize(uriOf(''))) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'loadline-ls');
    assert.equal(init.capabilities.hoverProvider, true);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    await host.close();
  });

  it('publishes diagnostics from a contract it read through the client, walking up from the CSV', async () => {
    const uri = uriOf('imports/shops.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'shop_id,name\n1,Ann\n,Bob\n');
    const published = await opened;
    assert.deepEqual(codes(published), ['required']);
    assert.equal(published.diagnostics[0].message, 'Missing required value shop_id for row 3');
    assert.deepEqual(published.diagnostics[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
    const walk = ['imports/.loadline.json', 'imports/datapackage.json', '.loadline.json', 'datapackage.json'];
    assert.deepEqual(reads, walk.map(uriOf), 'both kinds of contract file, up to the nearest .loadline.json');

    const fixed = client.nextDiagnostics(uri);
    await client.change(uri, 'shop_id,name\n1,Ann\n2,Bob\n', 2);
    assert.deepEqual((await fixed).diagnostics, []);
    await client.close(uri);
  });

  it('checks a JSON-lines log against the ingest mapping it read through the client', async () => {
    const uri = uriOf('logs/app.jsonl');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, '{"id":"a","n":1}\n{"id":"😀","n":"warm"}\n', 'jsonl');
    const { diagnostics } = await opened;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.range]),
      [['value-error', 'wrong type for n: expected an integer, got string "warm"', { start: { line: 1, character: 15 }, end: { line: 1, character: 21 } }]],
    );
    await client.close(uri);
  });

  it("checks a log against its mapping's JSON Schema, read through the client and compiled by Ajv in the worker", async () => {
    const mapping = { name: 'events', files: ['logs/*.jsonl'], table: 'events', key: 'id', schema: 'events.schema.json', columns: { id: { from: 'id' } } };
    files.set(uriOf('schemaed/.loadline.json'), JSON.stringify({ ingest: [mapping] }));
    files.set(uriOf('schemaed/events.schema.json'), JSON.stringify({ properties: { user: { properties: { age: { minimum: 0, pattern: '^(a+)+$' } } } } }));
    const uri = uriOf('schemaed/logs/app.jsonl');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, '{"id":"a","user":{"age":1}}\n{"id":"😀","user":{"age":-1}}\n', 'jsonl');
    const { diagnostics } = await opened;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.range]),
      [['schema-error', '/user/age must be >= 0 (minimum)', { start: { line: 1, character: 25 }, end: { line: 1, character: 27 } }]],
    );
    await client.close(uri);
  });

  it('shows the column and its rule on hover', async () => {
    const uri = uriOf('imports/hover.csv');
    await checkContractHover(client, uri);
    await client.close(uri);
  });

  it('offers the quick fix that adds a missing required header', async () => {
    const uri = uriOf('imports/missing.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'name\nAnn\n');
    const published = await opened;
    assert.deepEqual(codes(published), ['missing-label']);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, published.diagnostics);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add required header "shop_id"'],
    );
    assert.deepEqual(actions[0].edit.changes[uri], [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, newText: ',shop_id' }]);
    await client.close(uri);
  });

  it('reports a broken config at its position, and applies a fix the client says it saved', async () => {
    const csv = uriOf('imports/broken.csv');
    const config = uriOf('.loadline.json');
    files.set(config, '{\n  "contracts": [\n    { "files": ["imports/**/*.csv"] "headers": {} }\n  ]\n}');
    const configProblems = client.nextDiagnostics(config, (d) => d.diagnostics.length > 0);
    const csvOpened = client.nextDiagnostics(csv);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 2 }] });
    await client.open(csv, 'name\nAnn\n');
    const broken = await configProblems;
    assert.deepEqual(codes(broken), ['invalid-config']);
    assert.deepEqual(broken.diagnostics[0].range.start, { line: 2, character: 36 });
    assert.deepEqual(codes(await csvOpened), ['invalid-config'], 'only the structure is checked, and the CSV says the contract file is broken');

    files.set(config, CONFIG);
    const cleared = client.nextDiagnostics(config, (d) => d.diagnostics.length === 0);
    const csvAgain = client.nextDiagnostics(csv);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 2 }] });
    await cleared;
    assert.deepEqual(codes(await csvAgain), ['missing-label']);
    await client.close(csv);
  });

  it('checks foreign keys against a referenced file read through the client, again when it changes, and goes to its row', async () => {
    const pkg = uriOf('pkg/datapackage.json');
    const warehouses = uriOf('pkg/warehouses.csv');
    const parcels = uriOf('pkg/parcels.csv');
    files.set(
      pkg,
      JSON.stringify({
        resources: [
          { name: 'warehouses', path: 'warehouses.csv', schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }] } },
          {
            name: 'parcels',
            path: 'parcels.csv',
            schema: {
              fields: [{ name: 'site' }, { name: 'bay' }],
              foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
            },
          },
        ],
      }),
    );
    files.set(warehouses, 'site,bay\nWEST,1\n');
    const opened = client.nextDiagnostics(parcels);
    await client.open(parcels, 'site,bay\nWEST,01\nEAST,2\n');
    assert.deepEqual(
      (await opened).diagnostics.map((d) => [d.code, d.message]),
      [['foreign-key', 'Value ("EAST", 2) of (site, bay) in row 3 is not in warehouses (site, bay)']],
    );
    const definition = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: parcels }, position: { line: 1, character: 1 } });
    assert.deepEqual(definition, { uri: warehouses, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } });

    files.set(warehouses, 'site,bay\nWEST,1\nEAST,2\n');
    const again = client.nextDiagnostics(parcels);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: warehouses, type: 2 }] });
    assert.deepEqual((await again).diagnostics, []);
    const hover = await client.hover(parcels, { line: 2, character: 1 });
    assert.match(hover.contents.value, /Foreign key \(site, bay\) → warehouses \(site, bay\): resolves: row 3 of `warehouses\.csv` holds \("EAST", 2\)\./);
    await client.close(parcels);
  });

  it('finds the rows that refer to a key cell, in a referring file read through the client', async () => {
    const warehouses = uriOf('pkg/warehouses.csv');
    const parcels = uriOf('pkg/parcels.csv');
    files.set(parcels, 'site,bay\nWEST,01\nEAST,2\nWEST,1\n');
    await client.open(warehouses, 'site,bay\nWEST,1\nEAST,2\n');
    const references = await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: warehouses },
      position: { line: 1, character: 1 },
      context: { includeDeclaration: false },
    });
    // parcels.csv is not open: the Data Package names it, and the client gives its text. "01" refers to the integer 1.
    assert.deepEqual(references, [
      { uri: parcels, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } } },
      { uri: parcels, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } } },
    ]);
    // Asked for the declaration too, the key cell itself comes first.
    const declared = await client.connection.sendRequest<unknown[]>('textDocument/references', {
      textDocument: { uri: warehouses },
      position: { line: 1, character: 1 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(declared[0], { uri: warehouses, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } });
    assert.equal(declared.length, 3);
    await client.close(warehouses);
  });

  it('finds the rows that refer to a key cell in files that only a glob of the referring contract names, listed through the client', async () => {
    const customers = uriOf('shop/customers.csv');
    files.set(
      uriOf('shop/.loadline.json'),
      JSON.stringify({
        contracts: [
          { name: 'customers', files: ['customers.csv'], headers: { cid: { constraints: { unique: true } } } },
          { files: ['orders/*.csv'], headers: { oid: {}, cid: { foreignKey: { reference: { resource: 'customers', fields: 'cid' } } } } },
        ],
      }),
    );
    files.set(customers, 'cid\nc1\nc2\n');
    files.set(uriOf('shop/orders/a.csv'), 'oid,cid\no1,c1\n');
    files.set(uriOf('shop/orders/b.csv'), 'oid,cid\no2,c2\no3,c1\n');
    await client.open(customers, 'cid\nc1\nc2\n');
    const references = await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: customers },
      position: { line: 1, character: 1 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(references, [
      { uri: uriOf('shop/orders/a.csv'), range: { start: { line: 1, character: 3 }, end: { line: 1, character: 5 } } },
      { uri: uriOf('shop/orders/b.csv'), range: { start: { line: 2, character: 3 }, end: { line: 2, character: 5 } } },
    ]);
    await client.close(customers);
  });

  it('checks only the structure of an untitled document, and reads nothing for it', async () => {
    const uri = 'untitled:Untitled-1';
    const before = reads.length;
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'a,b\n1,2,3\n');
    assert.deepEqual(codes(await opened), ['extra-cell']);
    assert.equal(reads.length, before);
    await client.close(uri);
  });
});

// Typed contracts over a real stdio connection: hover, the "no contract" notice and its code action, the status
// bar's request, and Validate Workspace with re-checks of files that change on disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { CONTRACT_INFO_REQUEST, ContractInfo, VALIDATE_FILES_REQUEST, ValidateFilesResult } from '../../shared/src/editorProtocol';
import { LspClient, startLanguageServer, stopLanguageServer, TEST_SETTINGS } from '../support/lspClient';

const CONFIG = `{
  // shops
  "contracts": [
    { "files": ["shops/*.csv"], "headers": { "id": { "type": "integer", "constraints": { "required": true, "unique": true } } } },
    { "files": ["orders/*.csv"], "schema": "orders.schema.json" },
    { "files": ["codes/*.csv"], "schema": "codes.schema.json" }
  ]
}
`;
const SCHEMA = { fields: [{ name: 'total', type: 'number', decimalChar: ',', constraints: { minimum: 0 }, description: 'Order total in euros' }] };

/** An enum of 20,000 codes of 110 characters: a hover that listed them all would be 2.3 MB. */
const CODES = Array.from({ length: 20_000 }, (_, i) => `${'R'.repeat(104)}-${String(i).padStart(5, '0')}`);
const CODES_SCHEMA = { fields: [{ name: 'code', type: 'string', constraints: { enum: CODES } }] };

describe('loadline-ls with typed contracts', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  };
  const codes = (d: { diagnostics: { code?: string | number }[] }) => d.diagnostics.map((x) => x.code);

  before(async () => {
    const files = { '.loadline.json': CONFIG, 'orders.schema.json': JSON.stringify(SCHEMA), 'codes.schema.json': JSON.stringify(CODES_SCHEMA) };
    ({ dir, client } = await startLanguageServer({
      workspace: { prefix: 'loadline-typed-ls-', files },
      settings: { ...TEST_SETTINGS, noContractNotice: true },
    }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('publishes type and unique errors with the finer reason in data', async () => {
    const uri = uriOf('shops/a.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'id,name\n1,a\nx,b\n1,c\n');
    const { diagnostics } = await opened;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, (d.data as { reason?: string }).reason, d.range.start.line]),
      [
        ['type-error', 'integer', 2],
        ['unique-error', 'unique', 3],
      ],
    );
    await client.close(uri);
  });

  it('hover shows the type, format options, constraints, description and the file they came from', async () => {
    const uri = uriOf('orders/o.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'total\n"1,5"\n');
    assert.deepEqual(codes(await opened), []);
    const hover = await client.hover(uri, { line: 1, character: 2 });
    assert.equal(
      hover.contents.value,
      '**total** (column 1)\n\nType: `number` (decimalChar `","`)\n\nConstraints: minimum `0`\n\nOrder total in euros\n\nFrom the Table Schema `../orders.schema.json`, named by contract 2 of `../.loadline.json`.',
    );
    const info = await client.connection.sendRequest<ContractInfo>(CONTRACT_INFO_REQUEST, { uri });
    assert.deepEqual(info, { kind: 'contract', file: uriOf('.loadline.json'), line: 4, character: 4, label: 'orders/*.csv' });
    await client.close(uri);
  });

  it('hover over a column with a 20,000-value enum names the count and the first values, in bounded size', async () => {
    const uri = uriOf('codes/c.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, `code\n${CODES[0]}\n`);
    assert.deepEqual(codes(await opened), []);
    const { value } = (await client.hover(uri, { line: 1, character: 2 })).contents;
    assert.ok(value.length < 8000, `hover of ${value.length} characters`);
    assert.match(value, new RegExp(`Constraints: enum \\(20,000 values\\) such as \`"${CODES[0]}"\`, \`"${CODES[1]}"\``));
    await client.close(uri);
  });

  it('hover over an ingest mapping column in .loadline.json shows the SQL type it creates', async () => {
    const text = [
      '{',
      '  "ingest": [',
      '    { "name": "chat", "table": "chat_messages", "key": "id",',
      '      "columns": { "id": { "from": "id" }, "at": { "from": "ts", "type": "unix-millis" }, "n": { "from": "n", "type": "integer", "default": 0 } } }',
      '  ]',
      '}',
    ].join('\n');
    const uri = uriOf('mapped/.loadline.json');
    await client.open(uri, text);
    const line = text.split('\n')[3];
    const hoverAt = async (token: string) => (await client.hover(uri, { line: 3, character: line.indexOf(token) + 1 }))?.contents.value;
    assert.equal(
      await hoverAt('"id"'),
      '**id** `VARCHAR(255) NOT NULL`\n\nThe column `id` of `chat_messages` (mapping "chat", part of the key) when Loadline creates the table. An existing table\'s own column type applies instead.',
    );
    assert.match(await hoverAt('"unix-millis"'), /^\*\*at\*\* `TIMESTAMP\(3\) NULL`/);
    assert.match(await hoverAt('"n"'), /^\*\*n\*\* `BIGINT DEFAULT 0`/);
    assert.equal(await hoverAt('"ingest"'), undefined);
    await client.close(uri);
  });

  it('a CSV without a contract gets one information notice on row 1 and a code action that appends an inferred contract', async () => {
    const uri = uriOf('people/p.csv');
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, 'id,email\n1,a@b.io\n2,c@d.io\n');
    const { diagnostics } = await opened;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['no-contract', 3, { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }]],
    );
    assert.deepEqual(await client.connection.sendRequest<ContractInfo>(CONTRACT_INFO_REQUEST, { uri }), { kind: 'none' });

    const [action] = ((await client.codeActions(uri, diagnostics[0].range, diagnostics)) as CodeAction[]).filter(
      (a) => a.title === 'Create a contract from this file',
    );
    assert.deepEqual(action.diagnostics, diagnostics);
    const edits = action.edit!.changes![uriOf('.loadline.json')];
    const offsetOf = (position: { line: number; character: number }) =>
      CONFIG.split('\n')
        .slice(0, position.line)
        .reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    const updated = applyEdits(
      CONFIG,
      edits.map((e: TextEdit) => ({ offset: offsetOf(e.range.start), length: offsetOf(e.range.end) - offsetOf(e.range.start), content: e.newText })),
    );
    assert.match(updated, /^\{\n {2}\/\/ shops\n/, 'the comment stays: an edit, not a rewrite');
    const contracts = (parse(updated) as { contracts: unknown[] }).contracts;
    assert.deepEqual(contracts[3], {
      files: ['people/p.csv'],
      headers: {
        id: { type: 'integer', constraints: { required: true, unique: true } },
        email: { type: 'string', format: 'email', constraints: { required: true } },
      },
    });

    // Once the contract is there, the notice goes.
    write('.loadline.json', updated);
    const checked = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.loadline.json'), type: 2 }] });
    assert.deepEqual(codes(await checked), []);
    write('.loadline.json', CONFIG);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.loadline.json'), type: 2 }] });
    await client.close(uri);
  });

  it('with no .loadline.json above the CSV, the action creates one beside it, and the notice can be switched off', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-no-config-'));
    try {
      const uri = pathToFileURL(path.join(other, 'x.csv')).href;
      const opened = client.nextDiagnostics(uri);
      await client.open(uri, 'a\n1\n');
      const { diagnostics } = await opened;
      const [action] = (await client.codeActions(uri, diagnostics[0].range, diagnostics)) as CodeAction[];
      const [create, edit] = action.edit!.documentChanges! as [{ kind: string; uri: string }, TextDocumentEdit];
      const config = pathToFileURL(path.join(other, '.loadline.json')).href;
      assert.deepEqual(create, { kind: 'create', uri: config, options: { ignoreIfExists: true } });
      assert.equal(edit.textDocument.uri, config);
      assert.deepEqual(JSON.parse(edit.edits[0].newText), {
        contracts: [{ files: ['x.csv'], headers: { a: { type: 'integer', constraints: { required: true } } } }],
      });

      const quiet = client.nextDiagnostics(uri);
      await client.configure({ ...TEST_SETTINGS, noContractNotice: false });
      assert.deepEqual(codes(await quiet), []);
      await client.configure({ ...TEST_SETTINGS, noContractNotice: true });
      await client.close(uri);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('Validate Workspace reads a UTF-8 BOM file with a damaged byte from after the mark: the first header still binds (hp24 03)', async () => {
    const uri = uriOf('shops/bom-damaged.csv');
    fs.mkdirSync(path.join(dir, 'shops'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'shops/bom-damaged.csv'), Buffer.from('\xef\xbb\xbfid\nx\ncaf\xe9\n', 'latin1'));
    const checked = client.nextDiagnostics(uri);
    await client.connection.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris: [uri] });
    assert.deepEqual(
      (await checked).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [
        ['type-error', 1, 0],
        ['type-error', 2, 0],
      ],
    );
  });

  it('Validate Workspace answers for a file with one record of 50 MB: the record too long, and the repeat after it (hp24 06)', async () => {
    // Each 64 KiB read decoded the whole record again: the request got no answer in minutes.
    const uri = uriOf('shops/big-row.csv');
    fs.mkdirSync(path.join(dir, 'shops'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'shops/big-row.csv'), `id,name\n1,a\n2,${'y'.repeat(50_000_000)}\n3,b\n1,c\n`);
    const checked = client.nextDiagnostics(uri);
    const result = await client.connection.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris: [uri] });
    // The record is past the 16 MiB a record may have: one problem at its line (as ingest rejects it), then the repeat.
    assert.deepEqual(result, { checked: 1, errors: 2, others: 0 });
    assert.deepEqual(
      (await checked).diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['invalid-csv', 2],
        ['unique-error', 4],
      ],
    );
    fs.rmSync(path.join(dir, 'shops/big-row.csv'));
  });

  it('Validate Workspace checks files that are not open, from the disk, and checks them again when they change or go', async () => {
    write('shops/big.csv', `id\n${Array.from({ length: 50_000 }, (_, i) => i % 49_999).join('\n')}\n`);
    write('shops/ok.csv', 'id\n1\n');
    const big = uriOf('shops/big.csv');
    const ok = uriOf('shops/ok.csv');
    const bigChecked = client.nextDiagnostics(big);
    const okChecked = client.nextDiagnostics(ok);
    const result = await client.connection.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris: [big, ok, uriOf('shops/gone.csv')] });
    assert.deepEqual(result, { checked: 2, errors: 1, others: 0 });
    assert.deepEqual(
      (await bigChecked).diagnostics.map((d) => [d.code, d.message]),
      [['unique-error', 'Value "0" in id (row 50001) repeats row 2: the column is unique']],
    );
    assert.deepEqual(codes(await okChecked), []);

    const changed = client.nextDiagnostics(ok);
    write('shops/ok.csv', 'id\nnope\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ok, type: 2 }] });
    assert.deepEqual(codes(await changed), ['type-error']);

    const created = client.nextDiagnostics(uriOf('shops/new.csv'));
    write('shops/new.csv', 'id\n\n1\n1\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('shops/new.csv'), type: 1 }] });
    assert.deepEqual(codes(await created), ['unique-error'], 'a new file in a validated workspace is checked too');

    const cleared = client.nextDiagnostics(ok);
    fs.rmSync(path.join(dir, 'shops/ok.csv'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ok, type: 3 }] });
    assert.deepEqual(codes(await cleared), []);
  });
});

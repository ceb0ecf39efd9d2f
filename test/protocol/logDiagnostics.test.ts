// JSON-lines logs over a real stdio connection: a line the dry run would reject gets an error on the part of it
// that explains why (the value's token, where parsing failed, the object that lacks a value, the `when` value),
// and a repeated key is found again after an edit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, PublishedDiagnostics, startLanguageServer, stopLanguageServer } from '../support/lspClient';
import { runCli } from '../support/run';

const CONFIG = JSON.stringify({
  ingest: [
    {
      name: 'events',
      files: ['logs/*.jsonl', 'logs/*.txt'],
      table: 'events',
      key: 'id',
      onDuplicate: 'error',
      when: { path: 'type', in: ['click', 'view'] },
      columns: {
        id: { from: 'id', type: 'string', required: true, maxLength: 8 },
        c: { from: 'data.c', type: 'integer', required: true },
        at: { from: 'ts', type: 'unix-seconds', required: true },
        note: { from: 'note', type: 'string', maxLength: 3 },
      },
    },
    ...(['skip', 'update'] as const).map((onDuplicate) => ({
      name: onDuplicate,
      files: [`${onDuplicate}/*.jsonl`],
      table: onDuplicate,
      key: 'id',
      onDuplicate,
      columns: { id: { from: 'id', type: 'string', required: true }, n: { from: 'n', type: 'integer' } },
    })),
  ],
});

const LINES = [
  '{"id":"a1","type":"click","ts":1700000000,"data":{"c":5}}',
  '{"id":"a2","type":"click","ts":1700000000,"data":{"c":"warm"}}',
  '{"id":"a3","type":"click","ts":1700000000,"data":{"c":5}',
  '{"id":"a4","type":"click","ts":1700000000,"data":{}}',
  '{"id":"a5","type":"spam","ts":1700000000,"data":{"c":5}}',
  '{"id":"😀x","type":"view","ts":1700000000,"data":{"c":5},"note":"😀😀😀😀"}',
  '{"id":"a6","type":"click","ts":1700000000}',
  '{"id":"a1","type":"view","ts":1700000001,"data":{"c":6}}',
];

/** Each diagnostic as [line, code, start, end]. */
const spans = (published: PublishedDiagnostics) =>
  published.diagnostics.map((d) => [d.range.start.line, d.code, d.range.start.character, d.range.end.character]);
/** Where `token` is in line `i`, in UTF-16 code units as LSP counts them. */
const tokenAt = (i: number, token: string, from = 0, lines = LINES) => {
  const start = lines[i].indexOf(token, from);
  assert.ok(start >= 0, `${token} in line ${i}`);
  return [start, start + token.length];
};

describe('loadline-ls on JSON-lines logs', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-log-ls-', files: { '.loadline.json': CONFIG } } }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('puts each reject on its value, its parse error, the object that lacks a value or the when value', async () => {
    const uri = uriOf('logs/app.jsonl');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, LINES.join('\n') + '\n', 'jsonl');
    const diagnostics = await published;
    assert.deepEqual(spans(diagnostics), [
      [1, 'value-error', ...tokenAt(1, '"warm"')],
      [2, 'invalid-json', LINES[2].length, LINES[2].length],
      [3, 'required', ...tokenAt(3, '{}')],
      [4, 'unsupported-event', ...tokenAt(4, '"spam"')],
      [5, 'value-error', ...tokenAt(5, '"😀😀😀😀"')],
      [6, 'required', 0, LINES[6].length],
      [7, 'duplicate-key', ...tokenAt(7, '"a1"')],
    ]);
    assert.ok(diagnostics.diagnostics.every((d) => d.severity === 1));
    assert.deepEqual(
      diagnostics.diagnostics.map((d) => d.message),
      [
        'wrong type for data.c: expected an integer, got string "warm"',
        "invalid JSON: Expected ',' or '}' after property value in JSON at position 56",
        'missing required field data.c',
        'unsupported type "spam": only click and view events are loaded',
        'note is 4 characters, more than note holds (3)',
        'missing required field data.c',
        'duplicate key id "a1": the first one is line 1',
      ],
    );
    await client.close(uri);
  });

  // hp2527 01: a lone CR ends a line for the loader as for the editor. VS Code gives the text with every line
  // ending made the document's one (\n here); another LSP client may keep the lone CR: both get the loader's lines.
  it('reads a lone CR as a line break, as validate and the dry run do, in the raw text and as VS Code gives it', async () => {
    const raw = `${LINES[0]}\r${LINES[1]}\n${LINES[2]}\r\n${LINES[3]}\r${LINES[4]}\r`;
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'logs', 'cr.jsonl'), raw);
    const validate = runCli(['validate', path.join(dir, 'logs', 'cr.jsonl'), '--format', 'json'], { cwd: dir });
    assert.equal(validate.status, 1, validate.stderr);
    const byValidate = (JSON.parse(validate.stdout) as { line: number; column: number; endColumn: number; code: string; message: string }[]).map((p) => [
      p.line - 1,
      p.code,
      p.column - 1,
      p.endColumn - 1,
      p.message,
    ]);
    assert.deepEqual(
      byValidate.map(([line, code]) => [line, code]),
      [
        [1, 'value-error'],
        [2, 'invalid-json'],
        [3, 'required'],
        [4, 'unsupported-event'],
      ],
    );
    for (const [name, text] of [
      ['raw.jsonl', raw],
      ['vscode.jsonl', raw.replace(/\r\n|\r/g, '\n')],
    ]) {
      const uri = uriOf(`logs/${name}`);
      const published = client.nextDiagnostics(uri);
      await client.open(uri, text, 'jsonl');
      const diagnostics = (await published).diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => [d.range.start.line, d.code, d.range.start.character, d.range.end.character, d.message]),
        byValidate,
        name,
      );
      assert.ok(diagnostics.every((d) => d.range.end.line === d.range.start.line));
      await client.close(uri);
    }
  });

  it('checks a file of any extension that a mapping names', async () => {
    const named = uriOf('logs/app.txt');
    const published = client.nextDiagnostics(named);
    await client.open(named, `${LINES[0]}\n${LINES[4]}\n`, 'plaintext');
    assert.deepEqual(spans(await published), [[1, 'unsupported-event', ...tokenAt(4, '"spam"')]]);
    await client.close(named);
  });

  it('finds a key repeated across an edit, and drops it when the edit is undone', async () => {
    const uri = uriOf('logs/keys.jsonl');
    const lines = [LINES[0], LINES[5].replace('😀😀😀😀', 'ok'), '{"id":"b1","type":"view","ts":1700000001,"data":{"c":6}}'];
    let published = client.nextDiagnostics(uri);
    await client.open(uri, lines.join('\n') + '\n', 'jsonl');
    assert.deepEqual(spans(await published), []);
    // Line 3's key becomes line 1's: an incremental edit of two characters.
    const at = lines[2].indexOf('b1');
    published = client.nextDiagnostics(uri, (d) => d.version === 2);
    await client.edit(uri, { start: { line: 2, character: at }, end: { line: 2, character: at + 2 } }, 'a1', 2);
    const repeated = await published;
    assert.deepEqual(spans(repeated), [[2, 'duplicate-key', at - 1, at + 3]]);
    assert.equal(repeated.diagnostics[0].message, 'duplicate key id "a1": the first one is line 1');
    // A line inserted above the first: the repeat now names line 2.
    published = client.nextDiagnostics(uri, (d) => d.version === 3);
    await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '{"id":"z","type":"view","ts":1,"data":{"c":1}}\n', 3);
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.range.start.line, d.message]),
      [[3, 'duplicate key id "a1": the first one is line 2']],
    );
    // The first line's key changed: the later one is no repeat any more.
    published = client.nextDiagnostics(uri, (d) => d.version === 4);
    await client.edit(uri, { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } }, '9', 4);
    assert.deepEqual(spans(await published), []);
    await client.close(uri);
  });

  it('says which line wins when a key repeats under skip or update, unless loadline.keyRepeatNotice is off', async () => {
    const lines = ['{"id":"k","n":1}', '{"id":"j","n":"x"}', '{"id":"k","n":3}'];
    const text = lines.join('\n') + '\n';
    const key = [lines[2].indexOf('"k"'), lines[2].indexOf('"k"') + 3];
    const messages = {
      skip: 'repeats the key of line 1; onDuplicate "skip" keeps line 1 and skips this line. Setting loadline.keyRepeatNotice turns this notice off.',
      update:
        'repeats the key of line 1; onDuplicate "update" stores this line\'s values over it (the last line with the key wins). Setting loadline.keyRepeatNotice turns this notice off.',
    };
    for (const onDuplicate of ['skip', 'update'] as const) {
      const uri = uriOf(`${onDuplicate}/app.jsonl`);
      const published = client.nextDiagnostics(uri);
      await client.open(uri, text, 'jsonl');
      const { diagnostics } = await published;
      assert.deepEqual(
        diagnostics.map((d) => [d.range.start.line, d.code, d.severity, d.range.start.character, d.range.end.character]),
        [
          [1, 'value-error', 1, ...tokenAt(1, '"x"', 0, lines)],
          [2, 'duplicate-key', 3, ...key],
        ],
      );
      assert.equal(diagnostics[1].message, messages[onDuplicate]);
      await client.close(uri);
    }
    const settings = client.settings;
    const uri = uriOf('update/off.jsonl');
    await client.configure({ ...settings, keyRepeatNotice: false });
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text, 'jsonl');
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.range.start.line, d.code]),
      [[1, 'value-error']],
    );
    await client.close(uri);
    await client.configure(settings);
  });
});

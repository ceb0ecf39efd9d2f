// The code action that declares an ingest mapping for a log no mapping matches, inferred from its first lines,
// over a real stdio connection; applied, the new mapping checks the log with no line rejected.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import { LspClient, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const CONFIG = `{
  // other logs
  "ingest": [{ "name": "other", "files": ["other/*.jsonl"], "table": "other", "key": "id", "columns": { "id": { "from": "id" } } }]
}
`;

const LINES = [
  '{"id":7,"user":"ann","ok":true,"score":1.5,"tags":["a"],"at":1700000000}',
  '{"id":8,"user":"bob 😀","ok":false,"score":2,"at":1700000001,"note":null}',
  '',
  '{"id":9,"user":"cy","ok":true,"score":3,"tags":[],"at":1700000002,"a.b":"x"}',
];

describe('loadline-ls: declaring a mapping for a log', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-log-mapping-', files: { '.loadline.json': CONFIG } } }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it('infers a mapping from the first lines and appends it to the nearest .loadline.json', async () => {
    const uri = uriOf('logs/app.jsonl');
    await client.open(uri, LINES.join('\n') + '\n', 'jsonl');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await client.codeActions(uri, range, []);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Declare an ingest mapping for this log'],
    );
    const configUri = uriOf('.loadline.json');
    const edits = actions[0].edit.changes[configUri];
    const text = fs.readFileSync(path.join(dir, '.loadline.json'), 'utf8');
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const updated = applyEdits(
      text,
      edits.map((e) => ({ offset: offset(e.range.start), length: offset(e.range.end) - offset(e.range.start), content: e.newText })),
    );
    assert.match(updated, /\/\/ other logs/);
    const config = parse(updated) as { ingest: unknown[] };
    assert.deepEqual(config.ingest[1], {
      name: 'app',
      files: ['logs/app.jsonl'],
      table: 'app',
      key: 'id',
      columns: {
        id: { from: 'id', type: 'integer', required: true },
        user: { from: 'user', type: 'string', required: true },
        ok: { from: 'ok', type: 'boolean', required: true },
        score: { from: 'score', type: 'number', required: true },
        tags: { from: 'tags', type: 'json' },
        at: { from: 'at', type: 'integer', required: true },
        note: { from: 'note', type: 'string' },
        a_b: { from: '/a.b', type: 'string' },
      },
    });
    // Saved, the mapping applies: the log is checked, and none of its lines is rejected.
    const published = client.nextDiagnostics(uri, (d) => d.version === 2);
    fs.writeFileSync(path.join(dir, '.loadline.json'), updated);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.change(uri, LINES.join('\n') + '\n', 2);
    assert.deepEqual((await published).diagnostics, []);
    assert.deepEqual(await client.codeActions(uri, range, []), []);
    await client.close(uri);
  });

  it('offers no fix where the entry would not be read: a config that writes "ingest" twice, or does not parse (hp2527c 11)', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const configs = { twice: '{"ingest": [],\n "ingest": []}\n', truncated: '{"ingest": [' };
    for (const [folder, config] of Object.entries(configs)) {
      fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, folder, '.loadline.json'), config);
      const uri = uriOf(`${folder}/u.jsonl`);
      const published = client.nextDiagnostics(uri);
      await client.open(uri, LINES.join('\n') + '\n', 'jsonl');
      // The log says that its config is broken, and the config's own diagnostics say where.
      assert.deepEqual(
        (await published).diagnostics.map((d) => d.code),
        ['invalid-config'],
        folder,
      );
      assert.deepEqual(await client.codeActions(uri, range, []), [], folder);
      await client.close(uri);
    }
  });
});

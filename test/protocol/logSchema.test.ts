// A log whose mapping names a JSON Schema, over a real stdio connection (issue 25): a line that breaks the schema
// gets a schema-error on the instance path's token (the value, or the object for required and additionalProperties),
// a schema that cannot be used is an invalid-config error at the `schema` property, and an edit of the schema file
// on disk checks the open log again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, PublishedDiagnostics, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const mappingWith = (schema: unknown) =>
  JSON.stringify(
    { ingest: [{ name: 'events', files: ['logs/*.jsonl'], table: 'events', key: 'id', schema, columns: { id: { from: 'id', type: 'string' } } }] },
    null,
    2,
  );
const SCHEMA = {
  type: 'object',
  required: ['user'],
  properties: { user: { type: 'object', additionalProperties: false, properties: { age: { type: 'integer', minimum: 0 } } } },
};
const LINES = ['{"id":"a","user":{"age":3}}', '{"id":"😀😀","user":{"age":-1}}', '{"id":"b"}', '{"id":"c","user":{"age":1,"extra":true}}'];

/** Each diagnostic as [line, code, start, end, message]. */
const spans = (published: PublishedDiagnostics) =>
  published.diagnostics.map((d) => [d.range.start.line, d.code, d.range.start.character, d.range.end.character, d.message]);
/** Where `token` is in line `i`, in UTF-16 code units as LSP counts them. */
const tokenAt = (i: number, token: string) => {
  const start = LINES[i].indexOf(token);
  assert.ok(start >= 0, `${token} in line ${i}`);
  return [start, start + token.length];
};

describe('loadline-ls on a log with a JSON Schema', () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;

  before(async () => {
    ({ dir, client } = await startLanguageServer({
      workspace: {
        prefix: 'loadline-log-schema-ls-',
        files: {
          'ok/.loadline.json': mappingWith('schemas/events.json'),
          'ok/schemas/events.json': JSON.stringify(SCHEMA),
          'url/.loadline.json': mappingWith('https://example.com/events.json'),
          'async/.loadline.json': mappingWith({ $async: true, properties: { id: { type: 'integer' } } }),
        },
      },
    }));
  });
  after(() => stopLanguageServer({ dir, client }));

  it("puts each violation on the instance path's token, with the keyword in the message", async () => {
    const uri = uriOf('ok/logs/a.jsonl');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, LINES.join('\n') + '\n', 'jsonl');
    assert.deepEqual(spans(await published), [
      [1, 'schema-error', ...tokenAt(1, '-1'), '/user/age must be >= 0 (minimum)'],
      [2, 'schema-error', 0, LINES[2].length, "the line must have required property 'user' (required)"],
      [3, 'schema-error', ...tokenAt(3, '{"age":1,"extra":true}'), '/user must NOT have additional properties (additionalProperties)'],
    ]);
  });

  it('checks the open log again when the schema file changes on disk', async () => {
    const uri = uriOf('ok/logs/a.jsonl');
    const schemaFile = path.join(dir, 'ok', 'schemas', 'events.json');
    const stricter = { ...SCHEMA, properties: { user: { type: 'object', properties: { age: { type: 'integer', minimum: 5 } } } } };
    const published = client.nextDiagnostics(uri, (d) => d.diagnostics.length === 4);
    fs.writeFileSync(schemaFile, JSON.stringify(stricter));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(schemaFile).href, type: 2 }] });
    assert.deepEqual(
      spans(await published).map(([line, , , , message]) => [line, message]),
      [
        [0, '/user/age must be >= 5 (minimum)'],
        [1, '/user/age must be >= 5 (minimum)'],
        [2, "the line must have required property 'user' (required)"],
        [3, '/user/age must be >= 5 (minimum)'],
      ],
    );
    await client.close(uri);
  });

  it('a schema that is a URL is an invalid-config error at the schema property', async () => {
    const config = uriOf('url/.loadline.json');
    const configProblems = client.nextDiagnostics(config);
    const log = uriOf('url/logs/a.jsonl');
    const logProblems = client.nextDiagnostics(log);
    await client.open(log, LINES.join('\n') + '\n', 'jsonl');
    const [problem] = (await configProblems).diagnostics;
    // The log is not checked until the config is fixed, and says so on line 1, as a CSV below a broken config does.
    assert.deepEqual(spans(await logProblems), [
      [
        0,
        'invalid-config',
        0,
        LINES[0].length,
        `The contract file ../.loadline.json is broken, so no ingest mapping checks this log until it is fixed. At 10:17: ${problem.message}`,
      ],
    ]);
    assert.equal(problem.code, 'invalid-config');
    assert.equal(problem.severity, 1);
    // `"schema": "https://…"` is on line 10 of the pretty-printed config (0-based 9), its value from character 16.
    assert.deepEqual(problem.range.start, { line: 9, character: 16 });
    assert.match(problem.message, /^The schema "https:\/\/example\.com\/events\.json" is a URL, which Loadline never fetches/);
    await client.close(log);
  });

  it('an "$async" schema (its answer a promise, which would pass every line) is an invalid-config error at "$async"', async () => {
    const config = uriOf('async/.loadline.json');
    const configProblems = client.nextDiagnostics(config);
    const log = uriOf('async/logs/a.jsonl');
    const logProblems = client.nextDiagnostics(log);
    await client.open(log, LINES.join('\n') + '\n', 'jsonl');
    const [problem] = (await configProblems).diagnostics;
    assert.equal(problem.code, 'invalid-config');
    assert.match(problem.message, /it is an "\$async" schema/);
    // `"$async": true` is on line 11 of the pretty-printed config (0-based 10).
    assert.deepEqual(problem.range.start.line, 10);
    assert.deepEqual(
      (await logProblems).diagnostics.map((d) => d.code),
      ['invalid-config'],
    );
    await client.close(log);
  });
});

// Logs that only a mapping's `files` glob names (`app.log`, `logs/*.txt`): the server registers them for sync with
// a client that can take registrations, beside the client's static selector of `.jsonl`, `.ndjson` and
// `.jsonlines`, and registers again when a config changes. A glob that names only `.jsonl` files adds nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LanguageServer, Registration, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const mapping = (files: string[]) => ({
  name: 'events',
  files,
  table: 'events',
  key: 'id',
  columns: { id: { from: 'id', type: 'string', required: true }, c: { from: 'c', type: 'integer' } },
});
const config = (files: string[]) => JSON.stringify({ ingest: [mapping(files)] });

type Filter = { scheme: string; pattern: string };
/** The patterns registered for `method`, sorted; undefined when nothing is. */
const patternsOf = (registrations: Registration[], method: string) => {
  const found = registrations.find((r) => r.method === method);
  return found && (found.registerOptions as { documentSelector: Filter[] }).documentSelector.map((f) => `${f.scheme} ${f.pattern}`).sort();
};

describe('loadline-ls syncs the logs a mapping glob names', () => {
  let server: LanguageServer;
  let base: string;
  before(async () => {
    server = await startLanguageServer({
      workspace: { prefix: 'loadline-log-sync-', files: { 'svc/.loadline.json': config(['app.log', 'logs/*.jsonl', 'logs/*.txt']) } },
    });
    base = fs.realpathSync(server.dir);
  });
  after(() => stopLanguageServer(server));

  it('registers didOpen, didChange (incremental) and didClose for exactly the globs the static selector does not cover', async () => {
    const { client } = server;
    const expected = [`file ${base}/svc/app.log`, `file ${base}/svc/logs/*.txt`];
    const registrations = await client.registrationsWhere((r) => patternsOf(r, 'textDocument/didClose') !== undefined);
    assert.deepEqual(patternsOf(registrations, 'textDocument/didOpen'), expected);
    assert.deepEqual(patternsOf(registrations, 'textDocument/didChange'), expected);
    assert.deepEqual(patternsOf(registrations, 'textDocument/didClose'), expected);
    const change = registrations.find((r) => r.method === 'textDocument/didChange')!.registerOptions as { syncKind: number };
    assert.equal(change.syncKind, 2);
  });

  it('checks a log so synced, and registers again, once, when the config changes', async () => {
    const { client, dir } = server;
    const uri = pathToFileURL(path.join(dir, 'svc', 'app.log')).href;
    const text = '{"id":"a","c":1}\n{"id":"b","c":"warm"}\n';
    const published = client.nextDiagnostics(uri);
    await client.open(uri, text, 'log');
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.range.start.line, d.code, d.range.start.character, d.range.end.character]),
      [[1, 'value-error', 14, 20]],
    );

    const configUri = pathToFileURL(path.join(dir, 'svc', '.loadline.json')).href;
    await client.open(configUri, config(['app.log', 'other/**/*.log']), 'json');
    const expected = [`file ${base}/svc/app.log`, `file ${base}/svc/other/**/*.log`];
    const registrations = await client.registrationsWhere((r) => patternsOf(r, 'textDocument/didChange')?.join() === expected.join());
    // The old registration is gone: one didChange registration, so a client sends each edit once.
    assert.equal(registrations.filter((r) => r.method === 'textDocument/didChange').length, 1);
    assert.deepEqual(patternsOf(registrations, 'textDocument/didOpen'), expected);
    // Only `.jsonl` named: nothing to register.
    await client.change(configUri, config(['logs/*.jsonl', '**/*.ndjson']), 2);
    await client.registrationsWhere((r) => !r.some((one) => one.method.startsWith('textDocument/did')));
  });
});

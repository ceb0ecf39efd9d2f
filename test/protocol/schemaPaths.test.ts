// In the editor, a schema path that leads to no readable file is an error on the config, at the path; fixing
// the path (creating the file) clears it and the schema applies.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';

describe('a schema path in the editor', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-schema-path-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [{ "files": ["*.csv"], "schema": "missing.json" }] }');
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is an invalid-config error at the path, naming the resolved file; creating the file clears it', async () => {
    const config = pathToFileURL(path.join(dir, '.loadline.json')).href;
    const csv = pathToFileURL(path.join(dir, 'a.csv')).href;
    const refused = client.nextDiagnostics(config);
    await client.open(csv, 'id\nx\n');
    const { diagnostics } = await refused;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'invalid-config');
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 48 }, end: { line: 0, character: 62 } });
    assert.ok(diagnostics[0].message.includes(`names ${path.join(dir, 'missing.json')}, which is not a readable file`), diagnostics[0].message);

    fs.writeFileSync(path.join(dir, 'missing.json'), JSON.stringify({ fields: [{ name: 'id', type: 'integer' }] }));
    const cleared = client.nextDiagnostics(config, (d) => d.diagnostics.length === 0);
    const typed = client.nextDiagnostics(csv, (d) => d.diagnostics.some((x) => x.code === 'type-error'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, 'missing.json')).href, type: 1 }],
    });
    await Promise.all([cleared, typed]);
  });
});

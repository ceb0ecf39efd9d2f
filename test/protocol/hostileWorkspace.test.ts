// A hostile workspace: every case ends within 2 s (open to diagnostics), and the server answers afterwards.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, PublishedDiagnostics, startLanguageServer, stopLanguageServer } from '../support/lspClient';

const LIMIT_MS = 2000;
const CONTRACT = { contracts: [{ files: ['**/*.csv'], headers: { shop_id: { required: true } } }] };

describe('a hostile workspace', () => {
  let dir: string;
  let client: LspClient;
  const codes = (d: PublishedDiagnostics) => d.diagnostics.map((x) => x.code);
  const folder = (name: string) => {
    const full = path.join(dir, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  /** Opens a CSV and resolves with its first diagnostics, failing past the limit; then checks the server answers. */
  async function check(file: string, text = 'name\nAnn\n', uri = pathToFileURL(file).href): Promise<PublishedDiagnostics> {
    const started = Date.now();
    const published = client.nextDiagnostics(uri, () => true, LIMIT_MS);
    await client.open(uri, text);
    const diagnostics = await published;
    assert.ok(Date.now() - started < LIMIT_MS);
    assert.ok(await client.answers(), 'the server still answers');
    await client.close(uri);
    return diagnostics;
  }

  before(async () => ({ dir, client } = await startLanguageServer({ workspace: { prefix: 'loadline-hostile-ws-' } })));
  after(() => stopLanguageServer({ dir, client }));

  it('a FIFO named .loadline.json in a parent folder', async () => {
    const top = folder('fifo');
    fs.writeFileSync(path.join(top, '.loadline.json'), JSON.stringify(CONTRACT));
    execFileSync('mkfifo', [path.join(folder('fifo/sub'), '.loadline.json')]);
    // Never opened, and never passed over in silence: the nearest config is broken, and the CSV says so.
    assert.deepEqual(codes(await check(path.join(top, 'sub', 'x.csv'))), ['invalid-config']);
  });

  it('a .loadline.json that is a symlink loop, in a folder reached through a symlink loop', async () => {
    const loop = folder('loop');
    fs.symlinkSync('.loadline.json', path.join(loop, '.loadline.json'));
    fs.symlinkSync('.', path.join(loop, 'again'));
    assert.deepEqual(codes(await check(path.join(loop, 'again', 'again', 'again', 'x.csv'))), ['invalid-config'], 'the config cannot be read');
  });

  it('a config with 20,000 shape errors', async () => {
    const huge = folder('huge');
    fs.writeFileSync(path.join(huge, '.loadline.json'), JSON.stringify({ contracts: Array.from({ length: 20000 }, () => ({ files: 3 })) }));
    const configUri = pathToFileURL(path.join(huge, '.loadline.json')).href;
    const configProblems = client.nextDiagnostics(configUri, (d) => d.diagnostics.length > 0, LIMIT_MS);
    assert.deepEqual(codes(await check(path.join(huge, 'x.csv'))), ['invalid-config'], 'structure only, and the CSV says the config is broken');
    assert.equal((await configProblems).diagnostics.length, 101);
  });

  it('a config nested 100,000 deep', async () => {
    const deep = folder('deep');
    fs.writeFileSync(path.join(deep, '.loadline.json'), '['.repeat(100000) + ']'.repeat(100000));
    const configUri = pathToFileURL(path.join(deep, '.loadline.json')).href;
    const configProblems = client.nextDiagnostics(configUri, (d) => d.diagnostics.length > 0, LIMIT_MS);
    assert.deepEqual(codes(await check(path.join(deep, 'x.csv'))), ['invalid-config']);
    assert.ok((await configProblems).diagnostics.length >= 1);
  });

  it('a glob that would backtrack for seconds, against a long file name', async () => {
    const slow = folder('slow');
    fs.writeFileSync(
      path.join(slow, '.loadline.json'),
      JSON.stringify({ contracts: [{ files: ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'], headers: { id: { required: true } } }] }),
    );
    assert.deepEqual(codes(await check(path.join(slow, `${'a'.repeat(200)}.csv`))), ['invalid-config'], 'the glob is refused');
  });

  it("odd file names: spaces, @ : ' + & = $ # % and unicode; unsaved config edits apply whatever the URI encoding", async () => {
    const odd = folder("odd @:'+&=$#% é 😀");
    fs.writeFileSync(path.join(odd, '.loadline.json'), '{ "contracts": [] }');
    const configPath = path.join(odd, '.loadline.json');
    // Encoded differently from pathToFileURL (Neovim encodes ':' and '@'; VS Code encodes others).
    const configUri =
      'file://' +
      configPath
        .split('/')
        .map((s) => encodeURIComponent(s))
        .join('/');
    assert.notEqual(configUri, pathToFileURL(configPath).href);
    await client.open(configUri, JSON.stringify(CONTRACT), 'json');
    assert.deepEqual(codes(await check(path.join(odd, 'a b.csv'))), ['missing-label'], 'the unsaved contract applies');
    await client.close(configUri);
  });
});

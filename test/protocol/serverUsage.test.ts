// hp26: `loadline-ls` run by hand (no transport) printed a stack trace of the whole bundle, 95 KB, for --version too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, SERVER } from '../support/lspClient';

const run = (args: string[]) => spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', input: '', timeout: 60_000 });

describe('loadline-ls run by hand', () => {
  it('without a transport: one usage line, exit 2', () => {
    const result = run([]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'usage: loadline-ls --stdio (a language server: an editor starts it and talks LSP over stdin and stdout)\n');
  });

  for (const flag of ['--version', '-V']) {
    it(`${flag}: the version from package.json`, () => {
      const result = run([flag]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${(JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version}\n`);
    });
  }
});

describe('loadline-ls --stdio', () => {
  it("answers initialize with serverInfo: its name and package.json's version, as --version prints it (hp26)", async () => {
    const client = new LspClient({ debounceMs: 0 });
    const result = (await client.initialize(pathToFileURL(os.tmpdir()).href)) as { serverInfo?: { name: string; version?: string } };
    assert.equal(await client.stop(), 0);
    assert.deepEqual(result.serverInfo, { name: 'loadline-ls', version: run(['--version']).stdout.trim() });
  });
});

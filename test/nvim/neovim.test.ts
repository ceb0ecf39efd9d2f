// A real LSP client that nobody here wrote: Debian's Neovim (0.7.2), headless, with its built-in client, against
// the built `loadline-ls --stdio`. test/nvim/drive.lua waits on conditions and writes what it saw as JSON.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, SERVER } from '../support/lspClient';

const NVIM = 'nvim';
const hasNvim = spawnSync(NVIM, ['--version']).status === 0;
const CONTRACT = { contracts: [{ files: ['*.csv'], headers: { shop_id: { required: true, field: 'id' }, price: { type: 'number' } } }] };

interface Seen {
  steps: Record<string, boolean>;
  error?: string;
  diagnostics?: { range: { start: { line: number; character: number } }; code: string; message: string; source: string }[];
  hover?: string | null;
  actions?: string[];
  header_after?: string;
  diagnostics_after?: { code: string }[];
  diagnostics_cr?: { code: string }[];
}

/** The editor guide's Lua block for Neovim 0.7 to 0.10, as a user would paste it into init.lua. */
function guideSetup(): string {
  const guide = fs.readFileSync(path.join(REPO, 'docs', 'editors.md'), 'utf8');
  const block = /Neovim 0\.7 to 0\.10[\s\S]*?```lua\n([\s\S]*?)```/.exec(guide);
  assert.ok(block, 'docs/editors.md has a Lua block for Neovim 0.7 to 0.10');
  return block[1];
}

/**
 * Runs Neovim with the editor guide's set-up as its init file and `loadline-ls` on the PATH (the built server);
 * resolves once it exits (the script quits it; a minute at most).
 */
function drive(dir: string, csv: string, resultFile: string): Promise<{ code: number | null; stderr: string }> {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(SERVER, path.join(bin, 'loadline-ls'));
  fs.writeFileSync(path.join(dir, 'init.lua'), guideSetup());
  const script = path.join(REPO, 'test', 'nvim', 'drive.lua');
  const child = spawn(NVIM, ['--headless', '-u', path.join(dir, 'init.lua'), '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
    cwd: path.dirname(csv),
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      LOADLINE_CSV: csv,
      LOADLINE_RESULT: resultFile,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const limit = setTimeout(() => child.kill('SIGKILL'), 60000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(limit), resolve({ code, stderr }))));
}

describe('Neovim as the client', { skip: !hasNvim && "nvim is not installed (test/run.sh installs Debian's neovim)" }, () => {
  let dir: string;
  let seen: Seen;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-nvim-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', '.loadline.json'), JSON.stringify(CONTRACT));
    fs.writeFileSync(path.join(dir, 'data', 'shops.csv'), 'name,price\nAnn,abc\n');
    const resultFile = path.join(dir, 'result.json');
    const { code, stderr } = await drive(dir, path.join(dir, 'data', 'shops.csv'), resultFile);
    assert.equal(code, 0, stderr);
    seen = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Seen;
    assert.equal(seen.error, undefined);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the diagnostics of a bad CSV', () => {
    assert.ok(seen.steps.diagnostics, `no diagnostics within the wait: ${JSON.stringify(seen)}`);
    const byCode = Object.fromEntries(seen.diagnostics!.map((d) => [d.code, d]));
    assert.match(byCode['missing-label'].message, /shop_id/);
    assert.deepEqual(byCode['missing-label'].range.start, { line: 0, character: 0 });
    assert.match(byCode['type-error'].message, /"abc" in price \(row 2\) is not a number/);
    assert.deepEqual(byCode['type-error'].range.start, { line: 1, character: 4 });
    assert.equal(byCode['type-error'].source, 'loadline');
  });

  it('answers a hover on a cell with its column and rules', () => {
    assert.match(seen.hover ?? '', /\*\*price\*\* \(column 2\)/);
    assert.match(seen.hover ?? '', /number/);
  });

  it('offers the quick fix, and after Neovim applies it the missing header is gone from the diagnostics', () => {
    assert.deepEqual(seen.actions, ['Add required header "shop_id"']);
    assert.match(seen.header_after ?? '', /shop_id/);
    assert.ok(seen.steps.fixed, `the diagnostics did not follow the fix: ${JSON.stringify(seen.diagnostics_after)}`);
    assert.ok(seen.steps.stopped, 'the server stopped when Neovim asked');
  });

  it('a literal ^M typed before a line break: the next edit lands on the line Neovim edited', () => {
    assert.ok(seen.steps.carriage_return, `the edit after the CR missed its line: ${JSON.stringify(seen.diagnostics_cr)}`);
  });
});

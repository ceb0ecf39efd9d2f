// The `loadline` bin runs the CLI's bundle from the V8 code cache the build made beside it (cli/src/cachedStart.ts),
// and never from a cache made from another text: V8 itself checks only the text's length.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { VERSION } from '../support/cliPackage';
import { REPO_ROOT } from '../support/run';
import { COMPILED_SCRIPTS, compiledScripts } from '../support/compiledScripts';

const DIST = path.join(REPO_ROOT, 'dist');

/** Runs `bin --version` with COMPILED_SCRIPTS preloaded: what it printed, and the scripts it compiled. */
function version(bin: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-code-cache-'));
  fs.writeFileSync(path.join(dir, 'hook.js'), COMPILED_SCRIPTS);
  const result = spawnSync(process.execPath, ['--require', path.join(dir, 'hook.js'), bin, '--version'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(result.status, 0, result.stderr);
  return { printed: result.stdout.trim(), scripts: compiledScripts(result.stderr) };
}

describe('the CLI starts from its code cache', () => {
  it('compiles the bundle with the cache the build made, and V8 takes it', () => {
    const { printed, scripts } = version(path.join(DIST, 'cli.js'));
    assert.equal(printed, VERSION);
    assert.deepEqual(scripts, [{ cached: true, rejected: false }]);
  });

  it('compiles without the cache when the bundle is not the text it was made from, even of the same length', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-code-cache-'));
    for (const file of ['cli.js', 'cli-main.js', 'cli-main.js.cache']) fs.copyFileSync(path.join(DIST, file), path.join(dir, file));
    // The same length, so that V8 would take the cache made from the other text.
    const other = VERSION.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
    const main = path.join(dir, 'cli-main.js');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replaceAll(JSON.stringify(VERSION), JSON.stringify(other)));
    const { printed, scripts } = version(path.join(dir, 'cli.js'));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(printed, other);
    assert.deepEqual(scripts, [{ cached: false, rejected: false }]);
  });
});

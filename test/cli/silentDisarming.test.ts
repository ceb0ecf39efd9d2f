// Nothing may disarm `loadline validate` in silence: a schema path that leads to no readable file, a folder
// that cannot be listed. Each is an error that names what it could not read, and the exit is non-zero.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli } from '../support/run';

const SCHEMA = { fields: [{ name: 'id', type: 'integer' }] };
const BAD_CSV = 'id\nnot-a-number\n';

describe('validate: a schema path that leads to no readable file', () => {
  let dir: string;
  /** A folder with a config whose one contract names `schema`, and a CSV that the schema would fail. */
  function workspace(name: string, schema: string): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '.loadline.json'), `{\n  "contracts": [\n    { "files": ["*.csv"], "schema": ${JSON.stringify(schema)} }\n  ]\n}\n`);
    fs.writeFileSync(path.join(folder, 'a.csv'), BAD_CSV);
    return folder;
  }
  /** The config's problem: at line 3, column 37 (the path), naming `shown`. */
  function assertRefused(folder: string, shown: RegExp) {
    const result = runCli(['validate', 'a.csv'], { cwd: folder });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    const [line] = result.stdout.split('\n');
    assert.match(line, /^\.loadline\.json:3:37: error invalid-config The schema "/);
    assert.match(line, shown);
    return result;
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-disarm-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a readable schema still applies (the baseline: the bad cell is found)', () => {
    const folder = workspace('ok', 'schema.json');
    fs.writeFileSync(path.join(folder, 'schema.json'), JSON.stringify(SCHEMA));
    const result = runCli(['validate', 'a.csv'], { cwd: folder });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^a\.csv:2:1: error type-error /);
  });

  it('a typo names the resolved path', () => {
    const folder = workspace('typo', 'shcema.json');
    assertRefused(folder, new RegExp(`names ${path.join(folder, 'shcema.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which is not a readable file`));
  });

  it('an absolute path is refused, even to a real schema', () => {
    const real = path.join(dir, 'real.schema.json');
    fs.writeFileSync(real, JSON.stringify(SCHEMA));
    assertRefused(workspace('absolute', real), /is an absolute path: give a path relative to the folder of \.loadline\.json/);
  });

  it('a URL is refused and never fetched', () => {
    const result = assertRefused(workspace('url', 'https://example.invalid/schema.json'), /is a URL, which Loadline never fetches/);
    assert.doesNotMatch(result.stderr, /fetch|ENOTFOUND/);
  });

  it("a path with a NUL character says so, not Node's ERR_INVALID_ARG_VALUE", () => {
    const result = assertRefused(
      workspace('nul', 'a\u0000b.json'),
      /which is not a readable file \(its name holds the NUL character \\u0000, which no file name can hold\)/,
    );
    assert.doesNotMatch(result.stdout, /ERR_/);
  });

  it('a folder', () => {
    const folder = workspace('folder', 'schemas');
    fs.mkdirSync(path.join(folder, 'schemas'));
    assertRefused(folder, /schemas, which is not a readable file/);
  });

  it('a FIFO, which is never opened (the run ends)', () => {
    const folder = workspace('fifo', 'schema.json');
    execFileSync('mkfifo', [path.join(folder, 'schema.json')]);
    assertRefused(folder, /schema\.json, which is not a readable file/);
  });

  it('the .loadline.json itself', () => {
    assertRefused(workspace('self', '.loadline.json'), /a contract file, not a Table Schema/);
  });

  it('a Data Package resource whose schema path cannot be read', () => {
    const folder = path.join(dir, 'package');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'datapackage.json'), '{ "resources": [ { "path": "a.csv", "schema": "missing.json" } ] }');
    fs.writeFileSync(path.join(folder, 'a.csv'), BAD_CSV);
    const result = runCli(['validate', 'a.csv'], { cwd: folder });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^datapackage\.json:1:47: error invalid-config The schema "missing\.json" names .*missing\.json, which is not a readable file/);
    // The Data Package's own section of the guide, not the .loadline.json one.
    assert.match(result.stdout, /See "Data Packages" in docs\/contracts\.md\.\n/);
  });
});

/**
 * Tests run as root, whom permission bits do not stop: the CLI runs as `nobody` (setpriv), for whom a folder of
 * mode 0700 owned by root cannot be listed.
 */
describe('validate DIR: a folder it cannot read', () => {
  let dir: string;
  const asNobody = (args: string[]) =>
    spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, ...args], { cwd: dir, encoding: 'utf8' });
  const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-unreadable-'));
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'open'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'open', 'good.csv'), 'id\n1\n', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'closed'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'closed', 'bad.csv'), 'id\n1,2\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is reported by name, and the exit is non-zero', { skip: !canDrop && 'needs root and setpriv to run the CLI as nobody' }, () => {
    const result = asNobody(['validate', '.']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: cannot read folder closed: EACCES; its files were not checked$/m);
    assert.match(result.stderr, /1 file checked: 0 errors/);
  });
});

// A contract that is there but cannot be used must never leave a CSV checked against nothing with exit 0: an
// unreadable .loadline.json, a special file that a folder scan or a glob matches, a Data Package resource path
// that names no file or leaves the package, a schema path that leaves the folder.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli } from '../support/run';
import { UNREADABLE_CONFIGS } from '../support/unreadableConfigs';

const CONFIG = JSON.stringify({ contracts: [{ files: ['**/*.csv'], headers: { id: { type: 'integer' } } }] });
const SCHEMA = JSON.stringify({ fields: [{ name: 'id', type: 'integer' }] });
const BAD_CSV = 'id\nx\n';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The end of the message for a path that leads to no file: it names the file the path resolved to. */
const namesMissing = (file: string) => `names ${escape(file)}, which is not a readable file \\(there is no such file\\)`;

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-disarmed-'));
  // Listable by nobody, for the permission case.
  fs.chmodSync(dir, 0o755);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh folder `name` below the test's folder, holding a.csv (which an integer id would fail). */
function folder(name: string): string {
  const at = path.join(dir, name);
  fs.mkdirSync(at, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(at, 'a.csv'), BAD_CSV, { mode: 0o644 });
  return at;
}
const validate = (cwd: string, args: string[] = ['a.csv']) => runCli(['validate', ...args], { cwd, encoding: 'utf8', timeout: 20000 });

describe('validate: a .loadline.json that is there but cannot be read', () => {
  for (const [name, make, reason] of UNREADABLE_CONFIGS) {
    it(`${name} is an invalid-config error naming the resolved path, and the exit is 2`, () => {
      const at = folder(`config-${name.split(' ')[1]}`);
      fs.mkdirSync(path.join(at, 'sub'));
      fs.writeFileSync(path.join(at, 'sub', 'b.csv'), BAD_CSV);
      make(path.join(at, '.loadline.json'));
      const result = validate(at, ['sub/b.csv']);
      assert.equal(result.status, 2, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        new RegExp(`^\\.loadline\\.json:1:1: error invalid-config Loadline cannot read ${escape(path.join(at, '.loadline.json'))}: ${reason}`),
      );
      assert.equal(result.stdout.trim().split('\n').length, 1, 'one line');
      assert.match(result.stderr, /^1 file checked: 1 error,/m);
    });
  }

  const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it('one that may not be read (chmod 000), as a user whom permissions stop', { skip: !canDrop && 'needs root and setpriv' }, () => {
    const at = folder('config-denied');
    fs.writeFileSync(path.join(at, '.loadline.json'), CONFIG, { mode: 0o000 });
    fs.chmodSync(path.join(at, '.loadline.json'), 0o000);
    const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, 'validate', 'a.csv'], {
      cwd: at,
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `^\\.loadline\\.json:1:1: error invalid-config Loadline cannot read ${escape(path.join(at, '.loadline.json'))}: permission denied \\(EACCES\\)`,
      ),
    );
  });

  it('a missing one is still "no contract": structure only, exit 0', () => {
    const result = validate(folder('config-none'));
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
  });
});

describe('validate DIR and a glob: entries the glob library would pass over', () => {
  let at: string;
  before(() => {
    at = folder('special');
    fs.writeFileSync(path.join(at, '.loadline.json'), CONFIG);
    execFileSync('mkfifo', [path.join(at, 'fifo.csv')]);
    fs.symlinkSync('loop.csv', path.join(at, 'loop.csv'));
    fs.symlinkSync('nowhere.csv', path.join(at, 'dangling.csv'));
    fs.mkdirSync(path.join(at, 'deep'));
    execFileSync('mkfifo', [path.join(at, 'deep', 'pipe.tsv')]);
  });
  const reported = [
    /^loadline: cannot read special\/dangling\.csv: a dangling symbolic link$/m,
    /^loadline: cannot read special\/fifo\.csv: not a regular file$/m,
    /^loadline: cannot read special\/loop\.csv: a symbolic link loop$/m,
  ];

  it('validate DIR reports each, checks the rest, never blocks, and exits 2', () => {
    const result = validate(dir, ['special']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    for (const line of reported) assert.match(result.stderr, line);
    assert.match(result.stderr, /^loadline: cannot read special\/deep\/pipe\.tsv: not a regular file$/m);
    assert.match(result.stdout, /^special\/a\.csv:2:1: error type-error/m);
    assert.match(result.stderr, /^1 file checked \(4 could not be read\)/m);
  });

  it('a glob reports those its pattern matches', () => {
    const result = validate(dir, ['special/*.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    for (const line of reported) assert.match(result.stderr, line);
    assert.doesNotMatch(result.stderr, /pipe\.tsv/);
    assert.match(result.stderr, /^1 file checked \(3 could not be read\)/m);
  });

  it('a dangling symlink named on the command line is one, not "no such file"', () => {
    const result = validate(at, ['dangling.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: cannot read dangling\.csv: a dangling symbolic link$/m);
  });
});

describe('validate: Data Package resource paths', () => {
  /** A package folder whose one resource has `resourcePath` and a schema that a.csv fails. */
  function dataPackage(name: string, resourcePath: string | string[], schema = 'schema.json'): string {
    const at = folder(name);
    fs.writeFileSync(path.join(at, 'schema.json'), SCHEMA);
    fs.writeFileSync(
      path.join(at, 'datapackage.json'),
      `{\n  "resources": [\n    { "path": ${JSON.stringify(resourcePath)}, "schema": ${JSON.stringify(schema)} }\n  ]\n}\n`,
    );
    return at;
  }

  it('the baseline: a resource path that names a.csv checks it', () => {
    const result = validate(dataPackage('package-ok', 'a.csv'));
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^a\.csv:2:1: error type-error/);
  });

  it('a path that names no file is an invalid-config error at the path, naming the resolved file', () => {
    const at = dataPackage('package-typo', 'b.csv');
    const result = validate(at);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    const missing = namesMissing(path.join(at, 'b.csv'));
    assert.match(result.stdout, new RegExp(`^datapackage\\.json:3:15: error invalid-config The resource path "b\\.csv" ${missing}`));
  });

  it('one path of several that names no file, at its own position', () => {
    const result = validate(dataPackage('package-array', ['a.csv', 'b.csv']));
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^datapackage\.json:3:24: error invalid-config The resource path "b\.csv" names /);
  });

  for (const [name, resourcePath] of [
    ['sub/../a.csv (which must never hide a.csv)', 'sub/../a.csv'],
    ['../a.csv', '../a.csv'],
    ['an absolute path', '/etc/passwd'],
  ]) {
    it(`${name} is refused, as the Data Package spec requires`, () => {
      const result = validate(dataPackage(`package-${name.split(' ')[0].replace(/\W/g, '')}`, resourcePath));
      assert.equal(result.status, 2, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        new RegExp(`^datapackage\\.json:3:15: error invalid-config The resource path "${escape(resourcePath)}" is absolute or contains "\\.\\."`),
      );
    });
  }

  it('a schema path with ".." is refused in a Data Package', () => {
    const at = dataPackage('package-schema-up', 'a.csv', '../schema.json');
    fs.writeFileSync(path.join(dir, 'schema.json'), SCHEMA);
    const result = validate(at);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^datapackage\.json:3:34: error invalid-config The schema "\.\.\/schema\.json" contains "\.\."/);
  });
});

describe('validate: a .loadline.json schema path that leaves its folder', () => {
  /** A project whose .loadline.json names `schema`, from a shared folder beside it. */
  function project(name: string, schema: string): string {
    const at = folder(path.join(name, 'project'));
    fs.mkdirSync(path.join(dir, name, 'shared'));
    fs.writeFileSync(path.join(dir, name, 'shared', 'schema.json'), SCHEMA);
    fs.writeFileSync(path.join(at, '.loadline.json'), `{\n  "contracts": [\n    { "files": ["*.csv"], "schema": ${JSON.stringify(schema)} }\n  ]\n}\n`);
    return at;
  }

  it('"../shared/schema.json" is allowed and checked (a shared schema in a monorepo)', () => {
    const result = validate(project('up-ok', '../shared/schema.json'));
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^a\.csv:2:1: error type-error/);
  });

  it('a "../" path that names no file is an error at the path, naming the resolved file', () => {
    const at = project('up-typo', '../shared/shcema.json');
    const result = validate(at);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    const missing = namesMissing(path.join(dir, 'up-typo', 'shared', 'shcema.json'));
    assert.match(result.stdout, new RegExp(`^\\.loadline\\.json:3:37: error invalid-config The schema "\\.\\./shared/shcema\\.json" ${missing}`));
  });
});

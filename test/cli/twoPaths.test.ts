// A file reached by two paths (docs/ci.md): each path that brings its own rules is checked under them and
// reported under its own name; paths under the same rules are one check, reported under the first path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const REQUIRED = (column: string) => `{ "contracts": [ { "files": ["*.csv"], "headers": { "${column}": { "required": true } } } ] }`;

describe('a file reached by two paths', () => {
  let dir: string;
  const run = (args: string[]) => runCli(['validate', ...args], { cwd: dir });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-two-paths-'));
    for (const [folder, column] of [
      ['a', 'id'],
      ['b', 'name'],
      ['same', 'id'],
    ]) {
      fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, folder, '.loadline.json'), REQUIRED(column));
    }
    fs.writeFileSync(path.join(dir, 'a', 'x.csv'), 'id,name\n1,\n,x\n');
    fs.symlinkSync(path.join('..', 'a', 'x.csv'), path.join(dir, 'b', 'x.csv'));
    fs.symlinkSync(path.join('..', 'a', 'x.csv'), path.join(dir, 'same', 'x.csv'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('under two contracts: checked under each, reported under each name', () => {
    const result = run(['a/x.csv', 'b/x.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stdout,
      'a/x.csv:3:1: error required Missing required value id for row 3\nb/x.csv:2:3: error required Missing required value name for row 2\n',
    );
    assert.equal(result.stderr, '2 files checked: 2 errors, 0 other problems\n');
  });

  it('the symlink first: each still under its own contract', () => {
    const result = run(['b/x.csv', 'a/x.csv']);
    assert.equal(
      result.stdout,
      'b/x.csv:2:3: error required Missing required value name for row 2\na/x.csv:3:1: error required Missing required value id for row 3\n',
    );
  });

  it('under the same rules (another folder with an equal contract): checked once, under the first path', () => {
    const result = run(['a/x.csv', 'same/x.csv']);
    assert.equal(result.stdout, 'a/x.csv:3:1: error required Missing required value id for row 3\n');
    assert.equal(result.stderr, '1 file checked: 1 error, 0 other problems\n');
  });

  it('one path written two ways (x.csv, ./x.csv, a/../a/x.csv): checked once', () => {
    const result = run(['a/x.csv', './a/x.csv', 'a/../a/x.csv']);
    assert.equal(result.stdout, 'a/x.csv:3:1: error required Missing required value id for row 3\n');
    assert.equal(result.stderr, '1 file checked: 1 error, 0 other problems\n');
  });

  it('a folder walk reaches the file by both paths: each under its contract', () => {
    const result = run(['.']);
    assert.equal(
      result.stdout,
      'a/x.csv:3:1: error required Missing required value id for row 3\nb/x.csv:2:3: error required Missing required value name for row 2\n',
    );
  });
});

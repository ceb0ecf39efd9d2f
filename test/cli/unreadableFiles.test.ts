// `validate` words a file it cannot read as that, counts only the files it checked, checks a file reached
// twice through a symlink loop once, and walks no symlink to a folder (issue 22, the hostile probes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli } from '../support/run';

/** Tests run as root, whom permission bits do not stop: the CLI runs as `nobody` (setpriv). */
const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
const skip = !canDrop && 'needs root and setpriv to run the CLI as nobody';

describe('validate: files it cannot read, and files it reaches twice', () => {
  let dir: string;
  // No coverage: nobody may not write root's coverage folder, and would say so on stderr. An empty value, since
  // child_process copies the parent's NODE_V8_COVERAGE into an env that does not name it.
  const env = { ...process.env, NODE_V8_COVERAGE: '' };
  const asNobody = (args: string[]) =>
    spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, ...args], { cwd: dir, encoding: 'utf8', env });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-unreadable-files-'));
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'closed'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'closed', 'a.csv'), 'id\n1\n');
    fs.writeFileSync(path.join(dir, 'secret.csv'), 'id\n1\n', { mode: 0o600 });
    fs.mkdirSync(path.join(dir, 'tree', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tree', 'sub', 'a.csv'), 'id,name\n1\n');
    fs.symlinkSync('..', path.join(dir, 'tree', 'sub', 'up'));
    // A repository whose links lead out of it: to a folder of files that are not its own, to a file, to /.
    fs.mkdirSync(path.join(dir, 'repo'));
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.writeFileSync(path.join(dir, 'repo', 'x.csv'), 'a\n1\n');
    fs.writeFileSync(path.join(dir, 'outside', 'not-mine.csv'), 'a,a\n"broken\n');
    fs.writeFileSync(path.join(dir, 'outside', 'shared.csv'), 'a,b\n1\n');
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'repo', 'vendor'));
    fs.symlinkSync('/', path.join(dir, 'repo', 'root'));
    fs.symlinkSync('../outside/shared.csv', path.join(dir, 'repo', 'linked.csv'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says a file behind a folder it may not enter cannot be read (EACCES), not that there is no such file', { skip }, () => {
    const result = asNobody(['validate', 'closed/a.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: cannot read closed\/a\.csv: EACCES$/m);
    assert.doesNotMatch(result.stderr, /no such file/);
  });

  it('counts an unreadable only file as not checked', { skip }, () => {
    const result = asNobody(['validate', 'secret.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(result.stderr, 'loadline: cannot read secret.csv: EACCES\n0 files checked (1 could not be read): 0 errors, 0 other problems\n');
  });

  it('checks a file once when a symlink loop in the folder reaches it again', () => {
    const result = runCli(['validate', 'tree'], { cwd: dir });
    assert.equal(result.stdout, 'tree/sub/a.csv:2:2: warning missing-cell Row 2 has 1 cell, the header has 2: name is missing\n');
    assert.equal(result.stderr, '1 file checked: 0 errors, 1 other problem\n');
  });

  it('walks no symlink to a folder (one out of the folder, one to /), and checks a symlink to a file', () => {
    const result = runCli(['validate', 'repo'], { cwd: dir, timeout: 20000 });
    assert.equal(result.stdout, 'repo/linked.csv:2:2: warning missing-cell Row 2 has 1 cell, the header has 2: b is missing\n');
    assert.equal(result.stderr, '2 files checked: 0 errors, 1 other problem\n');
  });

  it('a glob the user writes follows a symlink to a folder, as a shell would', () => {
    const result = runCli(['validate', 'repo/vendor/*.csv'], { cwd: dir });
    assert.match(result.stdout, /^repo\/vendor\/not-mine\.csv:/m);
  });
});

// Debian's `pre-commit` runs the loadline-validate hook of .pre-commit-hooks.yaml, as a project that lists a
// Loadline hook repository in its .pre-commit-config.yaml does, with `loadline` installed from the package:
// `git commit` of a bad CSV fails and names the line; the fixed CSV commits.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installCliPackage } from '../support/cliPackage';
import { REPO_ROOT } from '../support/run';

describe('the pre-commit hook loadline-validate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-pre-commit-'));
  const hooks = path.join(dir, 'hooks');
  const project = path.join(dir, 'project');
  let env: NodeJS.ProcessEnv;
  const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
  /** `git commit` in the project, its pre-commit hook included: the exit status and everything printed. */
  const commit = (message: string) => {
    const result = spawnSync('git', ['commit', '-m', message], { cwd: project, env, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  before(() => {
    const bin = installCliPackage(path.join(dir, 'prefix'));
    const identity = {
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    };
    // The user's git configuration stays out; pre-commit keeps its clones under the test's folder.
    env = { ...process.env, ...identity, PATH: `${bin}:${process.env.PATH}`, GIT_CONFIG_GLOBAL: '/dev/null', PRE_COMMIT_HOME: path.join(dir, 'cache') };
    // The hook repository: this repository's .pre-commit-hooks.yaml, at a commit pre-commit can clone.
    fs.mkdirSync(hooks);
    git(hooks, ['init', '-q']);
    fs.copyFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), path.join(hooks, '.pre-commit-hooks.yaml'));
    git(hooks, ['add', '.pre-commit-hooks.yaml']);
    git(hooks, ['commit', '-q', '-m', 'hooks']);
    const rev = git(hooks, ['rev-parse', 'HEAD']).trim();

    fs.mkdirSync(path.join(project, 'imports'), { recursive: true });
    git(project, ['init', '-q']);
    fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: loadline-validate\n`);
    fs.writeFileSync(
      path.join(project, '.loadline.json'),
      '{ "contracts": [{ "files": ["imports/*.csv"], "headers": { "shop_id": { "required": true } } }] }\n',
    );
    fs.writeFileSync(path.join(project, 'README.md'), 'no CSV here\n');
    execFileSync('pre-commit', ['install'], { cwd: project, env, stdio: 'pipe' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets a commit without CSVs through, the hook skipped', () => {
    git(project, ['add', '.pre-commit-config.yaml', '.loadline.json', 'README.md']);
    const result = commit('set-up');
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /loadline validate\.+\(no files to check\)Skipped/);
  });

  it('fails the commit of a bad CSV, naming its line', () => {
    fs.writeFileSync(path.join(project, 'imports', 'shops.csv'), 'shop_id,name\n1,Ann\n,Bob\n');
    git(project, ['add', 'imports/shops.csv']);
    const result = commit('bad');
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /loadline validate\.+Failed/);
    assert.match(result.output, /^imports\/shops\.csv:3:1: error required Missing required value shop_id for row 3$/m);
    assert.match(git(project, ['status', '--porcelain']), /^A {2}imports\/shops\.csv$/m, 'the bad CSV was committed');
  });

  it('passes the commit once the CSV is fixed', () => {
    fs.writeFileSync(path.join(project, 'imports', 'shops.csv'), 'shop_id,name\n1,Ann\n2,Bob\n');
    git(project, ['add', 'imports/shops.csv']);
    const result = commit('fixed');
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /loadline validate\.+Passed/);
    assert.equal(git(project, ['status', '--porcelain']), '');
  });

  it('checks a staged file named like an option (-V.csv), never taking it for one (hp26: it printed the version and passed)', () => {
    fs.writeFileSync(path.join(project, '-V.csv'), 'id\n"unclosed\n');
    git(project, ['add', '--', '-V.csv']);
    const result = commit('option-like name');
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /^-V\.csv:\d+:\d+: error invalid-csv /m);
  });
});

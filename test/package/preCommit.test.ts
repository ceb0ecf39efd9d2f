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

/** The project's .loadline.json: shops' `shop_id` with `rule`, and a mapping for JSON-lines logs. */
const contract = (rule: string) =>
  JSON.stringify({
    contracts: [{ files: ['imports/*.csv', 'imports/*.CSV'], headers: { shop_id: JSON.parse(`{${rule}}`) } }],
    ingest: [{ name: 'app', files: ['logs/*'], table: 'app', key: ['id'], columns: { id: { from: 'id', type: 'string', required: true } } }],
  });

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
    fs.writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: loadline-validate\n      - id: loadline-validate-contracts\n`,
    );
    fs.writeFileSync(path.join(project, '.loadline.json'), contract('"required": true'));
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

  it('checks what `loadline validate` takes: EXPORT.CSV and a .jsonlines log (hp26 02: both were committed, the hook skipped)', () => {
    git(project, ['reset', '-q', '--hard']);
    fs.writeFileSync(path.join(project, 'imports', 'EXPORT.CSV'), 'shop_id,name\n,Bob\n');
    git(project, ['add', 'imports/EXPORT.CSV']);
    const upper = commit('upper-case extension');
    assert.equal(upper.status, 1, upper.output);
    assert.match(upper.output, /^imports\/EXPORT\.CSV:2:1: error required /m);
    git(project, ['reset', '-q', '--hard']);
    fs.mkdirSync(path.join(project, 'logs'));
    fs.writeFileSync(path.join(project, 'logs', 'app.jsonlines'), 'not json\n');
    git(project, ['add', 'logs/app.jsonlines']);
    const log = commit('bad log');
    assert.equal(log.status, 1, log.output);
    assert.match(log.output, /^logs\/app\.jsonlines:1:\d+: error /m);
    git(project, ['reset', '-q', '--hard']);
  });

  it('fails the commit of a broken .loadline.json, or of one the committed CSVs now fail (hp26 03: both were committed)', () => {
    fs.writeFileSync(path.join(project, '.loadline.json'), contract('"type": "intger"'));
    git(project, ['add', '.loadline.json']);
    const broken = commit('broken contract');
    assert.equal(broken.status, 1, broken.output);
    assert.match(broken.output, /loadline validate \(contracts changed\)\.+Failed/);
    assert.match(broken.output, /^\.loadline\.json:\d+:\d+: error /m);
    git(project, ['reset', '-q', '--hard']);
    fs.writeFileSync(path.join(project, '.loadline.json'), contract('"type": "date"'));
    git(project, ['add', '.loadline.json']);
    const tightened = commit('tightened contract');
    assert.equal(tightened.status, 1, tightened.output);
    assert.match(tightened.output, /^imports\/shops\.csv:2:1: error type-error /m);
    git(project, ['reset', '-q', '--hard']);
  });

  it('runs once for all the files, so a GitHub step summary gets one section (hp26 14: one per core, each partial)', () => {
    for (let i = 1; i <= 6; i++) fs.writeFileSync(path.join(project, 'imports', `bad${i}.csv`), 'shop_id,name\n,Bob\n');
    git(project, ['add', 'imports']);
    const summary = path.join(dir, 'summary.md');
    const result = spawnSync('pre-commit', ['run', 'loadline-validate', '--all-files'], {
      cwd: project,
      env: { ...env, GITHUB_STEP_SUMMARY: summary },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const text = fs.readFileSync(summary, 'utf8');
    assert.equal(text.match(/^## Loadline validate/gm)?.length, 1, text);
    assert.match(text, /7 files checked: 6 errors/);
    git(project, ['reset', '-q', '--hard']);
  });
});

// The CI recipes of examples/ci: the shell recipe runs here, installing the package it is given; the GitHub
// Actions workflow and the GitLab CI job are parsed and checked for the keys their platforms need.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { packCli } from '../support/cliPackage';
import { REPO_ROOT } from '../support/run';

const RECIPES = path.join(REPO_ROOT, 'examples', 'ci');
const readYaml = (file: string) => parse(fs.readFileSync(path.join(RECIPES, file), 'utf8')) as Record<string, unknown>;

describe('the shell recipe, examples/ci/validate.sh', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-ci-recipe-'));
  const work = path.join(dir, 'examples');
  let tarball: string;
  /** The recipe with no `loadline` on PATH, only node, npm and the base system: it must install the package itself. */
  const recipe = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const env = { HOME: dir, TMPDIR: dir, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, LOADLINE_PACKAGE: tarball, ...extra };
    const result = spawnSync('sh', [path.join(RECIPES, 'validate.sh'), ...args], { cwd: work, env, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(() => {
    tarball = packCli();
    fs.cpSync(path.join(REPO_ROOT, 'examples'), work, { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes shellcheck', () => {
    execFileSync('shellcheck', [path.join(RECIPES, 'validate.sh')], { stdio: 'pipe' });
  });

  it('installs the package and fails on the examples, listing their errors', () => {
    const result = recipe([]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^imports\/missing-header\.csv:1:1: error missing-label /m);
    assert.match(result.stdout, /^loadline: errors found, listed above$/m);
  });

  it('passes on a clean file', () => {
    const result = recipe(['imports/shops.csv']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'loadline: no errors\n');
  });

  it('exits 2 on a path that is not there, and says the check could not run', () => {
    const result = recipe(['imports/nowhere.csv']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /nowhere\.csv/);
    assert.match(result.stdout, /the check could not run \(exit 2\)/);
  });

  it('without loadline on PATH nor a package, says what to set', () => {
    const result = recipe([], { LOADLINE_PACKAGE: '' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^loadline: .*LOADLINE_PACKAGE.*loadline-<version>\.tgz/);
  });

  // It exited 1 ("errors found") for a corrupt package and 254 for a missing one, without a word of its own (hp26 06).
  it('exits 2 with its own message when the package cannot be installed: corrupt, missing, in a missing folder', () => {
    const corrupt = path.join(dir, 'loadline-9.9.9.tgz');
    fs.writeFileSync(corrupt, 'not a tarball\n');
    for (const [pkg, message] of [
      [corrupt, /^loadline: cannot install Loadline from .*loadline-9\.9\.9\.tgz/m],
      [path.join(dir, 'loadline-0.0.0.tgz'), /^loadline: cannot install Loadline: LOADLINE_PACKAGE names no file/m],
      ['nowhere/loadline-0.0.0.tgz', /^loadline: cannot install Loadline: LOADLINE_PACKAGE names no file \(nowhere\/loadline-0\.0\.0\.tgz\)$/m],
    ] as const) {
      const result = recipe(['imports/shops.csv'], { LOADLINE_PACKAGE: pkg, npm_config_cache: path.join(dir, 'npm-cache') });
      assert.equal(result.status, 2, `${pkg}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stdout, /errors found/);
    }
  });
});

describe('the CI workflows of examples/ci', () => {
  interface Step {
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
  }

  it('GitHub Actions: validates to SARIF and uploads that file, with the permission upload-sarif needs', () => {
    const workflow = readYaml('github-actions.yml') as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, unknown> };
    assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
    assert.equal(workflow.permissions['security-events'], 'write');
    const jobs = Object.values(workflow.jobs) as { 'runs-on': string; steps: Step[] }[];
    assert.equal(jobs.length, 1);
    const [{ 'runs-on': runsOn, steps }] = jobs;
    assert.equal(typeof runsOn, 'string');
    for (const step of steps) assert.ok((step.uses === undefined) !== (step.run === undefined), `a step has one of uses and run: ${JSON.stringify(step)}`);
    assert.ok(steps.some((s) => s.run?.includes('npm install -g') && /loadline-\*\.tgz/.test(s.run)));
    const validate = steps.find((s) => s.run?.startsWith('loadline validate'));
    const sarifFile = /--format sarif > (\S+)$/.exec(validate?.run ?? '')?.[1];
    assert.ok(sarifFile, validate?.run);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, sarifFile);
    // A run with errors fails the validate step: the upload must run then too.
    assert.match(upload?.if ?? '', /failure\(\)|always\(\)/);
    assert.ok(steps.indexOf(upload) > steps.indexOf(validate!));
  });

  it('GitLab CI: validates to JUnit and reports that file, also when the job fails', () => {
    const config = readYaml('gitlab-ci.yml');
    const jobs = Object.entries(config).filter(([name]) => !name.startsWith('.'));
    assert.equal(jobs.length, 1);
    const [[, job]] = jobs as [string, { image: string; script: string[]; artifacts: { when: string; reports: { junit: string } } }][];
    assert.match(job.image, /^node:(2\d|[3-9]\d)/);
    assert.ok(Array.isArray(job.script) && job.script.every((line) => typeof line === 'string'));
    assert.ok(job.script.some((line) => line.includes('npm install -g') && /loadline-\*\.tgz/.test(line)));
    const junitFile = job.script.map((line) => /^loadline validate .*--format junit > (\S+)$/.exec(line)?.[1]).find(Boolean);
    assert.ok(junitFile, job.script.join('\n'));
    assert.equal(job.artifacts.reports.junit, junitFile);
    assert.equal(job.artifacts.when, 'always');
  });
});

// A file the check fails on for a fault of Loadline's own (exit 3) stays in every report: a JUnit error test case,
// a SARIF tool notification in a run that did not succeed, a line of the step summary. It was dropped from all three.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { copyCliAlone, REPO_ROOT } from '../support/run';

interface SarifNotification {
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}

describe('an internal error on one file, in the reports', () => {
  let dir: string;
  let install: string;
  /** The CLI copied without its check thread's script: a file under a watched rule fails with an internal error. */
  const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [path.join(install, 'cli.js'), 'validate', ...args], { cwd: dir, encoding: 'utf8', env });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-internal-'));
    install = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-broken-install-'));
    copyCliAlone(install);
    fs.mkdirSync(path.join(dir, 'watched'));
    // A pattern is a watched rule: the file is checked on the check thread, whose script is missing.
    fs.writeFileSync(
      path.join(dir, 'watched', '.loadline.json'),
      '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "constraints": { "pattern": "[0-9]+" } } } } ] }',
    );
    fs.writeFileSync(path.join(dir, 'watched', 'a.csv'), 'id\n1\n');
    fs.writeFileSync(path.join(dir, 'clean.csv'), 'id\n1\n');
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(install, { recursive: true, force: true });
  });

  it('JUnit: the file is an error test case with the message', () => {
    const result = run(['--format', 'junit', 'clean.csv', path.join('watched', 'a.csv')]);
    assert.equal(result.status, 3, result.stderr);
    const suite = (
      new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(result.stdout) as {
        testsuites: { testsuite: { tests: string; errors: string; testcase: { name: string; error?: { message: string; type: string } }[] } };
      }
    ).testsuites.testsuite;
    assert.deepEqual([suite.tests, suite.errors], ['2', '1']);
    const failed = suite.testcase.find((c) => c.name === 'watched/a.csv');
    assert.ok(failed, result.stdout);
    assert.equal(failed.error?.type, 'internal-error');
    assert.match(failed.error.message, /^internal error while checking watched\/a\.csv: .* \(please report it\)$/);
  });

  it('SARIF: a tool notification located in the file, in a run that did not succeed, which the SARIF Multitool accepts', () => {
    const result = run(['--format', 'sarif', 'clean.csv', path.join('watched', 'a.csv')]);
    assert.equal(result.status, 3, result.stderr);
    const run0 = (
      JSON.parse(result.stdout) as { runs: { invocations?: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[] }[] }
    ).runs[0];
    assert.ok(run0.invocations, result.stdout);
    assert.equal(run0.invocations[0].executionSuccessful, false);
    const [notice, ...others] = run0.invocations[0].toolExecutionNotifications;
    assert.deepEqual(others, []);
    assert.equal(notice.level, 'error');
    assert.match(notice.message.text, /^internal error while checking watched\/a\.csv: /);
    assert.deepEqual(notice.locations[0].physicalLocation.artifactLocation, { uri: 'watched/a.csv', uriBaseId: 'SRCROOT' });
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, result.stdout);
    const checked = path.join(dir, 'multitool.sarif');
    const multitool = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool'), ['validate', file, '-o', checked, '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
    });
    assert.equal(multitool.status, 0, multitool.stdout + multitool.stderr);
    const findings = (JSON.parse(fs.readFileSync(checked, 'utf8')) as { runs: { results: { level?: string }[] }[] }).runs[0].results;
    assert.deepEqual(
      findings.filter((f) => f.level === 'error'),
      [],
    );
  });

  it('the step summary lists the file with the message', () => {
    const summary = path.join(dir, 'summary.md');
    const result = run(['clean.csv', path.join('watched', 'a.csv')], { ...process.env, GITHUB_STEP_SUMMARY: summary });
    assert.equal(result.status, 3, result.stderr);
    assert.match(
      fs.readFileSync(summary, 'utf8'),
      /^- watched\/a\.csv: not checked, internal error while checking watched\/a\.csv: .* \\\(please report it\\\)$/m,
    );
  });
});

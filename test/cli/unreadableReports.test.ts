// A file that cannot be read (a FIFO, a dangling link, a missing path) exits 2 and stays in every report: a JUnit
// error test case, a SARIF tool notification in a run that did not succeed, a line of the step summary (hp26b 01).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../support/run';

interface JunitCase {
  name: string;
  error?: { message: string; type: string };
}
interface SarifRun {
  invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
  results: unknown[];
}

const junitSuite = (xml: string) =>
  (
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: { tests: string; errors: string; testcase?: JunitCase[] } };
    }
  ).testsuites.testsuite;
const sarifRun = (json: string) => (JSON.parse(json) as { runs: SarifRun[] }).runs[0];

describe('files that cannot be read, in the reports', () => {
  let dir: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runCli(['validate', ...args], { cwd: dir, env });
  const inputs = ['ok.csv', 'fifo.csv', 'dangling.csv', 'missing.csv'];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-unreadable-reports-'));
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'id\n1\n');
    fs.symlinkSync('nowhere.csv', path.join(dir, 'dangling.csv'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.csv')]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('JUnit: each is an error test case with the reason', () => {
    const result = run(['--format', 'junit', ...inputs]);
    assert.equal(result.status, 2, result.stderr);
    const suite = junitSuite(result.stdout);
    assert.deepEqual([suite.tests, suite.errors], ['4', '3']);
    for (const name of ['fifo.csv', 'dangling.csv', 'missing.csv']) {
      const failed = suite.testcase?.find((c) => c.name === name);
      assert.equal(failed?.error?.type, 'unreadable', result.stdout);
      assert.match(failed.error.message, new RegExp(`^cannot read ${name.replace('.', '\\.')}: `));
    }
  });

  it('SARIF: each is an error notification, and the run did not succeed', () => {
    const result = run(['--format', 'sarif', ...inputs]);
    assert.equal(result.status, 2, result.stderr);
    const invocation = sarifRun(result.stdout).invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false, result.stdout);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n) => `${n.level} ${n.message.text.split(':')[0]}`).sort(), [
      'error cannot read dangling.csv',
      'error cannot read fifo.csv',
      'error cannot read missing.csv',
    ]);
  });

  it('the step summary lists each with the reason', () => {
    const summary = path.join(dir, 'summary.md');
    const result = run(inputs, { ...process.env, GITHUB_STEP_SUMMARY: summary });
    assert.equal(result.status, 2, result.stderr);
    const text = fs.readFileSync(summary, 'utf8');
    for (const name of ['fifo', 'dangling', 'missing']) assert.match(text, new RegExp(`^- ${name}\\.csv: not checked, cannot read ${name}\\.csv: `, 'm'), text);
  });
});

// An unreadable --config, or inputs that are all missing or match nothing: the run exits 2 and still writes a report
// (an empty file is no report: upload-sarif and GitLab's JUnit parser fail on it and hide the message) (hp26b 04).
describe('nothing to check, in the reports', () => {
  let dir: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runCli(['validate', ...args], { cwd: dir, env });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-nothing-reports-'));
    fs.writeFileSync(path.join(dir, 'a.csv'), 'id\n1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an unreadable --config: a JUnit error test case for it, and the step summary', () => {
    const summary = path.join(dir, 'summary.md');
    const result = run(['--config', 'nope.json', '--format', 'junit', 'a.csv'], { ...process.env, GITHUB_STEP_SUMMARY: summary });
    assert.equal(result.status, 2, result.stderr);
    const suite = junitSuite(result.stdout);
    assert.deepEqual([suite.tests, suite.errors], ['1', '1']);
    assert.equal(suite.testcase?.[0].name, 'nope.json');
    assert.equal(suite.testcase[0].error?.message, 'cannot read config nope.json: no such file');
    assert.match(fs.readFileSync(summary, 'utf8'), /^- nope\.json: not checked, cannot read config nope\.json: no such file$/m);
  });

  it('an unreadable --config: an empty SARIF run with the notification', () => {
    const result = run(['--config', 'nope.json', '--format', 'sarif', 'a.csv']);
    assert.equal(result.status, 2, result.stderr);
    const run0 = sarifRun(result.stdout);
    assert.deepEqual(run0.results, []);
    assert.equal(run0.invocations?.[0].executionSuccessful, false);
    assert.deepEqual(
      run0.invocations[0].toolExecutionNotifications.map((n) => n.message.text),
      ['cannot read config nope.json: no such file'],
    );
  });

  it('every input missing or matching nothing: SARIF and JUnit reports that name them', () => {
    const sarif = run(['--format', 'sarif', 'missing.csv', 'none*.csv']);
    assert.equal(sarif.status, 2, sarif.stderr);
    assert.deepEqual(
      sarifRun(sarif.stdout).invocations?.[0].toolExecutionNotifications.map((n) => n.message.text),
      ['cannot read missing.csv: no such file', 'no files match none*.csv'],
    );
    const junit = run(['--format', 'junit', 'missing.csv']);
    assert.equal(junit.status, 2, junit.stderr);
    assert.equal(junitSuite(junit.stdout).testcase?.[0].error?.type, 'unreadable');
  });
});

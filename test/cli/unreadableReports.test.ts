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

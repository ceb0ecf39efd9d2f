// A run failed by --max-warnings alone (exit 1, no error anywhere) says why in each report a CI shows: the
// step summary, SARIF (a notification, executionSuccessful false) and the GitHub annotations (an ::error:: line).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const WHY = '2 warnings, more than --max-warnings 1 allows';

describe('a run failed by --max-warnings says so in every report', () => {
  let dir: string;
  const run = (format: string, summary: string) =>
    runCli(['validate', '--format', format, '--max-warnings', '1', 'warnings.csv'], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-max-warnings-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    fs.writeFileSync(path.join(dir, 'warnings.csv'), 'id,name\n1\n2\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'github', 'sarif', 'junit']) {
    it(`the step summary says it above the table (--format ${format})`, () => {
      const summary = path.join(dir, `summary-${format}.md`);
      const result = run(format, summary);
      assert.equal(result.status, 1, result.stderr);
      const lines = fs.readFileSync(summary, 'utf8').split('\n');
      const said = lines.findIndex((l) => l === '**Failed: 2 warnings, more than \\-\\-max\\-warnings 1 allows.**');
      assert.ok(said > 0 && said < lines.indexOf('| File | Errors | Warnings |'), lines.join('\n'));
    });
  }

  it('SARIF: a notification, and the run was not successful', () => {
    const result = run('sarif', path.join(dir, 'summary.md'));
    assert.equal(result.status, 1, result.stderr);
    const invocations = (
      JSON.parse(result.stdout) as {
        runs: { invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
      }
    ).runs[0].invocations;
    assert.equal(invocations?.[0].executionSuccessful, false);
    assert.deepEqual(invocations[0].toolExecutionNotifications, [{ level: 'error', message: { text: WHY } }]);
  });

  it('github: an ::error:: line after the annotations', () => {
    const result = run('github', path.join(dir, 'summary.md'));
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, result.stdout);
    assert.equal(lines[2], `::error::${WHY}`);
  });

  it('within the limit, no report says it', () => {
    const summary = path.join(dir, 'summary-ok.md');
    const result = runCli(['validate', '--format', 'sarif', '--max-warnings', '2', 'warnings.csv'], {
      cwd: dir,
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(!('invocations' in (JSON.parse(result.stdout) as { runs: object[] }).runs[0]));
    assert.ok(!fs.readFileSync(summary, 'utf8').includes('Failed'));
  });
});

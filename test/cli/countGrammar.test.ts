// A count and its noun agree in every report the CLI writes (hp22 12): "1 error", never "1 errors". Each message
// says its count through one helper, counted (shared/src/text/counted.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('counts of one are singular in every report', () => {
  let dir: string;
  const run = (args: string[], summary = path.join(dir, 'summary.md')) =>
    runCli(['validate', ...args], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-grammar-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "type": "integer" } } } ] }');
    // One error (x is not an integer) and one warning (row 3 lacks a cell).
    fs.writeFileSync(path.join(dir, 'one.csv'), 'id,name\nx,a\n1\n');
    // Eleven errors: the step summary lists ten, and one more.
    fs.writeFileSync(path.join(dir, 'eleven.csv'), 'id,name\n' + 'x,a\n'.repeat(11));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: the summary line', () => {
    const result = run(['one.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '1 file checked: 1 error, 1 other problem\n');
  });

  it('text: the count of problems past --max-problems', () => {
    const result = run(['--max-problems', '10', 'eleven.csv']);
    assert.match(result.stdout, / 1 more problem not shown \(limit 10\)/);
    assert.doesNotMatch(result.stdout, /problems not shown/);
  });

  it('step summary: the totals and the problems left out', () => {
    const summary = path.join(dir, 'step.md');
    run(['one.csv'], summary);
    run(['eleven.csv'], summary);
    const lines = fs.readFileSync(summary, 'utf8').split('\n');
    assert.ok(lines.includes('1 file checked: 1 error, 1 warning.'), lines.join('\n'));
    assert.ok(lines.includes('…and 1 more problem.'), lines.join('\n'));
  });

  it('junit: the failure message', () => {
    const result = run(['--format', 'junit', 'one.csv']);
    assert.match(result.stdout, /<failure message="1 error, 1 warning"/);
  });

  it('github, text and sarif: a run failed by --max-warnings 0 on one warning', () => {
    const why = '1 warning, more than --max-warnings 0 allows';
    fs.writeFileSync(path.join(dir, 'warning.csv'), 'id,name\n1\n');
    assert.equal(run(['--format', 'github', '--max-warnings', '0', 'warning.csv']).stdout.trimEnd().split('\n').at(-1), `::error::${why}`);
    assert.match(run(['--max-warnings', '0', 'warning.csv']).stderr, new RegExp(`${why}\n1 file checked: 0 errors, 1 other problem\n$`));
    const sarif = JSON.parse(run(['--format', 'sarif', '--max-warnings', '0', 'warning.csv']).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
    };
    assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, why);
  });
});

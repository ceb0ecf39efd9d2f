import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('loadline validate with GITHUB_STEP_SUMMARY set', () => {
  let dir: string;
  const run = (args: string[], summary: string) => runCli(['validate', ...args], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-summary-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    fs.writeFileSync(path.join(dir, 'clean.csv'), 'id,name\n1,a\n');
    fs.writeFileSync(path.join(dir, 'many | *bad*.csv'), 'id,name\n' + Array.from({ length: 14 }, (_, i) => `,row ${i}\n`).join('') + '3\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'github', 'sarif', 'junit']) {
    it(`appends a table of files and the first problems of each failing file, capped (--format ${format})`, () => {
      const summary = path.join(dir, `summary-${format}.md`);
      fs.writeFileSync(summary, 'an earlier step\n');
      const result = run(['--format', format], summary);
      assert.equal(result.status, 1, result.stderr);
      const text = fs.readFileSync(summary, 'utf8');
      assert.ok(text.startsWith('an earlier step\n'), 'what earlier steps wrote stays');
      const lines = text.split('\n');
      const table = lines.filter((l) => l.startsWith('|'));
      assert.deepEqual(table, ['| File | Errors | Warnings |', '| --- | ---: | ---: |', '| clean.csv | 0 | 0 |', '| many \\| \\*bad\\*.csv | 14 | 1 |']);
      assert.ok(
        table.every((row) => row.split(/(?<!\\)\|/).length === 5),
        'a | in a name does not add a column',
      );
      assert.ok(lines.includes('### many \\| \\*bad\\*.csv'));
      const problems = lines.filter((l) => l.startsWith('- '));
      assert.equal(problems.length, 10);
      assert.equal(problems[0], '- 2:1 error `required` Missing required value id for row 2');
      assert.ok(lines.includes('…and 5 more problems.'));
    });
  }

  it('says so, with exit 2, when the summary file cannot be written, and still prints the report', () => {
    const result = run([], path.join(dir, 'no-such-folder', 'summary.md'));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^loadline: cannot write the step summary to .*summary\.md \(GITHUB_STEP_SUMMARY\): ENOENT$/m);
    assert.match(result.stdout, /clean\.csv|many/);
  });

  it('refuses a FIFO as the summary file, with exit 2, never waiting for a reader (hp26)', () => {
    const fifo = path.join(dir, 'summary.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = runCli(['validate'], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: fifo }, timeout: 60_000 });
    assert.equal(result.status, 2, `${result.status}: ${result.stderr}`);
    assert.match(result.stderr, /^loadline: cannot write the step summary to .*summary\.fifo \(GITHUB_STEP_SUMMARY\): (ENXIO|not a regular file)$/m);
  });
});

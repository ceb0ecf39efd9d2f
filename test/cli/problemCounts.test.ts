// --max-problems caps what is listed, never what is counted: errors and warnings past the cap still fail the run
// (exit 1, --max-warnings), and the summary, the JUnit report and the step summary give the true counts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const TYPED = '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "type": "integer" } } } ] }';

describe('problem counts past --max-problems', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-counts-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), TYPED);
    // Short rows (a missing-cell warning each) before rows that are not integers (a type error each).
    fs.writeFileSync(path.join(dir, 'late-errors.csv'), 'id,name\n' + '1\n'.repeat(3) + 'x,a\n'.repeat(4));
    fs.writeFileSync(path.join(dir, 'warnings.csv'), 'id,name\n' + '1\n'.repeat(5));
    // 8 MiB and more: checked in ranges on two threads. Every 10th row is short, the others are not integers.
    const rows: string[] = [];
    for (let i = 0; i < 1_200_000; i++) rows.push(i % 10 === 0 ? `${i}\n` : `x${i},a\n`);
    fs.writeFileSync(path.join(dir, 'big.csv'), 'id,name\n' + rows.join(''));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('errors all past the cap still fail the run, and the summary counts them', () => {
    const result = runCli(['validate', '--max-problems', '2', 'late-errors.csv'], { cwd: dir });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /^1 file checked: 4 errors, 3 other problems$/m);
  });

  it('--max-warnings counts the warnings past the cap', () => {
    const result = runCli(['validate', '--max-problems', '1', '--max-warnings', '3', 'warnings.csv'], { cwd: dir });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: 5 warnings, more than --max-warnings 3 allows$/m);
  });

  it('JUnit and the step summary give the true counts', () => {
    const summary = path.join(dir, 'summary.md');
    const result = runCli(['validate', '--format', 'junit', '--max-problems', '2', 'late-errors.csv'], {
      cwd: dir,
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /<failure message="4 errors, 3 warnings" type="loadline">/);
    const text = fs.readFileSync(summary, 'utf8');
    assert.match(text, /^1 file checked: 4 errors, 3 warnings\.$/m);
    assert.match(text, /^\| late\\-errors\.csv \| 4 \| 3 \|$/m);
  });

  it('on range threads, the counts are exact and the same as on one thread', () => {
    for (const workers of ['2', '1']) {
      const result = runCli(['validate', '--max-problems', '5', '--workers', workers, '--max-warnings', '119999', 'big.csv'], { cwd: dir });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /^1 file checked: 1080000 errors, 120000 other problems$/m, `--workers ${workers}`);
      assert.match(result.stderr, /^loadline: 120000 warnings, more than --max-warnings 119999 allows$/m, `--workers ${workers}`);
    }
  });
});

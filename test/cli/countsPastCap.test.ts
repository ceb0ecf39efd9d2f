// Totals past the caps are exact in every format: foreign-key orphans past --max-problems are counted (they were
// dropped), and the "…and N more" notes of the step summary and JUnit count every problem found, not only those
// that were listed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const CONTRACTS = {
  contracts: [
    { name: 'sites', files: ['sites.csv'], headers: { id: { type: 'integer' } } },
    { files: ['visits.csv'], headers: { site: { foreignKey: { reference: { resource: 'sites', fields: 'id' } } }, n: { type: 'integer' } } },
    { files: ['many.csv'], headers: { n: { type: 'integer' } } },
  ],
};

describe('counts past the caps', () => {
  let dir: string;
  const run = (args: string[], summary: string) =>
    runCli(['validate', ...args], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: path.join(dir, summary) }, maxBuffer: 64 << 20 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-counts-cap-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(CONTRACTS));
    fs.writeFileSync(path.join(dir, 'sites.csv'), 'id\n1\n2\n');
    // 10 rows with an orphan and a type error each (20 errors), 5 short rows (5 warnings).
    fs.writeFileSync(path.join(dir, 'visits.csv'), 'site,n\n' + '99,x\n'.repeat(10) + '1\n'.repeat(5));
    // 30,000 type errors: past the 25,000 lines a JUnit report lists.
    fs.writeFileSync(path.join(dir, 'many.csv'), 'n\n' + 'x\n'.repeat(30_000));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('foreign-key orphans past --max-problems are counted: the totals do not depend on the cap', () => {
    for (const max of ['1000', '2', '1']) {
      const result = run(['--max-problems', max, 'visits.csv'], `summary-text-${max}.md`);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr, '1 file checked: 20 errors, 5 other problems\n', `--max-problems ${max}`);
    }
  });

  for (const format of ['text', 'json', 'github', 'sarif', 'junit']) {
    it(`the step summary's table and its "…and N more" note are exact (--format ${format})`, () => {
      const summary = `summary-${format}.md`;
      const result = run(['--format', format, '--max-problems', '2', 'visits.csv'], summary);
      assert.equal(result.status, 1, result.stderr);
      const lines = fs.readFileSync(path.join(dir, summary), 'utf8').split('\n');
      assert.ok(lines.includes('| visits.csv | 20 | 5 |'), lines.join('\n'));
      // 4 problems listed (2 orphans, 2 type errors): 21 more of the 25 found.
      const listed = lines.filter((l) => l.startsWith('- ') && !l.includes('too-many-problems'));
      assert.equal(listed.length, 4);
      assert.ok(lines.includes('…and 21 more problems.'), lines.join('\n'));
    });
  }

  it('JUnit: the failure counts them all, and its "…and N more" note counts those found past --max-problems too', () => {
    const result = run(['--format', 'junit', '--max-problems', '26000', 'many.csv', 'visits.csv'], 'summary-junit-many.md');
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /<failure message="30000 errors, 0 warnings" type="loadline">/);
    assert.match(result.stdout, /<failure message="20 errors, 5 warnings" type="loadline">/);
    // The report lists 25,000 lines: 5,000 more of many.csv's 30,000, and all 25 of visits.csv's.
    assert.match(result.stdout, /^…and 5000 more problems, left out: the report lists at most 25000\. /m);
    assert.match(result.stdout, /">…and 25 more problems, left out: the report lists at most 25000\. /m);
  });
});

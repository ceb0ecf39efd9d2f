// `loadline validate --workers N`: a file above the parallel threshold, checked by worker threads, reports what one
// thread reports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMALLEST_PARALLEL_FILE } from '../../shared/src/csv/parallel/parallelCheck';
import { runCli } from '../support/run';
import { randomAb, SLOWER_PATTERN } from '../support/slowPattern';

describe('loadline validate --workers', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, maxBuffer: 1 << 26 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-workers-'));
    fs.writeFileSync(
      path.join(dir, '.loadline.json'),
      JSON.stringify({
        contracts: [
          {
            files: ['*.csv'],
            headers: { id: { type: 'integer', constraints: { unique: true } }, day: { type: 'date' }, note: { constraints: { unique: true } } },
          },
        ],
      }),
    );
    // Ids in order with one repeated every 5,000 rows (of a row far back, across the cuts), a quoted line break
    // every 997 rows, a bad date every 3,001: more than the parallel threshold, in a CRLF file with a BOM.
    const rows: string[] = ['\ufeffid,day,note'];
    for (let i = 1; rows.length * 40 < SMALLEST_PARALLEL_FILE * 1.5; i++) {
      const id = i % 5000 === 0 ? i - 4321 : i;
      const note = i % 997 === 0 ? `"line ${i}\r\nnext"` : `note ${i % 7919 === 0 ? 1 : i}`;
      rows.push(`${id},${i % 3001 === 0 ? '2024-02-30' : '2024-01-01'},${note}`);
    }
    fs.writeFileSync(path.join(dir, 'big.csv'), `${rows.join('\r\n')}\r\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the same problems, rows and count with 2 threads as with 1', () => {
    const one = cli(['validate', '--workers', '1', '--format', 'json', '--max-problems', '100000', 'big.csv']);
    const two = cli(['validate', '--workers', '2', '--format', 'json', '--max-problems', '100000', 'big.csv']);
    assert.equal(one.status, 1, one.stderr);
    assert.equal(two.status, 1, two.stderr);
    const problems = JSON.parse(two.stdout) as { code: string; message: string }[];
    assert.ok(problems.filter((p) => p.code === 'unique-error').length > 50);
    assert.deepEqual(JSON.parse(two.stdout), JSON.parse(one.stdout));
  });

  it('applies --max-problems across the ranges as one check does', () => {
    const one = cli(['validate', '--workers', '1', '--max-problems', '7', 'big.csv']);
    const two = cli(['validate', '--workers', '2', '--max-problems', '7', 'big.csv']);
    assert.match(two.stdout, /more problems not shown \(limit 7\)/);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
  });

  it('refuses --workers 0 and documents --workers in validate --help', () => {
    const zero = cli(['validate', '--workers', '0', 'big.csv']);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /--workers/);
    assert.match(cli(['validate', '--help']).stdout, /--workers <n>/);
  });

  it('stops a file whose rule outlives the check budget in a range thread, then checks the next', () => {
    const slowDir = fs.mkdtempSync(path.join(dir, 'slow-'));
    fs.writeFileSync(
      path.join(slowDir, '.loadline.json'),
      JSON.stringify({
        contracts: [
          { files: ['slow.csv'], headers: { v: { constraints: { pattern: SLOWER_PATTERN } } } },
          { files: ['fast.csv'], headers: { n: { type: 'integer' } } },
        ],
      }),
    );
    // Cells of 400 kB that each take the pattern many seconds, in a file past the parallel threshold.
    const cell = randomAb(400_000);
    const cells = Math.ceil((SMALLEST_PARALLEL_FILE * 1.2) / cell.length);
    fs.writeFileSync(path.join(slowDir, 'slow.csv'), `v\n${`${cell}\n`.repeat(cells)}`);
    fs.writeFileSync(path.join(slowDir, 'fast.csv'), 'n\n1\nx\n');
    // Unwatched, the threads would test every cell (minutes): the run would be killed at the timeout and fail.
    const result = runCli(['validate', '--workers', '2', 'slow.csv', 'fast.csv'], {
      cwd: slowDir,
      env: { ...process.env, LOADLINE_CHECK_BUDGET_MS: '1000' },
      timeout: 120_000,
    });
    assert.equal(result.status, 1, `exit ${result.status}: ${result.stderr}`);
    assert.match(
      result.stdout,
      /^slow\.csv:1:1: error check-failed The check was stopped: testing the pattern of column "v" on one cell took longer than 1 s/m,
    );
    assert.match(result.stdout, /^fast\.csv:3:1: error type-error /m);
  });
});

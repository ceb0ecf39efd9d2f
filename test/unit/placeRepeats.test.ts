// Placing a range's repeated keys (placeRepeats) does work that grows with the problems shown, not with the repeats:
// a file whose key repeats on every line (hp26b 07) took minutes with two threads, seconds with one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Contract } from '../../shared/src/contract/types';
import { checkRange } from '../../shared/src/csv/parallel/checkRange';
import { KeyCoordinator } from '../../shared/src/csv/parallel/keyCoordinator';
import { checkFileInParallel, RangeThread } from '../../shared/src/csv/parallel/parallelCheck';
import { placeRepeats } from '../../shared/src/csv/parallel/placeRepeats';
import { validateCsvFile } from '../../shared/src/csv/validateFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-place-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CONTRACT: Contract = {
  files: ['*.csv'],
  headers: { id: {} },
  schema: { fields: [{ name: 'id', type: 'integer' }, { name: 'name' }, { name: 'note' }], primaryKey: ['id'] },
};

/** `rows` records whose id repeats every `distinct` rows; with `bad`, every 50th id is not an integer, a problem of its own. */
function writeRepeats(rows: number, distinct: number, bad: boolean): string {
  const file = path.join(dir, `r${rows}${bad}.csv`);
  const lines = Array.from({ length: rows }, (_, i) => `${bad && i % 50 === 49 ? 'x' : i % distinct},n${i},`);
  fs.writeFileSync(file, `id,name,note\n${lines.join('\n')}\n`);
  return file;
}

describe('placing repeated keys', () => {
  it('counts the repeats past the cap without checking their records again, however many there are', () => {
    const maxProblems = 10;
    // The repro's file: nothing but repeats (the range's own check hides nothing); and repeats among other problems.
    for (const [rows, bad] of [
      [20_000, false],
      [2_000, true],
      [20_000, true],
    ] as const) {
      const file = writeRepeats(rows, 100, bad);
      const job = { file, range: { index: 0, start: 0, end: fs.statSync(file).size, firstLine: 0 }, contract: CONTRACT, options: { maxProblems } };
      const result = checkRange(job);
      const repeats = new KeyCoordinator(rows).decide(result.keys);
      assert.ok(repeats.length / 3 > rows * 0.9, `${repeats.length / 3} repeats`);
      const counted = placeRepeats({ ...job, continueFrom: result.resumeFrom! }, result, repeats);
      // Records placed: the repeats not only counted. No more than the cap and the first hidden problem need a place.
      const placed = repeats.length / 3 - counted;
      assert.ok(placed <= maxProblems + 1, `${rows} rows: ${placed} repeats placed, ${counted} counted`);
    }
  });

  it('still reports what the one-thread check reports when most repeats are only counted', async () => {
    const here = (): RangeThread => ({ check: (job) => Promise.resolve(checkRange(job)), close: () => Promise.resolve() });
    for (const bad of [false, true]) {
      const file = writeRepeats(3_000, 7, bad);
      for (const maxProblems of [1, 5, 40, 1000]) {
        const parallel = await checkFileInParallel(file, CONTRACT, { maxProblems, threads: 2, rangeBytes: 4096, smallestFile: 0 }, here);
        assert.ok(parallel, 'checked in parallel');
        assert.deepEqual(parallel, await validateCsvFile(file, CONTRACT, { maxProblems }));
      }
    }
  });
});

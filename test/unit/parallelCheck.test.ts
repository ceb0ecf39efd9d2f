// The parallel check (ranges, a key coordinator) against the one-thread check of the same file: the same problems,
// rows, messages and counts, on random files cut at random places.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Contract } from '../../shared/src/contract/types';
import { checkRange } from '../../shared/src/csv/parallel/checkRange';
import { THREADS_PER_CORE } from '../../shared/src/csv/parallel/defaultThreads';
import { checkFileInParallel, RangeThread } from '../../shared/src/csv/parallel/parallelCheck';
import { validateCsvFile } from '../../shared/src/csv/validateFile';
import { fuzz } from '../support/fuzz';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-parallel-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Ranges checked in this thread, as the CLI's worker threads would (the same checkRange). */
const here = (): RangeThread => ({ check: (job) => Promise.resolve(checkRange(job)), close: () => Promise.resolve() });

const CONTRACT: Contract = {
  files: ['*.csv'],
  headers: { id: { type: 'integer', constraints: { unique: true } }, code: { constraints: { unique: true } }, n: { type: 'integer' } },
  schema: { fields: [{ name: 'day', type: 'date' }], primaryKey: ['code', 'day'], uniqueKeys: [['n', 'code']] },
};

let file = 0;
async function bothChecks(text: string, rangeBytes: number, maxProblems: number, threads = 2) {
  const csv = path.join(dir, `f${file++}.csv`);
  fs.writeFileSync(csv, text);
  const parallel = await checkFileInParallel(csv, CONTRACT, { maxProblems, threads, rangeBytes, smallestFile: 0 }, here);
  const single = await validateCsvFile(csv, CONTRACT, { maxProblems });
  fs.rmSync(csv);
  return { parallel, single };
}

/** Ids mostly in runs (1, 2, 3…), sometimes scattered or repeated: kept as runs and as digests both. */
const id = fc.oneof(
  { arbitrary: fc.constant('next'), weight: 6 },
  fc.integer({ min: 1, max: 60 }).map(String),
  fc.constantFrom('', 'x', '-0', '9007199254740993'),
);
const code = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'é', ''),
  fc.constantFrom('"q{nl}r"', '"q{nl}{nl}s"', '"x,y"', '"a""b"'),
  fc.string({ maxLength: 4 }),
);
const n = fc.oneof(fc.integer({ min: 0, max: 5 }).map(String), fc.constantFrom('', 'z'));
const day = fc.constantFrom('2024-01-01', '2024-01-02', '2024-02-30', '');
const record = fc.tuple(id, code, n, day, fc.constantFrom(0, 0, 0, 0, 1, -1));

const files = fc.record({
  records: fc.array(record, { maxLength: 60 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
  blankLines: fc.boolean(),
});

type Shape = typeof files extends fc.Arbitrary<infer T> ? T : never;

function writeFile({ records, crlf, bom, finalBreak, blankLines }: Shape): string {
  const nl = crlf ? '\r\n' : '\n';
  let next = 0;
  const lines = ['id,code,n,day'];
  for (const [idCell, codeCell, nCell, dayCell, ragged] of records) {
    // Quoted line breaks of the file's own kind: with mixed kinds, both checks give cell values that depend on where
    // the text is cut into pieces (withOneLineEnding looks at one piece), so they need not agree.
    const cells = [idCell === 'next' ? String(++next) : idCell, codeCell.replaceAll('{nl}', nl), nCell, dayCell];
    if (ragged === 1) cells.push('extra');
    if (ragged === -1) cells.pop();
    lines.push(cells.join(','));
    if (blankLines && next % 7 === 0) lines.push('');
  }
  return `${bom ? '\ufeff' : ''}${lines.join(nl)}${finalBreak ? nl : ''}`;
}

describe('parallel check', () => {
  it('reports what the one-thread check reports, on random files and cut points (repeats across cuts, quoted line breaks, CRLF, BOM)', async () => {
    let parallelRuns = 0;
    await fc.assert(
      fc.asyncProperty(files, fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 3, 7, 1000), async (shape, rangeBytes, maxProblems) => {
        const { parallel, single } = await bothChecks(writeFile(shape), rangeBytes, maxProblems);
        if (!parallel) return;
        parallelRuns++;
        assert.deepEqual(parallel, single);
      }),
      fuzz(300),
    );
    // Most files go the parallel way: the comparison above is not empty.
    assert.ok(parallelRuns > 200, `${parallelRuns} parallel runs`);
  });

  it('finds every repeated integer id across a cut, whether the first half kept it in a run or as a digest', async () => {
    // Ids 1…400 in order (runs), then 100 scattered ones (digests), then each of them again past the cut.
    const first = Array.from({ length: 400 }, (_, i) => i + 1);
    const scattered = Array.from({ length: 100 }, (_, i) => 100_000 + ((i * 7919) % 1000) * 3);
    const again = [...first.filter((i) => i % 5 === 0), ...scattered];
    const text = `id,code,n,day\n${[...first, ...scattered, ...again].map((i) => `${i},c${i},1,2024-01-01`).join('\n')}\n`;
    const { parallel, single } = await bothChecks(text, 4096, 10_000);
    assert.ok(parallel, 'checked in parallel');
    const repeats = parallel.problems.filter((p) => p.code === 'unique-error' && p.reason === 'unique' && p.message.includes(' in id '));
    assert.equal(repeats.length, again.length);
    assert.deepEqual(parallel, single);
  });

  it('starts no more threads than the file has ranges, or THREADS_PER_CORE per core, whatever it is asked (hp24 02)', async () => {
    const csv = path.join(dir, 'capped.csv');
    fs.writeFileSync(csv, `id,code,n,day\n${Array.from({ length: 3000 }, (_, i) => `${i},c${i},1,2024-01-01`).join('\n')}\n`);
    let started = 0;
    const counted = () => (started++, here());
    const rangeBytes = Math.ceil(fs.statSync(csv).size / 3);
    const parallel = await checkFileInParallel(csv, CONTRACT, { threads: 300, rangeBytes, smallestFile: 0 }, counted);
    assert.deepEqual(parallel, await validateCsvFile(csv, CONTRACT));
    assert.equal(started, Math.min(3, THREADS_PER_CORE * os.availableParallelism()));
  });

  it('checks a header-only file and a file smaller than a range as the one-thread check does', async () => {
    for (const text of ['id,code,n,day', 'id,code,n,day\r\n', '\ufeffid,code,n,day\n1,a,1,2024-01-01\n1,a,1,2024-01-01']) {
      const { parallel, single } = await bothChecks(text, 1 << 20, 1000);
      assert.deepEqual(parallel, single);
    }
  });
});

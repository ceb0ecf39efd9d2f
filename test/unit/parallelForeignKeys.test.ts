// Foreign keys read as the check goes (issue 27): the referencing keys that a parallel check's ranges collect give
// the very orphans, messages and counts of the one-thread check, and of the pass of its own that findOrphans makes,
// on random files cut at random places (orphans, nulls, "01" against an integer key, quoted line breaks, CRLF, BOM,
// the columns in any order).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Contract, ResolvedContract } from '../../shared/src/contract/types';
import { readReferencedKeys, textInput } from '../../shared/src/csv/foreignKeyCheck';
import { foreignKeyProblems } from '../../shared/src/csv/foreignKeys/foreignKeyProblems';
import { orphansFromDigests } from '../../shared/src/csv/foreignKeys/digestOrphans';
import { checkRange } from '../../shared/src/csv/parallel/checkRange';
import { checkFileInParallel, RangeThread } from '../../shared/src/csv/parallel/parallelCheck';
import { fileInput, validateCsvFile } from '../../shared/src/csv/validateFile';
import { fuzz } from '../support/fuzz';
import { WAREHOUSE_TARGET } from '../support/warehousePackage';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-parallel-fk-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const here = (): RangeThread => ({ check: (job) => Promise.resolve(checkRange(job)), close: () => Promise.resolve() });

/** `bay` is a string here and an integer where it refers: "01" is read as the key 1, "x" matches none. */
const CONTRACT: Contract = {
  files: ['*.csv'],
  schema: { fields: [{ name: 'id', type: 'integer' }, { name: 'site' }, { name: 'bay' }], missingValues: ['', 'NA'], primaryKey: ['id'] },
};
/**
 * The same key typed as it refers, each member within constraints of its own: the check's own values are the keys'
 * (not cast again), save where a cell breaks its constraint ("4", "9007199254740993") or a short row lacks it.
 */
const TYPED: Contract = {
  files: ['*.csv'],
  schema: {
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'site', constraints: { maxLength: 1 } },
      { name: 'bay', type: 'integer', constraints: { maximum: 3 } },
    ],
    missingValues: ['', 'NA'],
    primaryKey: ['id'],
  },
};
const TARGET = WAREHOUSE_TARGET;
const WAREHOUSES = `site,bay\n${['a', 'b', 'a\nb'].flatMap((site) => [1, 2, 3].map((bay) => `"${site}",${bay}`)).join('\n')}\n`;

const site = fc.constantFrom('a', 'b', 'c', '', 'NA', '"a"', '"a{nl}b"', '"x,y"');
const bay = fc.constantFrom('1', '2', '3', '4', '01', 'x', '', 'NA', ' 2', '9007199254740993');
const record = fc.tuple(site, bay, fc.constantFrom(0, 0, 0, 0, 1, -1));
/**
 * The columns in any order: a thread keeps the last check's ReferenceRules for the next one of the same contract,
 * header and keys (a range of the same file), so files that differ only in their header must each bind their own.
 */
const ORDERS = [
  [0, 1, 2],
  [2, 0, 1],
  [1, 2, 0],
];
const files = fc.record({
  records: fc.array(record, { maxLength: 60 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
  order: fc.constantFrom(...ORDERS),
});

function writeFile({
  records,
  crlf,
  bom,
  finalBreak,
  order,
}: {
  records: [string, string, number][];
  crlf: boolean;
  bom: boolean;
  finalBreak: boolean;
  order: number[];
}): string {
  const nl = crlf ? '\r\n' : '\n';
  const ordered = (cells: string[]) => order.map((c) => cells[c]);
  const lines = [ordered(['id', 'site', 'bay']).join(',')];
  records.forEach(([siteCell, bayCell, ragged], i) => {
    const cells = ordered([String(i + 1), siteCell.replaceAll('{nl}', nl), bayCell]);
    if (ragged === 1) cells.push('extra');
    if (ragged === -1) cells.pop();
    lines.push(cells.join(','));
  });
  return `${bom ? '\ufeff' : ''}${lines.join(nl)}${finalBreak ? nl : ''}`;
}

let serial = 0;
/**
 * The foreign key problems of a file four ways: from a parallel check's keys, a one-thread check's, and a pass of their
 * own; and from a parallel check given the referenced keys once `heldAfter` ranges are merged (ParallelOptions.heldKeys:
 * each range merged after is looked up then), whose listed orphans are worded as soon as they are known
 * (onOrphansListed), as the CLI does.
 */
async function threeWays(text: string, rangeBytes: number, maxProblems: number, contract = CONTRACT, heldAfter = 0) {
  const resolved = { contract, configPath: '/datapackage.json', index: 0, kind: 'data-package', foreignKeys: [TARGET] } as ResolvedContract;
  const csv = path.join(dir, `f${serial++}.csv`);
  fs.writeFileSync(csv, text);
  const keys = await readReferencedKeys([textInput('warehouses.csv', WAREHOUSES)], TARGET);
  const problems = (report?: { references?: Uint32Array[][]; delimiter?: string }, worded?: Awaited<ReturnType<typeof orphansFromDigests>>['orphans']) =>
    foreignKeyProblems(
      fileInput(csv),
      resolved,
      () => Promise.resolve(keys),
      maxProblems,
      (f) => f,
      report && {
        references: report.references!,
        delimiter: report.delimiter ?? ',',
        worded: [worded],
      },
    );
  const parallelReport = await checkFileInParallel(csv, contract, { maxProblems, threads: 2, rangeBytes, smallestFile: 0, referencing: [TARGET] }, here);
  let merges = 0;
  let early: Promise<Awaited<ReturnType<typeof orphansFromDigests>>> | undefined;
  const heldReport = await checkFileInParallel(
    csv,
    contract,
    {
      maxProblems,
      threads: 2,
      rangeBytes,
      smallestFile: 0,
      referencing: [TARGET],
      heldKeys: () => [merges++ >= heldAfter ? keys.index : undefined],
      onOrphansListed: (k, references, delimiter) => {
        assert.equal(early, undefined, 'the orphans are listed once');
        early = orphansFromDigests(fileInput(csv), contract, TARGET, keys, references, delimiter, maxProblems);
      },
    },
    here,
  );
  const singleReport = await validateCsvFile(csv, contract, { maxProblems, referencing: [TARGET] });
  const result = {
    held: heldReport && (await problems(heldReport, early && (await early).orphans)),
    earlyListed: early !== undefined,
    parallel: parallelReport && (await problems(parallelReport)),
    single: await problems(singleReport),
    ownPass: await problems(),
  };
  fs.rmSync(csv);
  return result;
}

describe('foreign keys read as the check goes', () => {
  it('give the one-thread check orphans, in file order, with the same messages and counts, on random files and cut points', async () => {
    let parallelRuns = 0;
    let orphans = 0;
    let listedEarly = 0;
    await fc.assert(
      fc.asyncProperty(
        files,
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(1, 2, 5, 1000),
        fc.integer({ min: 0, max: 6 }),
        async (shape, rangeBytes, maxProblems, heldAfter) => {
          const { parallel, single, ownPass, held, earlyListed } = await threeWays(writeFile(shape), rangeBytes, maxProblems, CONTRACT, heldAfter);
          assert.deepEqual(single, ownPass);
          if (!parallel) return;
          parallelRuns++;
          orphans += parallel.filed.length;
          if (earlyListed) listedEarly++;
          assert.deepEqual(parallel, single);
          assert.deepEqual(held, single);
        },
      ),
      fuzz(300),
    );
    // Most files go the parallel way and hold orphans, and some list them before the check ends: the comparisons are not empty.
    assert.ok(parallelRuns > 200 && orphans > 300 && listedEarly > 50, `${parallelRuns} parallel runs, ${orphans} orphans, ${listedEarly} listed early`);
  });

  it('give the same orphans when the check has typed the key members already (its values are taken, not cast again)', async () => {
    await fc.assert(
      fc.asyncProperty(files, fc.integer({ min: 1, max: 200 }), fc.constantFrom(1, 2, 5, 1000), async (shape, rangeBytes, maxProblems) => {
        const { parallel, single, ownPass, held } = await threeWays(writeFile(shape), rangeBytes, maxProblems, TYPED, 1);
        assert.deepEqual(single, ownPass);
        if (parallel) assert.deepEqual(parallel, single);
        if (held) assert.deepEqual(held, single);
      }),
      fuzz(300),
    );
  });
});

// A referenced file that cannot be read to its end (issue 27): cut short while its keys are read, or gone before,
// is one problem on the referencing file naming the file, the line it was read to and the fix, never an orphan for
// each key past that line (nor a problem filed on the contract file).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { fileStateOnDisk, readFromDisk } from '../../shared/src/contract/readFromDisk';
import { ResolvedContract } from '../../shared/src/contract/types';
import { CsvInput, readReferencedKeys } from '../../shared/src/csv/foreignKeyCheck';
import { foreignKeyProblems } from '../../shared/src/csv/foreignKeys/foreignKeyProblems';
import { fileInput } from '../../shared/src/csv/validateFile';
import { WAREHOUSE_RESOURCES } from '../support/warehousePackage';

/** 40,000 warehouses: some 600 KB, many 64 KB pieces, so that a cut at the first record leaves most of them unread. */
const BAYS = 40_000;
const WAREHOUSES = 'site,bay\n' + Array.from({ length: BAYS }, (_, i) => `WEST,${i + 1}\n`).join('');
/** Each parcel refers to a bay near the end of the file. */
const PARCELS = 'id,site,bay\n' + Array.from({ length: 50 }, (_, i) => `p${i},WEST,${BAYS - i}\n`).join('');

describe('a referenced file that cannot be read to its end', () => {
  let dir: string;
  let resolved: ResolvedContract;
  const warehouses = () => path.join(dir, 'warehouses.csv');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-fk-unreadable-'));
    fs.writeFileSync(path.join(dir, 'datapackage.json'), JSON.stringify({ resources: WAREHOUSE_RESOURCES }));
    fs.writeFileSync(path.join(dir, 'parcels.csv'), PARCELS);
    fs.writeFileSync(warehouses(), WAREHOUSES);
    const service = new ContractService({
      readText: (uri) => readFromDisk(uri.fsPath),
      fileState: (uri) => fileStateOnDisk(uri.fsPath),
      publishConfigProblems: () => undefined,
    });
    resolved = (await service.lookup(URI.file(path.join(dir, 'parcels.csv'))))!;
    assert.equal(resolved.foreignKeys?.length, 1);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The referencing file's foreign key problems, its referenced files read through `wrap`. */
  const problems = (wrap: (input: CsvInput) => CsvInput = (input) => input) =>
    foreignKeyProblems(
      fileInput(path.join(dir, 'parcels.csv')),
      resolved,
      (target) =>
        readReferencedKeys(
          target.files.map((f) => wrap(fileInput(URI.parse(f).fsPath))),
          target,
        ),
      1000,
      (file) => path.basename(file),
    );

  it('cut short while its keys are read: one error naming the file, the line it was read to and the fix', async () => {
    fs.writeFileSync(warehouses(), WAREHOUSES);
    let cut = false;
    // Cut to its header and first row as soon as the first row is read (a key-only read: onCells): the pieces after
    // the next are never there.
    const cutAtFirstRecord = (input: CsvInput): CsvInput => ({
      ...input,
      check: (contract, options) =>
        input.check(contract, {
          ...options,
          onCells: (...args) => {
            if (!cut) fs.truncateSync(warehouses(), 'site,bay\nWEST,1\n'.length);
            cut = true;
            options.onCells!(...args);
          },
        }),
    });
    const { filed, unlistedOrphans } = await problems(cutAtFirstRecord);
    assert.ok(cut);
    assert.equal(unlistedOrphans, 0);
    assert.equal(filed.length, 1, JSON.stringify(filed.map((f) => f.problem.message)));
    const [{ problem, declaredIn, ofFile }] = filed;
    assert.equal(declaredIn, undefined);
    assert.equal(ofFile, true);
    assert.equal(problem.code, 'foreign-key');
    assert.equal(problem.severity, 'error');
    const line = (problem.data as { line: number }).line;
    assert.ok(line > 2 && line < BAYS, `read to line ${line}`);
    assert.equal(
      problem.message,
      `Cannot check the foreign key (site, bay) against warehouses (site, bay): warehouses.csv could not be read from line ${line} on (cannot read ${warehouses()}: it was cut short while it was checked (something wrote to it); check it again once nothing writes to it). Check again once warehouses.csv can be read`,
    );
    assert.deepEqual(problem.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('gone before its keys are read: one error on the referencing file, from line 1', async () => {
    fs.rmSync(warehouses(), { force: true });
    const { filed } = await problems();
    assert.deepEqual(
      filed.map(({ problem, declaredIn }) => [declaredIn, problem.code, (problem.data as { reason: string; line: number }).line]),
      [[undefined, 'foreign-key', 1]],
    );
    assert.match(
      filed[0].problem.message,
      /^Cannot check the foreign key \(site, bay\) against warehouses \(site, bay\): warehouses\.csv could not be read from line 1 on \(ENOENT/,
    );
  });

  it('read whole, the same file has no problem: the parcels refer to keys it holds', async () => {
    fs.writeFileSync(warehouses(), WAREHOUSES);
    assert.deepEqual((await problems()).filed, []);
  });
});

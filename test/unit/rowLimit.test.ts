// Row numbers past 32 bits (issue 27): the key indexes keep rows in 32-bit words (UniqueIndex's slots, a foreign
// key's ReferenceDigests), where row 2^32 would wrap to 0 (an empty slot) and a repeat or an orphan would be placed
// on the wrong row or missed. Past the limit a check stops with a clear error instead; up to it, rows are exact.
// A file of 2^32 rows is some 8 GB at the least: a range that starts just before the limit stands for its end.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Contract } from '../../shared/src/contract/types';
import { ReferenceDigests } from '../../shared/src/csv/check/referenceDigests';
import { checkRange } from '../../shared/src/csv/parallel/checkRange';
import { UnreadableFileError } from '../../shared/src/csv/parallel/unreadableFile';
import { LAST_ROW, RowLimitError } from '../../shared/src/schema/rowLimit';
import { UniqueIndex } from '../../shared/src/schema/uniqueIndex';
import { WAREHOUSE_TARGET } from '../support/warehousePackage';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-row-limit-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the 32-bit row limit', () => {
  it('a foreign key keeps the last row a 32-bit word holds, and refuses the next', () => {
    const lists = new ReferenceDigests(4);
    lists.add(0, ['a', 1], LAST_ROW);
    assert.equal(lists.done()[0][0], LAST_ROW);
    assert.throws(() => lists.add(0, ['a', 2], LAST_ROW + 1), RowLimitError);
  });

  it('a uniqueness index finds a repeat on the last row, and refuses a key past it', () => {
    const index = new UniqueIndex(16);
    assert.equal(index.add('k', LAST_ROW), 0);
    assert.equal(index.add('k', 7), LAST_ROW);
    assert.throws(() => index.add('other', LAST_ROW + 1), RowLimitError);
    // Integers in runs keep their rows in doubles: no limit there.
    assert.equal(index.add(5, LAST_ROW + 10), 0);
    assert.equal(index.add(5, 3), LAST_ROW + 10);
  });

  it('a range that runs past the limit fails as a file that cannot be read, with the reason and the fix', () => {
    const file = path.join(dir, 'parcels.csv');
    const rows = 'id,site,bay\nx1,a,1\nx2,a,2\nx3,b,1\n';
    fs.writeFileSync(file, rows);
    const contract: Contract = {
      files: ['*.csv'],
      schema: { fields: [{ name: 'id' }, { name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['id'] },
    };
    const start = rows.indexOf('\n') + 1;
    const job = (firstLine: number) => ({
      file,
      range: { index: 1, start, end: rows.length, firstLine },
      contract,
      options: { maxProblems: 10 },
      continueFrom: { header: ['id', 'site', 'bay'], dialect: { delimiter: ',', newline: '\n' as const } },
      referencing: [WAREHOUSE_TARGET],
    });
    // Its three rows end on the last row a 32-bit word holds: exact.
    const within = checkRange(job(LAST_ROW - 3));
    assert.deepEqual(
      [...within.references![0][0]].filter((_, i) => i % 3 === 0),
      [LAST_ROW - 2, LAST_ROW - 1, LAST_ROW],
    );
    // One line further, the last row is 2^32.
    assert.throws(
      () => checkRange(job(LAST_ROW - 2)),
      (error: unknown) =>
        error instanceof UnreadableFileError &&
        error.message === `cannot read ${file}: it has more than 4,294,967,295 rows, the most one check can number; split it into files of fewer rows`,
    );
  });
});

// Issue 21 (h70): "repeats row N" named the first line that had a CSV's unique value, even when that line holds
// nothing: one rejected as the repeat of a row already in the table, and after --resume one the server refused (a
// CHECK) while a later line of the earlier run took the value. A repeat names a line that holds the value, or says
// "a row already in the table" when no line of this run put it there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, killIngestAfter, loadRejectsPath } from '../support/ingestFixtures';
import { rejectLines } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { UniqueEmailRow, writeUniqueEmailCsv } from '../support/uniqueEmailCsv';

const workspace = ingestWorkspace();

function database(before = '') {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sql(`CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20), v INT, CONSTRAINT v_pos CHECK (v > 0)); ${before}`, db.name);
  return db;
}

const filler = (from: number, count: number): UniqueEmailRow[] =>
  Array.from({ length: count }, (_, i) => [`f${from + i}`, `u${from + i}`, '1'] as UniqueEmailRow);

/** Each unique-error reject as its line and the holder it names: "row N" or "a row already in the table". */
const namedHolders = (rejectsFile: string) =>
  rejectLines(rejectsFile)
    .filter((r) => r.code === 'unique-error')
    .map((r) => [r.line, /repeats (row \d+|a row already in the table)/.exec(r.reason)?.[1]]);

describe('a repeat of a CSV unique value names a line that holds it', () => {
  // The table holds "a" before the load: line 2 repeats it and holds nothing; line 3 repeats that row, not line 2.
  // Line 4 is refused by the CHECK; line 40 takes "x", which line 41 repeats.
  const rows: UniqueEmailRow[] = [['b', 'a', '1'], ['c', 'a', '2'], ['d', 'x', '-1'], ...filler(0, 35), ['e', 'x', '5'], ['g', 'x', '6'], ['h', 'a', '7']];
  for (const onDuplicate of ['skip', 'error', 'update']) {
    for (const rangeBytes of [24, 1 << 20]) {
      it(`--on-duplicate ${onDuplicate}, ${rangeBytes === 24 ? 'many ranges, 2 workers' : 'one range'}`, () => {
        const db = database("INSERT INTO t VALUES ('p', 'a', 1)");
        const folder = path.join(workspace.dir, `holder-${onDuplicate}-${rangeBytes}`);
        const file = writeUniqueEmailCsv(folder, rows);
        const rejectsFile = path.join(folder, 'rejects.jsonl');
        const args = ['--table', 't', '--on-duplicate', onDuplicate, '--range-bytes', String(rangeBytes), '--workers', '2', '--rejects', rejectsFile];
        const result = ingest(file, db.url, args);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(namedHolders(rejectsFile), [
          [2, 'a row already in the table'],
          [3, 'a row already in the table'],
          [41, 'row 40'],
          [42, 'a row already in the table'],
        ]);
        db.cleanup();
      });
    }
  }

  it('after --resume: not the line the server refused, whose value a later line of the earlier run took', async () => {
    const db = database();
    const folder = path.join(workspace.dir, 'resume');
    // Line 2 is refused; line 3 takes "x" (it repeats line 2, so it loads in file order); line 604 repeats it.
    const file = writeUniqueEmailCsv(folder, [['k1', 'x', '-1'], ['k2', 'x', '2'], ...filler(0, 600), ['k9', 'x', '9']]);
    await killIngestAfter(file, db.url, 2, { rangeBytes: 256, mode: 'csv' });
    assert.ok(
      fs.readdirSync(folder).some((name) => name.endsWith('.loadline-checkpoint.json')),
      'killed mid-run: the checkpoint is there',
    );
    const result = ingest(file, db.url, ['--resume', '--range-bytes', '256']);
    assert.equal(result.status, 0, result.stderr);
    const rejects = namedHolders(loadRejectsPath(file));
    assert.equal(rejects.length, 1);
    assert.equal(rejects[0][0], 604);
    assert.ok(rejects[0][1] === 'row 3' || rejects[0][1] === 'a row already in the table', `line 604 names ${rejects[0][1]}`);
    db.cleanup();
  });
});

// Issue 21, F2 (h70): a CSV contract's unique column loaded into an existing table whose column folds (_ci, _ai,
// latin1 _ci) compared the file's values as written: "a" on one line and "A" on a later one (or "é" and "e") both
// loaded when the table had no UNIQUE index on the column, and were refused as the server's 1062 (no row named)
// when it had one. The rule is the column's own comparison: the first line in file order holds the value, every
// later one is its repeat, naming the line that holds it, across ranges and workers, under every onDuplicate.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { firstEqual } from '../support/serverCollation';
import { UniqueEmailRow, writeUniqueEmailCsv } from '../support/uniqueEmailCsv';

const workspace = ingestWorkspace();

type Row = UniqueEmailRow;
type OnDuplicate = 'skip' | 'error' | 'update';

/** Values these collations fold into earlier ones; a line the CHECK refuses (v <= 0) holds nothing; id 1 comes back. */
const RECORDS: Row[] = [
  ['1', 'a', '1'],
  ['2', 'ss', '2'],
  ['3', 'e', '3'],
  ['4', 'x', '-1'],
  ['5', 'b', '5'],
  ['6', 'A', '6'],
  ['7', 'ß', '7'],
  ['8', 'é', '8'],
  ['9', 'X', '9'],
  ['10', 'x', '10'],
  ['11', 'E', '11'],
  ['12', 'B ', '12'],
  ['13', 'Ä', '13'],
  ['1', 'zz', '14'],
  ['14', 'a', '15'],
];

/**
 * The file loaded line by line onto the table, first wins, values equal as the server says (`first`): what each line
 * became, and for a repeat of a value the line that holds it.
 */
function model(rows: Row[], first: number[], onDuplicate: OnDuplicate) {
  /** Each id in the table, with its value's class. */
  const table = new Map<string, { row: Row; value: number }>();
  /** Each class held, with the line of the row that holds it. */
  const held = new Map<number, { id: string; line: number }>();
  const rejects: [number, string][] = [];
  let duplicates = 0;
  rows.forEach((row, i) => {
    const [id, , v] = row;
    const line = i + 2;
    const value = first[i];
    const there = table.get(id);
    if (Number(v) <= 0) return rejects.push([line, 'server-rejected']);
    if (there && onDuplicate === 'skip') return duplicates++;
    if (there && onDuplicate === 'error') return rejects.push([line, 'duplicate-key']);
    const holder = held.get(value);
    if (holder && holder.id !== id) return rejects.push([line, `repeats row ${holder.line}`]);
    if (there) {
      duplicates++;
      held.delete(there.value);
    }
    table.set(id, { row, value });
    held.set(value, { id, line });
  });
  const rowsLeft = [...table.values()].map((t) => t.row).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { table: rowsLeft, rejects, duplicates };
}

describe('a CSV unique column compares values by its column collation, across ranges and workers', () => {
  for (const collation of ['utf8mb4_unicode_ci', 'utf8mb4_uca1400_ai_ci', 'latin1_swedish_ci']) {
    for (const index of [false, true]) {
      for (const onDuplicate of ['skip', 'error', 'update'] as const) {
        const name = `${collation}${index ? ', UNIQUE in the table' : ''}, --on-duplicate ${onDuplicate}`;
        it(name, () => {
          const db = workspace.database();
          sql(`CREATE DATABASE \`${db.name}\``);
          const charset = collation.split('_')[0];
          sql(
            `CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20) CHARACTER SET ${charset} COLLATE ${collation}${index ? ' UNIQUE' : ''},
             v INT, CONSTRAINT v_pos CHECK (v > 0))`,
            db.name,
          );
          const folder = path.join(workspace.dir, name.replace(/\W+/g, '-'));
          const file = writeUniqueEmailCsv(folder, RECORDS);
          const rejectsFile = path.join(folder, 'rejects.jsonl');
          const args = ['--table', 't', '--on-duplicate', onDuplicate, '--range-bytes', '24', '--workers', '2', '--rejects', rejectsFile];
          const result = ingest(file, db.url, args);
          assert.equal(result.status, 0, result.stderr);
          const expected = model(
            RECORDS,
            firstEqual(
              RECORDS.map((r) => r[1]),
              collation,
            ),
            onDuplicate,
          );
          const rejects = rejectLines(rejectsFile).map((r): [number, string] => {
            const repeat = /repeats row \d+/.exec(r.reason);
            return [r.line, r.code === 'unique-error' && repeat ? repeat[0] : r.code];
          });
          assert.deepEqual(rejects, expected.rejects);
          assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), expected.table);
          const report = result.report as Record<string, number>;
          const { inserted, updated, duplicates, rejected } = report;
          const loaded = expected.table.length;
          assert.deepEqual(
            { inserted, updated, duplicates, rejected },
            onDuplicate === 'update'
              ? { inserted: loaded, updated: expected.duplicates, duplicates: 0, rejected: expected.rejects.length }
              : { inserted: loaded, updated: 0, duplicates: expected.duplicates, rejected: expected.rejects.length },
          );
          db.cleanup();
        });
      }
    }
  }
});

describe('a CSV unique column whose character set the server cannot weigh exactly', () => {
  it('sjis: the load is refused before anything is written, naming the column and the fix', () => {
    const db = workspace.database();
    sql(`CREATE DATABASE \`${db.name}\``);
    sql('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20) CHARACTER SET sjis, v INT)', db.name);
    const file = writeUniqueEmailCsv(path.join(workspace.dir, 'sjis'), RECORDS);
    const result = ingest(file, db.url, ['--table', 't']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /t\.email is in sjis \(sjis_japanese_ci\), whose keys and unique values Loadline cannot compare as the server does; use a Unicode/,
    );
    assert.equal(sql('SELECT COUNT(*) FROM t', db.name).trim(), '0');
    db.cleanup();
  });
});

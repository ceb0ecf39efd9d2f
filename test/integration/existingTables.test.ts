import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSameCounts, ingestWorkspace } from '../support/ingestFixtures';

const { loadLines } = ingestWorkspace();

/** Loads `lines` into table `t`, made first by `ddl` (after `setup`). */
const load = (name: string, ddl: string, columns: Record<string, object>, lines: string[], select: string, args: string[] = [], setup = '') =>
  loadLines(name, { ddl: `${setup}${ddl}`, table: 't', columns, lines, select, args });

const refusal = (problem: string, table = problem.split(' ')[0]) =>
  [
    `loadline: the table ${table} cannot take this load, so nothing was loaded:`,
    `  ${problem}`,
    'Change the table or the mapping in .loadline.json, or load into a new --table.',
    '',
  ].join('\n');

describe('an existing table Loadline cannot load exactly is refused before anything is written', () => {
  // h41: a range the server skipped a row in is rolled back and reloaded in parts; these engines kept the first attempt's rows.
  for (const engine of ['MyISAM', 'MEMORY', 'Aria']) {
    it(`a ${engine} table is refused: it cannot roll back a range`, () => {
      const { result, rows, db } = load(
        `engine-${engine}`,
        `CREATE TABLE t (id INT PRIMARY KEY, qty INT, CONSTRAINT qty_pos CHECK (qty > 0)) ENGINE=${engine}`,
        { id: { from: 'id', type: 'integer' }, qty: { from: 'qty', type: 'integer' } },
        ['{"id":1,"qty":1}', '{"id":2,"qty":-1}', '{"id":3,"qty":1}', '{"id":1,"qty":5}'],
        'SELECT COUNT(*) FROM t',
      );
      assert.equal(result.status, 1);
      const table = `${db.name}.t`;
      assert.equal(
        result.stderr,
        refusal(`${table} uses the ${engine} engine, which cannot roll back a range; ALTER TABLE ${table} ENGINE=InnoDB, or load into an InnoDB table`),
      );
      assert.deepEqual(rows, [['0']]);
    });
  }

  it("a column type is named as declared: ENUM('a','b'), not ENUM('A','B')", () => {
    const { result, db } = load(
      'enum',
      "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b'))",
      { id: { from: 'id', type: 'integer' }, e: { from: 'e', type: 'integer' } },
      ['{"id":1,"e":1}'],
      'SELECT 1',
    );
    assert.equal(result.status, 1);
    assert.equal(result.stderr, refusal(`${db.name}.t.e is ENUM('a','b'), which cannot hold the mapping's integer values`, `${db.name}.t`));
  });

  it('a view is refused as a view, not for its keys', () => {
    const { result, rows, db } = load(
      'view',
      'CREATE VIEW t AS SELECT * FROM base',
      { id: { from: 'id', type: 'integer' } },
      ['{"id":1}'],
      'SELECT COUNT(*) FROM base',
      [],
      'CREATE TABLE base (id INT PRIMARY KEY); ',
    );
    assert.equal(result.status, 1);
    assert.equal(result.stderr, refusal(`${db.name}.t is a view; load into its base table`));
    assert.deepEqual(rows, [['0']]);
  });

  it('a sequence is refused as a sequence, not for its NOT NULL columns', () => {
    const { result, db } = load('sequence', 'CREATE SEQUENCE t', { id: { from: 'n', type: 'integer' } }, ['{"n":5}'], 'SELECT 1');
    assert.equal(result.status, 1);
    assert.equal(result.stderr, refusal(`${db.name}.t is a sequence; load into a table`));
  });
});

describe('a FLOAT key compares by the 32-bit float the column stores', () => {
  // h41: 0.1 and 0.100000001 are one FLOAT; the repeat was a 1062 "server-rejected", not a duplicate-key.
  const lines = ['{"id":0.1,"v":1}', '{"id":16777217,"v":2}', '{"id":0.100000001,"v":3}', '{"id":16777216,"v":4}', '{"id":2.5,"v":5}'];
  const columns = { id: { from: 'id', type: 'number' }, v: { from: 'v', type: 'integer' } };
  for (const ranges of [[], ['--range-bytes', '20', '--workers', '2']]) {
    const across = ranges.length > 0 ? ', one line per range' : '';
    it(`onDuplicate error: the later line is a duplicate-key naming the first${across}`, () => {
      const { result, rows, rejected } = load(
        `float-error${ranges.length}`,
        'CREATE TABLE t (id FLOAT PRIMARY KEY, v INT)',
        columns,
        lines,
        'SELECT v FROM t ORDER BY id',
        ['--on-duplicate', 'error', ...ranges],
      );
      assert.equal(result.status, 0, result.stderr);
      assertSameCounts(result.report!, { lines: 5, inserted: 3, duplicates: 0, rejected: 2, blank: 0 });
      assert.deepEqual(rows, [['1'], ['5'], ['2']]);
      assert.deepEqual(rejected, [
        [3, 'duplicate key id "0.100000001": the first one is line 1'],
        [4, 'duplicate key id "16777216": the first one is line 2'],
      ]);
    });
  }
});

describe("a value is measured in its column's character set", () => {
  // h41: 255 × é is 255 bytes in latin1 (510 in UTF-8), and a latin1 TINYTEXT holds it.
  it('a latin1 TINYTEXT takes 255 characters of é, and refuses 256', () => {
    const e = 'é'.repeat(255);
    const { result, rows, rejected } = load(
      'latin1-bytes',
      'CREATE TABLE t (id INT PRIMARY KEY, tx TINYTEXT CHARACTER SET latin1 NULL)',
      { id: { from: 'id', type: 'integer' }, tx: { from: 'tx' } },
      [JSON.stringify({ id: 1, tx: e }), JSON.stringify({ id: 2, tx: `${e}é` })],
      'SELECT id, CHAR_LENGTH(tx), tx = CONVERT(REPEAT(_utf8mb4 0xC3A9, 255) USING latin1) FROM t',
    );
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rows, [['1', '255', '1']]);
    assert.deepEqual(rejected, [[2, 'tx is 256 bytes, more than tx holds (255)']]);
  });
});

describe('a mapped NOT NULL column that a line leaves out', () => {
  // hp21c M4: the server's 1048 was the whole reason; the table's DEFAULT applies only to a column left unmapped.
  it("is refused by the server with the fix: a default in the mapping, or the table's own DEFAULT where it has one", () => {
    const { result, rows, rejected } = load(
      'not-null-default',
      'CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL DEFAULT 5)',
      { id: { from: 'id', type: 'integer' }, n: { from: 'n', type: 'integer' } },
      ['{"id":1,"n":1}', '{"id":2}'],
      'SELECT id, n FROM t',
    );
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rows, [['1', '1']]);
    assert.deepEqual(rejected, [
      [
        2,
        "the server refused the row (error 1048): Column 'n' cannot be null; " +
          'give that column a "default" in the mapping, or, if the table gives it a DEFAULT, leave it out of the mapping',
      ],
    ]);
  });
});

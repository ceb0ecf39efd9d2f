// onDuplicate "update" updates the row holding the key in place. REPLACE (a DELETE and an INSERT) deleted the row's
// ON DELETE CASCADE children, moved its AUTO_INCREMENT value, reset the columns the mapping does not fill, and
// counted a line identical to its row as inserted. Checked on both write methods, with and without a child table
// (a table that foreign keys reference makes REPLACE delete and insert; one without lets it update), and by a
// dry run, against a model written here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findMapping } from '../../shared/src/ingest/source/findMapping';
import { stopPartWay, ingest, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { assertLoadMatches, ExpectedLoad, sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const workspace = ingestWorkspace();

/** `note` and `n` are not mapped: an update keeps both. `qty_pos` refuses a line of the update path. */
const ORDERS =
  "CREATE TABLE orders (id VARCHAR(20) PRIMARY KEY, qty INT, note VARCHAR(20) NOT NULL DEFAULT 'unset', " +
  'n BIGINT NOT NULL AUTO_INCREMENT, KEY (n), CONSTRAINT qty_pos CHECK (qty > 0)) ENGINE=InnoDB';
const ITEMS =
  'CREATE TABLE items (item INT PRIMARY KEY, order_id VARCHAR(20) NOT NULL, FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE) ENGINE=InnoDB';

type Line = { id: string; qty: number } | string;

const LINES: Line[] = [
  { id: 'a', qty: 1 }, // the stored row's values: updated, not inserted
  { id: 'b', qty: 20 },
  { id: 'd', qty: 4 },
  '',
  { id: 'c', qty: 0 }, // refused by qty_pos: c keeps its row
  { id: 'd', qty: 4 }, // line 3 again: updated
  { id: 'b', qty: 21 }, // the last line of a key wins
  '{"id": broken',
];

/** Every row there before the load keeps its note, its n and its child; d is new, with the defaults. */
const EXPECTED_ROWS = [
  ['a', '1', 'kept-a', '1'],
  ['b', '21', 'kept-b', '2'],
  ['c', '3', 'kept-c', '3'],
  ['d', '4', 'unset', 'new'],
];

const REAL: ExpectedLoad = {
  counts: { lines: 8, inserted: 1, updated: 4, duplicates: 0, rejected: 2, blank: 1 },
  rejects: new Map([
    [5, 'server'],
    [8, 'parse'],
  ]),
};

/** A dry run has no table: a, b, c and d are new, and only the file's own repeats update. */
const DRY: ExpectedLoad = {
  counts: { lines: 8, inserted: 4, updated: 2, duplicates: 0, rejected: 1, blank: 1 },
  rejects: new Map([[8, 'parse']]),
};

function database(withChildren: boolean) {
  const db = workspace.database();
  const children = withChildren ? `${ITEMS}; INSERT INTO items VALUES (10, 'a'), (11, 'b'), (12, 'c');` : '';
  sql(
    `CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; ${ORDERS}; ` +
      `INSERT INTO orders (id, qty, note) VALUES ('a', 1, 'kept-a'), ('b', 2, 'kept-b'), ('c', 3, 'kept-c'); ${children}`,
  );
  return db;
}

function project(name: string, lines: Line[]): string {
  const mapping = {
    ingest: [
      {
        name: 'orders',
        files: ['*.jsonl'],
        table: 'orders',
        key: 'id',
        onDuplicate: 'update',
        columns: { id: { from: 'id', type: 'string', required: true }, qty: { from: 'qty', type: 'integer' } },
      },
    ],
  };
  return writeMappedLog(path.join(workspace.dir, name), mapping, lines);
}

/** The table's rows; a row's `n` is 'new' when the load gave it one (a rolled-back attempt may have used some). */
function orderRows(db: string): string[][] {
  return sortedRows<string[]>('SELECT id, qty, note, n FROM orders', db).map(([id, qty, note, n]) => [id, qty, note, Number(n) > 3 ? 'new' : n]);
}

const SERVER_WORDS = [/error 4025\b.*qty_pos/];

describe('onDuplicate "update" updates rows in place', () => {
  for (const method of ['infile', 'insert'] as const) {
    for (const withChildren of [true, false]) {
      it(`--method ${method}, ${withChildren ? 'a table with ON DELETE CASCADE children' : 'a table without children'}: rows keep their children, AUTO_INCREMENT and unmapped columns`, () => {
        const db = database(withChildren);
        const file = project(`${method}-${withChildren ? 'children' : 'alone'}`, LINES);
        const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
        const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(orderRows(db.name), EXPECTED_ROWS);
        if (withChildren)
          assert.deepEqual(sortedRows('SELECT order_id, item FROM items', db.name), [
            ['a', '10'],
            ['b', '11'],
            ['c', '12'],
          ]);
        assertLoadMatches(result.report, rejectsFile, file, REAL, SERVER_WORDS);
        const dryRejects = path.join(path.dirname(file), 'dry-rejects.jsonl');
        const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', dryRejects]);
        assert.equal(dry.status, 0, dry.stderr);
        assertLoadMatches(JSON.parse(dry.stdout) as Record<string, unknown>, dryRejects, file, DRY, SERVER_WORDS);
      });
    }
  }

  for (const method of ['infile', 'insert'] as const) {
    it(`--method ${method}: a line identical to its row counts as updated, not inserted (a table of mapped columns only)`, () => {
      // No unmapped column and no child: REPLACE updated such a row itself, and counted an unchanged one as inserted.
      const db = workspace.database();
      sql(
        `CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; CREATE TABLE orders (id VARCHAR(20) PRIMARY KEY, qty INT); INSERT INTO orders VALUES ('a', 1), ('b', 2);`,
      );
      const lines: Line[] = [
        { id: 'a', qty: 1 },
        { id: 'b', qty: 3 },
        { id: 'e', qty: 5 },
        { id: 'e', qty: 5 },
      ];
      const file = project(`identical-${method}`, lines);
      const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
      const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(sortedRows('SELECT id, qty FROM orders', db.name), [
        ['a', '1'],
        ['b', '3'],
        ['e', '5'],
      ]);
      const counts = { lines: 4, inserted: 1, updated: 3, duplicates: 0, rejected: 0, blank: 0 };
      assertLoadMatches(result.report, rejectsFile, file, { counts, rejects: new Map() }, []);
      const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', path.join(path.dirname(file), 'dry-rejects.jsonl')]);
      assert.equal(dry.status, 0, dry.stderr);
      const dryCounts = { lines: 4, inserted: 3, updated: 1, duplicates: 0, rejected: 0, blank: 0 };
      assertLoadMatches(JSON.parse(dry.stdout) as Record<string, unknown>, rejectsFile, file, { counts: dryCounts, rejects: new Map() }, []);
    });
  }

  it('a second run of the same file updates every row to what it holds: all lines updated, nothing inserted', () => {
    const db = database(true);
    const file = project('again', LINES);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    assert.equal(ingest(file, db.url, ['--rejects', rejectsFile]).status, 0);
    // Moved aside: a run writes only a rejects file it creates, never one left before it, even emptied.
    fs.renameSync(rejectsFile, `${rejectsFile}.first`);
    const again = ingest(file, db.url, ['--rejects', rejectsFile]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(orderRows(db.name), EXPECTED_ROWS);
    assertLoadMatches(again.report, rejectsFile, file, { ...REAL, counts: { ...REAL.counts, inserted: 0, updated: 5 } }, SERVER_WORDS);
  });

  it('--resume after a cancel neither loses nor doubles an update, an insert or a reject', async () => {
    const lines: Line[] = [];
    for (let i = 0; i < 300; i++) {
      const id = ['a', 'b', 'c'][i % 3] ?? '';
      if (i % 10 === 9) lines.push({ id: `k${String(i).padStart(4, '0')}`, qty: 0 });
      else if (i % 4 === 0) lines.push({ id, qty: i + 1 });
      else lines.push({ id: `k${String(i).padStart(4, '0')}`, qty: i + 1 });
    }
    const db = database(true);
    const file = project('resume', lines);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const { mapping } = await findMapping(file);
    const rangeBytes = 512;
    const first = await ingestInProcess(file, db.url, { mapping, rangeBytes, rejectsFile, workers: 2, method: 'insert', ...stopPartWay(3) });
    assert.equal(first.cancelled, true, 'the first run stops part-way');
    // The stop may come before the first range with rejects committed: then there is no file yet.
    if (fs.existsSync(rejectsFile)) fs.truncateSync(rejectsFile, 0);
    const result = ingest(file, db.url, ['--resume', '--range-bytes', String(rangeBytes), '--rejects', rejectsFile, '--method', 'insert']);
    assert.equal(result.status, 0, result.stderr);
    // The last line of each of a, b and c wins (a range that shares a key with an earlier one waits for it).
    const last = new Map<string, number>();
    lines.forEach((l) => typeof l !== 'string' && l.qty > 0 && last.set(l.id, l.qty));
    const expected = [...last].map(([id, qty]) => [
      id,
      String(qty),
      { a: 'kept-a', b: 'kept-b', c: 'kept-c' }[id] ?? 'unset',
      { a: '1', b: '2', c: '3' }[id] ?? 'new',
    ]);
    assert.deepEqual(
      orderRows(db.name),
      expected.sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    );
    assert.deepEqual(sortedRows('SELECT order_id, item FROM items', db.name), [
      ['a', '10'],
      ['b', '11'],
      ['c', '12'],
    ]);
    const refused = lines.flatMap((l, i) => (typeof l !== 'string' && l.qty === 0 ? [i + 1] : []));
    const updates = lines.filter((l) => typeof l !== 'string' && ['a', 'b', 'c'].includes(l.id)).length;
    const counts = { lines: 300, inserted: 300 - refused.length - updates, updated: updates, duplicates: 0, rejected: refused.length, blank: 0 };
    assertLoadMatches(result.report, rejectsFile, file, { counts, rejects: new Map(refused.map((l) => [l, 'server'])) }, SERVER_WORDS);
  });
});

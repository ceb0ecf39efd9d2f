// Issue 21, gap 1 of the last probe (h34, not fixed yet): a CSV contract's unique column counts the value of a line
// that the server refused (a CHECK) or the parse rejected (a type error) as the first, so the next valid line with
// that value is rejected as its repeat ("repeats row N", N never loaded) and is lost, exit 0. The model: a repeat is
// one only of a value that is in the table; when the first line is refused, the next one takes its place.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { UniqueEmailRow, writeUniqueEmailCsv } from '../support/uniqueEmailCsv';

const workspace = ingestWorkspace();

type Row = UniqueEmailRow;

/** First lines the CHECK refuses or the parse rejects, each value repeated in the same range and after filler. */
function records(): Row[] {
  const out: Row[] = [
    ['a', 'x', '-1'],
    ['b', 'x', '1'],
    ['d', 'z', 'q'],
    ['e', 'z', '3'],
    ['h', 'w', '-2'],
  ];
  for (let i = 0; i < 200; i++) out.push([`f${String(i).padStart(3, '0')}`, `u${i}`, String(i + 1)]);
  out.push(['k', 'w', '5'], ['m', 'x', '6'], ['n', 'w', '7']);
  return out;
}

/** Lines refused hold no value: the first line whose row the table takes holds it; later ones are its repeats. */
function model(rows: Row[]) {
  const held = new Set<string>();
  const table: Row[] = [];
  const rejects: number[] = [];
  rows.forEach((row, i) => {
    const [, email, v] = row;
    if (held.has(email) || !/^-?\d+$/.test(v) || Number(v) <= 0) rejects.push(i + 2);
    else {
      held.add(email);
      table.push(row);
    }
  });
  return { table: table.sort((a, b) => (a[0] < b[0] ? -1 : 1)), rejects };
}

function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sql('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20) UNIQUE, v INT, CONSTRAINT v_pos CHECK (v > 0))', db.name);
  return db;
}

describe('a CSV unique column: a line refused by the server or the parse holds no value', () => {
  for (const onDuplicate of ['skip', 'error', 'update']) {
    for (const [method, rangeBytes] of [
      ['infile', 256],
      ['insert', 1 << 20],
    ] as const) {
      const name = `--on-duplicate ${onDuplicate} --method ${method}, ${rangeBytes === 256 ? 'many ranges' : 'one range'}`;
      it(name, () => {
        const db = database();
        const folder = path.join(workspace.dir, name.replace(/\W+/g, '-'));
        const file = writeUniqueEmailCsv(folder, records());
        const rejectsFile = path.join(folder, 'rejects.jsonl');
        const args = ['--table', 't', '--on-duplicate', onDuplicate, '--method', method, '--range-bytes', String(rangeBytes)];
        const result = ingest(file, db.url, [...args, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        const expected = model(records());
        assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), expected.table);
        assert.deepEqual(
          rejectLines(rejectsFile).map((r) => r.line),
          expected.rejects,
        );
      });
    }
  }
});

// hp21f F1: under onDuplicate "update", a later range that updates the rows holding values (frees them) committed
// while earlier ranges repeating those values still waited, so those lines took the freed values, exit 0.
describe('a CSV unique column under update: a later range that frees a value loads after the earlier ranges', () => {
  for (const method of ['infile', 'insert']) {
    it(`--method ${method}, --workers 4`, () => {
      const db = workspace.database();
      sql(`CREATE DATABASE \`${db.name}\``);
      const folder = path.join(workspace.dir, `frees-${method}`);
      const n = 1000;
      const block = (key: (j: number) => number, value: string) =>
        Array.from({ length: n }, (_, j) => `${String(key(j + 1)).padStart(7, '0')},${value}${String(j + 1).padStart(7, '0')},1\n`).join('');
      // Keys j hold v_j; new keys repeat v_j (rejected, twice); then keys j move to w_j, freeing v_j for later lines only.
      const blocks = [block((j) => j, 'v'), block((j) => 7000000 + j, 'v'), block((j) => 5000000 + j, 'v'), block((j) => j, 'w')];
      const file = writeUniqueEmailCsv(folder, blocks.join(''));
      const rejectsFile = path.join(folder, 'rejects.jsonl');
      const args = ['--table', 't', '--on-duplicate', 'update', '--method', method, '--workers', '4', '--range-bytes', String(blocks[0].length)];
      const result = ingest(file, db.url, [...args, '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      const report = result.report as Record<string, number>;
      assert.deepEqual({ inserted: report.inserted, updated: report.updated, rejected: report.rejected }, { inserted: n, updated: n, rejected: 2 * n });
      assert.equal(sql("SELECT COUNT(*) FROM t WHERE email LIKE 'w%'", db.name).trim(), String(n));
      assert.equal(sql('SELECT COUNT(*) FROM t', db.name).trim(), String(n));
      db.cleanup();
    });
  }
});

// hp21f F4: a value a row of the table held before the load blocked a line only when an earlier line of the file
// also had it; otherwise the line loaded. The table's row holds it either way.
describe('a CSV unique column: a value a row of the table held before the load is held, whatever the file had before', () => {
  for (const onDuplicate of ['skip', 'error', 'update']) {
    for (const earlier of [false, true]) {
      it(`--on-duplicate ${onDuplicate}, ${earlier ? 'after' : 'without'} an earlier line with the value`, () => {
        const db = workspace.database();
        sql(`CREATE DATABASE \`${db.name}\``);
        sql("CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20), v INT); INSERT INTO t VALUES ('p', 'a', 1)", db.name);
        const folder = path.join(workspace.dir, `held-${onDuplicate}-${earlier}`);
        // The earlier line repeats key b: a duplicate or a reject, it holds nothing.
        const file = writeUniqueEmailCsv(folder, `b,z,1\n${earlier ? 'b,a,2\n' : ''}c,a,3\n`);
        const rejectsFile = path.join(folder, 'rejects.jsonl');
        const result = ingest(file, db.url, ['--table', 't', '--on-duplicate', onDuplicate, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), [
          ['b', 'z', '1'],
          ['p', 'a', '1'],
        ]);
        const rejects = rejectLines(rejectsFile);
        assert.deepEqual(
          rejects.map((r) => r.line),
          earlier && onDuplicate !== 'skip' ? [3, 4] : [earlier ? 4 : 3],
        );
        if (!earlier) assert.match(String(rejects[0].reason), /repeats a row already in the table/);
        db.cleanup();
      });
    }
  }
});

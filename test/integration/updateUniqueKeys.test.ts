// onDuplicate "update" on a table with a UNIQUE key besides the mapping's: REPLACE would delete the other row that
// holds a repeated value of that key and count it as an update. Each row must instead update the row of its key,
// or be inserted, and a repeat on the other key is a reject naming that index. Checked against a model of the table.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findMapping } from '../../shared/src/ingest/source/findMapping';
import { stopPartWay, ingest, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { assertLoadMatches, compareRows, rejectLines, sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const workspace = ingestWorkspace();
const { dir } = workspace;

/** `note` is not mapped: an update keeps it, as an UPDATE does (REPLACE would reset it). */
const DDL = 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v VARCHAR(20), note INT NOT NULL DEFAULT 7, UNIQUE KEY v_unique (v))';

type Event = { id: string; v?: string };
type Line = Event | string;
type Row = [id: string, v: string, note: string];

function database(existing: Row[]) {
  const db = workspace.database();
  const values = existing.map(([id, v, note]) => `('${id}', '${v}', ${note})`).join(', ');
  sql(`CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; ${DDL}; ${existing.length ? `INSERT INTO t VALUES ${values};` : ''}`);
  return db;
}

interface Model {
  rows: Row[];
  counts: { lines: number; inserted: number; updated: number; duplicates: number; rejected: number; blank: number };
  /** Line → 'parse' or 'server'. */
  rejects: Map<number, 'parse' | 'server'>;
}

/**
 * What the load keeps, in file order (a table with other UNIQUE keys takes a range's rows as written): a row whose key is there
 * updates that row, else it is inserted; either is refused when another row holds its `v` (a NULL repeats nothing).
 * `serverKnows` false models a dry run, which has no table.
 */
function model(existing: Row[], lines: Line[], serverKnows = true): Model {
  const counts = { lines: lines.length, inserted: 0, updated: 0, duplicates: 0, rejected: 0, blank: 0 };
  const rejects = new Map<number, 'parse' | 'server'>();
  const rows: { line: number; e: Event }[] = [];
  lines.forEach((l, i) => {
    if (l === '') counts.blank++;
    else if (typeof l === 'string') rejects.set(i + 1, 'parse');
    else rows.push({ line: i + 1, e: l });
  });
  const table = new Map(existing.map((r) => [r[0], r]));
  for (const { line, e } of rows) {
    const v = e.v ?? 'NULL';
    const taken = serverKnows && e.v !== undefined && [...table.values()].some((r) => r[1] === v && r[0] !== e.id);
    const old = table.get(e.id);
    if (taken) rejects.set(line, 'server');
    else {
      table.set(e.id, [e.id, v, old ? old[2] : '7']);
      if (old) counts.updated++;
      else counts.inserted++;
    }
  }
  counts.rejected = rejects.size;
  return { rows: [...table.values()].sort(compareRows), counts, rejects };
}

function project(name: string, lines: Line[]): string {
  const folder = path.join(dir, name);
  const mapping = {
    ingest: [
      {
        name: 'updates',
        files: ['*.jsonl'],
        table: 't',
        key: 'id',
        onDuplicate: 'update',
        columns: { id: { from: 'id', type: 'string', required: true }, v: { from: 'v', type: 'string' } },
      },
    ],
  };
  return writeMappedLog(folder, mapping, lines);
}

const tableRows = (db: string) => sortedRows<Row>('SELECT id, v, note FROM t', db);

function assertMatches(report: Record<string, unknown> | undefined, rejectsFile: string, file: string, expected: Model): void {
  assertLoadMatches(report, rejectsFile, file, expected, [/error 1062\b.*for key 'v_unique'/]);
}

const EXISTING: Row[] = [
  ['old1', 'x', '1'],
  ['old2', 'm', '2'],
];

/** New keys and existing ones, each taking a free value or one another row holds (before or after it in the file). */
const LINES: Line[] = [
  { id: 'a', v: 'x' },
  { id: 'b', v: 'y' },
  { id: 'old2', v: 'n' },
  '',
  { id: 'c', v: 'y' },
  { id: 'b', v: 'z' },
  '{"id": broken',
  { id: 'old1', v: 'm' },
  { id: 'd', v: 'w' },
  { id: 'e', v: 'n' },
  { id: 'f' },
  { id: 'g' },
  { id: 'a', v: 'q' },
];

describe('onDuplicate "update" on a table with another UNIQUE key', () => {
  for (const method of ['infile', 'insert'] as const) {
    it(`--method ${method}: no row is lost; a repeat of the other key is a reject naming it`, () => {
      const db = database(EXISTING);
      const file = project(`update-${method}`, LINES);
      const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
      const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      const expected = model(EXISTING, LINES);
      assert.deepEqual(tableRows(db.name), expected.rows);
      assertMatches(result.report, rejectsFile, file, expected);
      // A dry run has no table: it predicts the file's own lines, and only the real run refuses more.
      const dryRejects = path.join(path.dirname(file), 'dry-rejects.jsonl');
      const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', dryRejects]);
      assert.equal(dry.status, 0, dry.stderr);
      assertMatches(JSON.parse(dry.stdout) as Record<string, unknown>, dryRejects, file, model([], LINES, false));
    });
  }

  for (const method of ['infile', 'insert'] as const) {
    it(`a CSV through its contract, --on-duplicate update, --method ${method}: the same rule`, () => {
      const db = workspace.database();
      sql(
        `CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(50), UNIQUE KEY email_unique (email)); INSERT INTO people VALUES (1, 'a@x'), (2, 'b@x');`,
      );
      const folder = path.join(dir, `csv-${method}`);
      fs.mkdirSync(folder, { recursive: true });
      const contract = {
        contracts: [{ files: ['*.csv'], headers: { id: { type: 'integer', required: true }, email: {} }, schema: { fields: [], primaryKey: 'id' } }],
      };
      fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(contract));
      const file = path.join(folder, 'people.csv');
      // In key order: 1 gives up a@x, so 2 may take it; 3 may not, as 2 holds it by then.
      fs.writeFileSync(file, 'id,email\n3,a@x\n1,c@x\n2,a@x\n4,d@x\n');
      const rejectsFile = path.join(folder, 'rejects.jsonl');
      const result = ingest(file, db.url, ['--on-duplicate', 'update', '--method', method, '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(sql('SELECT id, email FROM people ORDER BY id', db.name).trim().split('\n'), ['1\tc@x', '2\ta@x', '4\td@x']);
      for (const [key, value] of Object.entries({ lines: 4, inserted: 1, updated: 2, duplicates: 0, rejected: 1, blank: 0 }))
        assert.equal(result.report?.[key], value, key);
      assert.equal(result.report?.balanced, true);
      const rejects = rejectLines(rejectsFile);
      assert.deepEqual(
        rejects.map((r) => [r.line, r.code, r.text]),
        [[2, 'server-rejected', '3,a@x']],
      );
      assert.match(rejects[0].reason, /error 1062\b.*for key 'email_unique'/);
    });
  }

  it('--resume neither loses nor doubles a row, an update or a reject of ranges committed before', async () => {
    const existing: Row[] = [];
    for (let i = 0; i < 50; i++) existing.push([`old${String(i).padStart(4, '0')}`, `v${i}`, String(i)]);
    // Repeats of the other key only of values that rows there before the run keep (old0025…old0049): ranges load in
    // parallel, so a repeat of a value that another range moves would depend on which range commits first.
    const lines: Line[] = [];
    for (let i = 0; i < 400; i++) {
      if (i % 9 === 4) lines.push({ id: `old${String(i % 25).padStart(4, '0')}`, v: `n${i}` });
      else if (i % 7 === 3) lines.push({ id: `k${String(i).padStart(4, '0')}`, v: `v${25 + (i % 25)}` });
      else lines.push({ id: `k${String(i).padStart(4, '0')}`, v: `u${i}` });
    }
    const db = database(existing);
    const file = project('resume', lines);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const { mapping } = await findMapping(file);
    const rangeBytes = 1024;
    const first = await ingestInProcess(file, db.url, { mapping, rangeBytes, rejectsFile, workers: 2, method: 'insert', ...stopPartWay(3) });
    assert.equal(first.cancelled, true, 'the first run stops part-way');
    // The stop may come before the first range with rejects committed: then there is no file yet.
    if (fs.existsSync(rejectsFile)) fs.truncateSync(rejectsFile, 0);
    const result = ingest(file, db.url, ['--resume', '--range-bytes', String(rangeBytes), '--rejects', rejectsFile, '--method', 'insert']);
    assert.equal(result.status, 0, result.stderr);
    const expected = model(existing, lines);
    assert.deepEqual(tableRows(db.name), expected.rows);
    assertMatches(result.report, rejectsFile, file, expected);
  });
});

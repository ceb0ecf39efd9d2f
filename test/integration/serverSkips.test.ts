// Rows the server skips or refuses for another reason than a repeat of the mapping's key (a CHECK, a foreign
// key, a partition, JSON_VALID's depth, a second UNIQUE key): each is a reject with its line and the server's
// words, never a duplicate. Every case is checked against a model of the table and the report written here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findMapping } from '../../shared/src/ingest/source/findMapping';
import { stopPartWay, ingest, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { assertLoadMatches, compareRows, rejectLines, sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql, sqlScript } from '../support/mariadb';
import { runCli } from '../support/run';

const workspace = ingestWorkspace();
const { dir } = workspace;

/** A fresh database holding the tables of `ddl`. */
function database(ddl: string) {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sqlScript(ddl, db.name);
  return db;
}

type Event = { id: string | number; v?: unknown };
type Line = Event | string;

interface FaultCase {
  name: string;
  /** The table (and what it refers to), made before the load. */
  ddl: string;
  keyType: 'string' | 'integer';
  valueType: 'integer' | 'string' | 'json';
  /** Whether the server refuses this row, given the rows stored so far. */
  refuses: (e: Event, stored: Map<string, Event>) => boolean;
  /** The server's error number and words for a refused row. */
  errno: number;
  words: RegExp;
}

const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

const CASES: FaultCase[] = [
  {
    name: 'CHECK',
    ddl: 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, CONSTRAINT v_pos CHECK (v > 0))',
    keyType: 'string',
    valueType: 'integer',
    refuses: (e) => (e.v as number) <= 0,
    errno: 4025,
    words: /CONSTRAINT `v_pos` failed/,
  },
  {
    name: 'foreign key',
    ddl: 'CREATE TABLE parents (id INT PRIMARY KEY); INSERT INTO parents VALUES (1), (2), (3); CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, FOREIGN KEY (v) REFERENCES parents (id))',
    keyType: 'string',
    valueType: 'integer',
    refuses: (e) => ![1, 2, 3].includes(e.v as number),
    errno: 1452,
    words: /a foreign key constraint fails/,
  },
  {
    name: 'partition',
    ddl: 'CREATE TABLE t (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000))',
    keyType: 'integer',
    valueType: 'integer',
    refuses: (e) => Number(e.id) >= 1000,
    errno: 1526,
    words: /Table has no partition for value/,
  },
  {
    name: 'second UNIQUE key',
    ddl: 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v VARCHAR(20), UNIQUE KEY v_unique (v))',
    keyType: 'string',
    valueType: 'string',
    refuses: (e, stored) => [...stored.values()].some((s) => s.v === e.v),
    errno: 1062,
    words: /for key 'v_unique'/,
  },
  {
    name: 'trigger SIGNAL',
    ddl: [
      'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT);',
      'DELIMITER //',
      "CREATE TRIGGER t_no99 BEFORE INSERT ON t FOR EACH ROW IF NEW.v = 99 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no 99'; END IF//",
      'DELIMITER ;',
    ].join('\n'),
    keyType: 'string',
    valueType: 'integer',
    refuses: (e) => e.v === 99,
    errno: 1644,
    words: /no 99/,
  },
  {
    name: 'NOT NULL',
    ddl: 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT NOT NULL)',
    keyType: 'string',
    valueType: 'integer',
    refuses: (e) => e.v === undefined,
    errno: 1048,
    words: /cannot be null/,
  },
];

/** Lines for a case: good rows, refused rows, a repeat of a key, a blank, a broken line, and a key whose first row was refused. */
function linesFor(c: FaultCase): Line[] {
  if (c.name === 'partition')
    return [
      { id: 1, v: 1 },
      { id: 2000, v: 2 },
      { id: 1, v: 3 },
      '',
      { id: 3, v: 1 },
      { id: 3000, v: 1 },
      '{"id": broken',
      { id: 2000, v: 9 },
      { id: 4, v: 2 },
    ];
  if (c.name === 'second UNIQUE key') {
    return [
      { id: 'a', v: 'x' },
      { id: 'b', v: 'x' },
      { id: 'a', v: 'y' },
      '',
      { id: 'c', v: 'z' },
      { id: 'd', v: 'z' },
      '{"id": broken',
      { id: 'b', v: 'w' },
      { id: 'e', v: 'q' },
    ];
  }
  const bad = c.name === 'CHECK' ? -1 : c.name === 'NOT NULL' ? undefined : 99;
  return [
    { id: 'a', v: 1 },
    { id: 'b', v: bad },
    { id: 'a', v: 2 },
    '',
    { id: 'c', v: 3 },
    { id: 'd', v: bad },
    '{"id": broken',
    { id: 'b', v: 2 },
    { id: 'e', v: 1 },
  ];
}

interface Model {
  rows: [string, string][];
  counts: { lines: number; inserted: number; duplicates: number; rejected: number; blank: number };
  /** Line → 'parse' or 'server'. */
  rejects: Map<number, 'parse' | 'server'>;
}

/**
 * What a load keeps, in the order the engine sends one range: by key (numbers as numbers), ties in file order. The
 * first row of a key that the server takes wins; `serverKnows` false models a dry run, which has no table.
 */
function model(lines: Line[], refuses: FaultCase['refuses'], serverKnows: boolean, parseRefuses: (e: Event) => boolean = () => false): Model {
  const counts = { lines: lines.length, inserted: 0, duplicates: 0, rejected: 0, blank: 0 };
  const rejects = new Map<number, 'parse' | 'server'>();
  const rows: { line: number; e: Event }[] = [];
  lines.forEach((l, i) => {
    if (l === '') counts.blank++;
    else if (typeof l === 'string' || parseRefuses(l)) rejects.set(i + 1, 'parse');
    else rows.push({ line: i + 1, e: l });
  });
  const numeric = rows.every((r) => typeof r.e.id === 'number');
  const keyOf = (e: Event) => String(e.id);
  rows.sort((a, b) => (numeric ? Number(a.e.id) - Number(b.e.id) : keyOf(a.e) < keyOf(b.e) ? -1 : keyOf(a.e) > keyOf(b.e) ? 1 : 0) || a.line - b.line);
  const stored = new Map<string, Event>();
  for (const { line, e } of rows) {
    if (stored.has(keyOf(e))) counts.duplicates++;
    else if (serverKnows && refuses(e, stored)) rejects.set(line, 'server');
    else stored.set(keyOf(e), e);
  }
  counts.inserted = stored.size;
  counts.rejected = rejects.size;
  const value = (v: unknown) => (v === undefined || v === null ? 'NULL' : typeof v === 'string' ? v : JSON.stringify(v));
  return { rows: [...stored.values()].map((e) => [String(e.id), value(e.v)] as [string, string]).sort(compareRows), counts, rejects };
}

/** A folder with the log and a .loadline.json mapping it into table t. */
function project(name: string, c: Pick<FaultCase, 'keyType' | 'valueType'>, lines: Line[], onDuplicate = 'skip'): string {
  const folder = path.join(dir, name);
  const mapping = {
    ingest: [
      {
        name: 'faults',
        files: ['*.jsonl'],
        table: 't',
        key: 'id',
        onDuplicate,
        columns: { id: { from: 'id', type: c.keyType, required: true }, v: { from: 'v', type: c.valueType } },
      },
    ],
  };
  return writeMappedLog(folder, mapping, lines);
}

const tableRows = (db: string) => sortedRows<[string, string]>('SELECT id, v FROM t', db);

function assertMatches(
  report: Record<string, unknown> | undefined,
  rejectsFile: string,
  file: string,
  expected: Model,
  c: Pick<FaultCase, 'errno' | 'words'>,
): void {
  assertLoadMatches(report, rejectsFile, file, expected, [new RegExp(`error ${c.errno}\\b`), c.words]);
}

describe('server-side skips are rejects, not duplicates', () => {
  for (const c of CASES) {
    for (const method of ['infile', 'insert'] as const) {
      it(`${c.name}, --method ${method}: the table, the report and the rejects match the model`, () => {
        const db = database(c.ddl);
        const lines = linesFor(c);
        const file = project(`${c.name}-${method}`.replace(/ /g, '-'), c, lines);
        const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
        const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        const expected = model(lines, c.refuses, true);
        assert.deepEqual(tableRows(db.name), expected.rows);
        assertMatches(result.report, rejectsFile, file, expected, c);
      });
    }
    it(`${c.name}, dry run: what a database without that table would take, and a real run refuses only more`, () => {
      const lines = linesFor(c);
      const file = project(`${c.name}-dry`.replace(/ /g, '-'), c, lines);
      const dryRejects = path.join(path.dirname(file), 'dry-rejects.jsonl');
      const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', dryRejects]);
      assert.equal(dry.status, 0, dry.stderr);
      const predicted = JSON.parse(dry.stdout) as Record<string, number>;
      assertMatches(predicted, dryRejects, file, model(lines, c.refuses, false), c);
      const realRejects = path.join(path.dirname(file), 'rejects.jsonl');
      const real = ingest(file, database(c.ddl).url, ['--rejects', realRejects]);
      assert.equal(real.status, 0, real.stderr);
      const refused = rejectLines(realRejects).filter((r) => r.code === 'server-rejected');
      assert.ok(refused.length > 0);
      assert.deepEqual(
        rejectLines(realRejects).filter((r) => r.code !== 'server-rejected'),
        rejectLines(dryRejects),
      );
      assert.equal(real.report?.rejected, predicted.rejected + refused.length);
    });
  }

  describe('JSON nested deeper than JSON_VALID takes', () => {
    const json: Pick<FaultCase, 'keyType' | 'valueType' | 'errno' | 'words'> = { keyType: 'string', valueType: 'json', errno: 4025, words: /./ };
    const lines: Line[] = [
      { id: 'a', v: nested(31) },
      { id: 'b', v: nested(32) },
      { id: 'a', v: [1] },
      '',
      { id: 'c', v: { k: nested(40) } },
      { id: 'b', v: [2] },
    ];
    const tooDeep = (e: Event) => JSON.stringify(e.v).startsWith('['.repeat(32)) || JSON.stringify(e.v).includes('['.repeat(32));
    const expected = model(lines, () => false, true, tooDeep);
    const assertDepthReasons = (rejectsFile: string) => {
      for (const r of rejectLines(rejectsFile)) assert.match(r.reason, /more than 31 deep/);
    };
    for (const method of ['infile', 'insert'] as const) {
      it(`--method ${method}: 31 levels go in, 32 are rejected when parsed`, () => {
        const db = database('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v JSON)');
        const file = project(`json-${method}`, json, lines);
        const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
        const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(
          tableRows(db.name).map(([id, v]) => [id, JSON.stringify(JSON.parse(v))]),
          expected.rows,
        );
        assertMatches(result.report, rejectsFile, file, expected, json);
        assertDepthReasons(rejectsFile);
      });
    }
    it('dry run: the same rejects', () => {
      const file = project('json-dry', json, lines);
      const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
      const result = runCli(['ingest', file, '--dry-run', '--json', '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      assertMatches(JSON.parse(result.stdout) as Record<string, unknown>, rejectsFile, file, expected, json);
      assertDepthReasons(rejectsFile);
    });
  });

  for (const method of ['infile', 'insert'] as const) {
    it(`onDuplicate "update" (REPLACE), --method ${method}: a CHECK or a foreign key the row fails rejects that row, not the run`, () => {
      const db = database(
        'CREATE TABLE parents (id INT PRIMARY KEY); INSERT INTO parents VALUES (1), (2); CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, CONSTRAINT v_pos CHECK (v > 0), FOREIGN KEY (v) REFERENCES parents (id))',
      );
      const lines: Line[] = [
        { id: 'a', v: 1 },
        { id: 'b', v: -1 },
        { id: 'a', v: 2 },
        { id: 'c', v: 7 },
        { id: 'b', v: 2 },
      ];
      const file = project(`update-${method}`, { keyType: 'string', valueType: 'integer' }, lines, 'update');
      const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
      const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
      assert.equal(result.status, 0, result.stderr);
      // The last row of a key that the server takes wins.
      assert.deepEqual(tableRows(db.name), [
        ['a', '2'],
        ['b', '2'],
      ]);
      const rejects = rejectLines(rejectsFile);
      assert.deepEqual(
        rejects.map((r) => [r.line, r.code]),
        [
          [2, 'server-rejected'],
          [4, 'server-rejected'],
        ],
      );
      assert.match(rejects[0].reason, /error 4025\b.*v_pos/);
      assert.match(rejects[1].reason, /error 1452\b/);
      assert.equal(result.report?.rejected, 2);
      assert.equal(result.report?.balanced, true);
    });
  }

  it('--resume neither loses nor doubles the rows the server refused in ranges committed before', async () => {
    const db = database('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, CONSTRAINT v_pos CHECK (v > 0))');
    const lines: Line[] = [];
    for (let i = 0; i < 400; i++) lines.push({ id: `k${String(i).padStart(4, '0')}`, v: i % 7 === 3 ? -i : i + 1 });
    const file = project('resume', { keyType: 'string', valueType: 'integer' }, lines);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const { mapping } = await findMapping(file);
    const rangeBytes = 1024;
    const first = await ingestInProcess(file, db.url, { mapping, rangeBytes, rejectsFile, workers: 2, method: 'insert', ...stopPartWay(3) });
    assert.equal(first.cancelled, true, 'the first run stops part-way');
    // A rejects file cut short (a crash, a user) makes --resume write every committed range's rejects again.
    // The stop may come before the first range with rejects committed: then there is no file yet.
    if (fs.existsSync(rejectsFile)) fs.truncateSync(rejectsFile, 0);
    const result = ingest(file, db.url, ['--resume', '--range-bytes', String(rangeBytes), '--rejects', rejectsFile, '--method', 'insert']);
    assert.equal(result.status, 0, result.stderr);
    const expected = model(lines, CASES[0].refuses, true);
    assert.deepEqual(tableRows(db.name), expected.rows);
    assertMatches(result.report, rejectsFile, file, expected, CASES[0]);
  });
});

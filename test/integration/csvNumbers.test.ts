// A CSV `number` goes into a DOUBLE: each value is stored as written (it reads back as the same number) or its row is
// rejected with the reason, in the real run and the dry run alike; one number too large never fails the whole run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();

function csvProject(name: string, primaryKey: string, csv: string, v: object = { type: 'number' }): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  const contract = {
    contracts: [{ files: ['*.csv'], headers: { id: { type: 'number', required: true }, v }, schema: { fields: [], primaryKey } }],
  };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(contract));
  fs.writeFileSync(path.join(folder, 'nums.csv'), csv);
  return path.join(folder, 'nums.csv');
}

const CSV = [
  'id,v',
  '1,1e400',
  '2,0.1e-400',
  '3,-1e400',
  '4,0.1',
  '5,1.50e2',
  '6,123456789012345678',
  '9007199254740993,1',
  '9007199254740992,2',
  '9007199254740994,3',
  '7,2.5E-3',
  '10,NaN',
  '11,INF',
  '12,-INF',
  '',
].join('\n');

const EXPECTED_REJECTS: [number, RegExp][] = [
  [2, /1e400 is a number too large for v \(DOUBLE\)/],
  [3, /0\.1e-400 is too close to zero for v, which would store 0/],
  [4, /-1e400 is a number too large for v \(DOUBLE\)/],
  [7, /123456789012345678 has more digits than a DOUBLE holds/],
  [8, /9007199254740993 has more digits than a DOUBLE holds/],
  // Numbers to Table Schema, which no SQL number column holds (hp14 07).
  [12, /^v NaN is not a number, which no SQL number column holds; list it in the field's missingValues to load it as NULL, or declare the field a string$/],
  [13, /^v INF is an infinity, which no SQL number column holds/],
  [14, /^v -INF is an infinity, which no SQL number column holds/],
];

describe('CSV numbers into DOUBLE', () => {
  it('stores each number exactly or rejects its row with the reason, and a dry run counts the same', () => {
    const db = database();
    const file = csvProject('doubles', 'id', CSV);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const result = ingest(file, db.url, ['--workers', '2', '--range-bytes', '40', '--rejects', rejectsFile]);
    assert.equal(result.status, 0, result.stderr);
    const expected = { lines: 13, inserted: 5, duplicates: 0, rejected: 8, blank: 0 };
    assertSameCounts(result.report!, expected);
    // Every stored value reads back as the number the file wrote (MariaDB prints a large double with an exponent).
    const stored = sql('SELECT id, v FROM nums ORDER BY id', db.name)
      .trim()
      .split('\n')
      .map((row) => row.split('\t').map(Number));
    assert.deepEqual(stored, [
      [4, 0.1],
      [5, 150],
      [7, 0.0025],
      [9007199254740992, 2],
      [9007199254740994, 3],
    ]);
    const rejects = rejectsOf(rejectsFile);
    assert.deepEqual(
      rejects.map((r) => r.line),
      EXPECTED_REJECTS.map(([line]) => line),
    );
    rejects.forEach((r, i) => assert.match(r.reason, EXPECTED_REJECTS[i][1]));
    const dryRejects = path.join(path.dirname(file), 'dry-rejects.jsonl');
    const dry = runCli(['ingest', file, '--dry-run', '--json', '--rejects', dryRejects]);
    assert.equal(dry.status, 0, dry.stderr);
    assertSameCounts(JSON.parse(dry.stdout) as object, expected);
    assert.deepEqual(
      rejectsOf(dryRejects).map((r) => r.line),
      EXPECTED_REJECTS.map(([line]) => line),
    );
  });

  it('stores the number the contract reads where "." is its group mark: 1.500 is 1500, not 1.5', () => {
    const db = database();
    const file = csvProject('grouped', 'id', 'id,v\n1,1.500\n2,"1.234,5"\n3,7\n', { type: 'number', groupChar: '.', decimalChar: ',' });
    const result = ingest(file, db.url);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 3, inserted: 3, duplicates: 0, rejected: 0, blank: 0 });
    assert.equal(sql('SELECT id, v FROM nums ORDER BY id', db.name).trim(), '1\t1500\n2\t1234.5\n3\t7');
  });
});

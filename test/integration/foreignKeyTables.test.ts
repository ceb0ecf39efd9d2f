// loadline ingest of CSVs with foreign keys against tables Loadline made itself (hp2527c 06, 07, 16): a time field's
// TIME(6) column takes its own load; keys only the referenced table holds are found for every type, each asked in
// the column's own spelling; a resource that names itself refers to the load's own table, --table included.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database } = ingestWorkspace();

/** A folder holding `files` (objects as JSON); returns its path. */
function folderOf(name: string, files: Record<string, unknown>): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  for (const [file, content] of Object.entries(files))
    fs.writeFileSync(path.join(folder, file), typeof content === 'string' ? content : JSON.stringify(content));
  return folder;
}

const rejected = (file: string) => (fs.existsSync(file) ? rejectsOf(file).map((r) => [r.line, r.code, r.reason]) : []);

describe('loadline ingest with foreign keys into tables it made', () => {
  it('a time field: the TIME(6) column the load creates takes the load, as the time of day (hp2527c 06)', () => {
    const folder = folderOf('time', {
      '.loadline.json': { contracts: [{ files: ['*.csv'], headers: { t: { type: 'time' }, n: { type: 'integer' } } }] },
      'a.csv': 't,n\n10:00:00,1\n23:59:59.25,2\n',
    });
    const db = database();
    const result = ingest(path.join(folder, 'a.csv'), db.url, ['--table', 'times']);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 2, inserted: 2, duplicates: 0, rejected: 0, blank: 0 });
    assert.equal(sql('SELECT t, n FROM times ORDER BY n', db.name), '10:00:00.000000\t1\n23:59:59.250000\t2\n');
    // A second run into the same table: it still fits.
    assert.equal(ingest(path.join(folder, 'a.csv'), db.url, ['--table', 'times']).status, 0);
  });

  it('keys only the referenced table holds count for a datetime, a boolean, a date, a time and a number (hp2527c 07)', () => {
    const fields = [
      { name: 'at', type: 'datetime' },
      { name: 'b', type: 'boolean' },
      { name: 'd', type: 'date' },
      { name: 't', type: 'time' },
      { name: 'n', type: 'number' },
    ];
    const names = fields.map((f) => f.name);
    const resources = [
      { name: 'wh', path: 'wh.csv', schema: { fields, primaryKey: names } },
      {
        name: 'pa',
        path: 'pa.csv',
        schema: {
          fields: [{ name: 'id' }, ...fields.map((f) => (f.name === 'd' ? { ...f, format: '%d/%m/%Y' } : f))],
          foreignKeys: names.map((f) => ({ fields: f, reference: { resource: 'wh', fields: f } })),
        },
      },
    ];
    const folder = folderOf('held', {
      'datapackage.json': { name: 'p', resources },
      'wh.csv': 'at,b,d,t,n\n2024-06-01T08:00:00Z,true,2024-01-01,10:00:00,1.5\n',
      'pa.csv': 'id,at,b,d,t,n\n',
    });
    const db = database();
    assert.equal(ingest(path.join(folder, 'wh.csv'), db.url).status, 0);
    // Today's wh.csv holds another row only: the keys pa.csv refers to are in the table alone.
    fs.writeFileSync(path.join(folder, 'wh.csv'), 'at,b,d,t,n\n2030-01-01T00:00:00Z,false,2030-01-01,11:00:00,2.5\n');
    fs.writeFileSync(
      path.join(folder, 'pa.csv'),
      'id,at,b,d,t,n\np1,2024-06-01T10:00:00+02:00,,,,\np2,,true,,,\np3,,,01/01/2024,,\np4,,,,10:00:00,\np5,,,,,1.50\np6,,,,,3.5\np7,,,02/01/2024,,\n',
    );
    const rejects = path.join(folder, 'r.jsonl');
    const result = ingest(path.join(folder, 'pa.csv'), db.url, ['--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rejected(rejects), [
      [7, 'foreign-key', 'Value 3.5 of n in row 7 is not in wh (n)'],
      [8, 'foreign-key', 'Value "02/01/2024" of d in row 8 is not in wh (d)'],
    ]);
    assertSameCounts(result.report!, { lines: 7, inserted: 5, duplicates: 0, rejected: 2, blank: 0 });
  });

  it('a resource that refers to itself by its own name is a self-reference: --table is the table asked (hp2527c 16)', () => {
    const schema = {
      fields: [{ name: 'id' }, { name: 'parent' }],
      primaryKey: 'id',
      foreignKeys: [{ fields: 'parent', reference: { resource: 'parcels', fields: 'id' } }],
    };
    const folder = folderOf('self-by-name', {
      'datapackage.json': { name: 'p', resources: [{ name: 'parcels', path: 'parcels.csv', schema }] },
      'parcels.csv': 'id,parent\np1,\np2,p7\np3,p8\n',
    });
    const db = database();
    sql(`CREATE DATABASE ${db.name}`);
    // A table named after the file holds p7; this load goes to its own --table, which holds p8.
    sql("CREATE TABLE parcels (id VARCHAR(10), parent VARCHAR(10)); INSERT INTO parcels VALUES ('p7', NULL)", db.name);
    sql("CREATE TABLE own (id VARCHAR(255) NOT NULL PRIMARY KEY, parent TEXT); INSERT INTO own VALUES ('p8', NULL)", db.name);
    const rejects = path.join(folder, 'r.jsonl');
    const result = ingest(path.join(folder, 'parcels.csv'), db.url, ['--table', 'own', '--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rejected(rejects), [[3, 'foreign-key', 'Value "p7" of parent in row 3 is not in parcels (id)']]);
    assert.equal(sql('SELECT id FROM own ORDER BY id', db.name), 'p1\np3\np8\n');
  });
});

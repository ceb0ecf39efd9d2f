// loadline ingest of CSVs whose contracts have foreign keys (issue 27): a row whose key neither the referenced file
// nor the referenced table holds is rejected with code foreign-key, in validate's words; the table is asked once
// per range, for the keys the file lacks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSameCounts, dryRejectsPath, ingest, ingestWorkspace, killIngestAfter, loadRejectsPath, rejectsOf } from '../support/ingestFixtures';
import { rootSql, sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();

const CONTRACTS = {
  contracts: [
    {
      name: 'customers',
      files: ['customers.csv'],
      schema: { fields: [{ name: 'id', type: 'integer' }, { name: 'name' }], primaryKey: ['id'] },
    },
    {
      name: 'orders',
      files: ['orders*.csv'],
      schema: {
        fields: [{ name: 'oid', type: 'integer' }, { name: 'customer' }],
        primaryKey: ['oid'],
        foreignKeys: [{ fields: 'customer', reference: { resource: 'customers', fields: 'id' } }],
      },
    },
    {
      name: 'warehouses',
      files: ['warehouses.csv'],
      schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['site', 'bay'] },
    },
    {
      name: 'parcels',
      files: ['parcels.csv'],
      schema: {
        fields: [{ name: 'pid', type: 'integer' }, { name: 'site' }, { name: 'bay' }],
        primaryKey: ['pid'],
        foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
      },
    },
    {
      name: 'staff',
      files: ['staff.csv'],
      schema: {
        fields: [
          { name: 'sid', type: 'integer' },
          { name: 'boss', type: 'integer' },
        ],
        primaryKey: ['sid'],
        foreignKeys: [{ fields: 'boss', reference: { resource: '', fields: 'sid' } }],
      },
    },
  ],
};

/** A project folder with the contracts and `files` (the referenced files are there, empty, unless given); returns its path. */
function project(name: string, files: Record<string, string>): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(CONTRACTS));
  const all = { 'customers.csv': 'id,name\n', 'warehouses.csv': 'site,bay\n', ...files };
  for (const [file, text] of Object.entries(all)) fs.writeFileSync(path.join(folder, file), text);
  return folder;
}

/** A fresh database that exists already, so that a test can put rows in a referenced table first. */
function createdDatabase() {
  const db = database();
  sql(`CREATE DATABASE ${db.name}`);
  return db;
}

const rejected = (file: string) => rejectsOf(file).map((r) => [r.line, r.code, r.reason]);

describe('loadline ingest with foreign keys', () => {
  before(() => rootSql("SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1; TRUNCATE TABLE mysql.general_log"));
  after(() => rootSql('SET GLOBAL general_log = 0; TRUNCATE TABLE mysql.general_log'));
  /** Statements since the last call: the foreign key's questions to the table, and the ranges committed (one ledger row each). */
  const statements = () => {
    const count = (like: string) => Number(rootSql(`SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' AND argument LIKE '${like}'`).trim());
    const found = { references: count('SELECT DISTINCT CAST(%'), ranges: count('INSERT INTO `loadline_ingest_ledger`%') };
    rootSql('TRUNCATE TABLE mysql.general_log');
    return found;
  };

  it('rejects an orphan in validate’s words, accepts a key only the table holds, "01" for the integer 1, and skips a null', () => {
    const folder = project('simple', {
      'customers.csv': 'id,name\n1,Ann\n2,Bob\n',
      'orders.csv': 'oid,customer\n10,1\n11,01\n12,3\n13,9\n14,\n15,x\n',
    });
    const db = createdDatabase();
    assert.equal(ingest(path.join(folder, 'customers.csv'), db.url).status, 0);
    sql("INSERT INTO customers (id, name) VALUES (3, 'Cy')", db.name);
    statements();
    const rejects = path.join(folder, 'orders.rejects.jsonl');
    const result = ingest(path.join(folder, 'orders.csv'), db.url, ['--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 6, inserted: 4, duplicates: 0, rejected: 2, blank: 0 });
    assert.deepEqual(rejected(rejects), [
      [5, 'foreign-key', 'Value 9 of customer in row 5 is not in customers (id)'],
      [7, 'foreign-key', 'Value "x" of customer in row 7 is not in customers (id): it cannot be read as the referenced type (id: integer)'],
    ]);
    assert.equal(sql('SELECT oid, customer FROM orders ORDER BY oid', db.name), '10\t1\n11\t01\n12\t3\n14\tNULL\n');
    // One range: one question, for the two keys the file lacks (3 and 9), not one per row.
    assert.deepEqual(statements(), { references: 1, ranges: 1 });
    // validate words the orphan alike; it cannot see the table, so it also reports 3.
    const validate = runCli(['validate', path.join(folder, 'orders.csv'), '--format', 'json']);
    const messages = (JSON.parse(validate.stdout) as { message: string }[]).map((p) => p.message);
    assert.ok(messages.includes('Value 9 of customer in row 5 is not in customers (id)'), messages.join('\n'));
  });

  it('a dry run checks against the referenced file alone, and agrees with the real run where the table adds nothing', () => {
    const folder = project('dry', {
      'customers.csv': 'id,name\n1,Ann\n2,Bob\n',
      'orders.csv': 'oid,customer\n10,1\n11,01\n12,3\n13,9\n14,\n15,x\n',
    });
    const dryRejects = path.join(folder, 'dry.rejects.jsonl');
    const dry = runCli(['ingest', path.join(folder, 'orders.csv'), '--dry-run', '--json', '--rejects', dryRejects]);
    assert.equal(dry.status, 0, dry.stderr);
    const dryReport = JSON.parse(dry.stdout) as { orphansFromFiles?: number };
    assertSameCounts(dryReport, { lines: 6, inserted: 3, duplicates: 0, rejected: 3, blank: 0 });
    // The report says the dry run checked against the referenced file alone.
    assert.equal(dryReport.orphansFromFiles, 3);
    const text = runCli(['ingest', path.join(folder, 'orders.csv'), '--dry-run', '--rejects', path.join(folder, 'text.rejects.jsonl')]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\n {2}foreign keys checked against the referenced files alone \(a dry run cannot see the database\): 3 rows rejected; /);
    assert.deepEqual(
      rejected(dryRejects).map(([line]) => line),
      [4, 5, 7],
    );
    // The referenced table holds only what the file holds: the real run rejects the same rows, byte for byte.
    const db = createdDatabase();
    assert.equal(ingest(path.join(folder, 'customers.csv'), db.url).status, 0);
    const realRejects = path.join(folder, 'real.rejects.jsonl');
    const real = ingest(path.join(folder, 'orders.csv'), db.url, ['--rejects', realRejects, '--workers', '2', '--range-bytes', '8']);
    assert.equal(real.status, 0, real.stderr);
    assertSameCounts(real.report!, { lines: 6, inserted: 3, duplicates: 0, rejected: 3, blank: 0 });
    assert.equal(fs.readFileSync(realRejects, 'utf8'), fs.readFileSync(dryRejects, 'utf8'));
  });

  it('a referenced table that does not exist yet leaves the decision to the referenced file', () => {
    const folder = project('notable', { 'customers.csv': 'id,name\n1,Ann\n', 'orders.csv': 'oid,customer\n10,1\n11,2\n' });
    const rejects = path.join(folder, 'r.jsonl');
    const result = ingest(path.join(folder, 'orders.csv'), database().url, ['--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rejected(rejects), [[3, 'foreign-key', 'Value 2 of customer in row 3 is not in customers (id)']]);
  });

  it('a composite key: cast by the referenced types, a null member skipped, a key only in the table accepted', () => {
    const folder = project('composite', {
      'warehouses.csv': 'site,bay\nEAST,1\nWEST,2\n',
      'parcels.csv': 'pid,site,bay\n1,EAST,1\n2,EAST,2\n3,NORTH,3\n4,,5\n5,WEST,02\n',
    });
    const db = createdDatabase();
    assert.equal(ingest(path.join(folder, 'warehouses.csv'), db.url).status, 0);
    sql("INSERT INTO warehouses (site, bay) VALUES ('NORTH', 3)", db.name);
    const rejects = path.join(folder, 'r.jsonl');
    const result = ingest(path.join(folder, 'parcels.csv'), db.url, ['--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 5, inserted: 4, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rejected(rejects), [[3, 'foreign-key', 'Value ("EAST", 2) of (site, bay) in row 3 is not in warehouses (site, bay)']]);
    assert.equal(sql('SELECT pid FROM parcels ORDER BY pid', db.name), '1\n3\n4\n5\n');
  });

  it('a self-reference: a row refers to an earlier or a later row of the file, or to one already in the table, across ranges on 2 workers', () => {
    const folder = project('self', { 'staff.csv': 'sid,boss\n1,\n2,1\n3,4\n4,2\n5,7\n6,99\n' });
    const db = createdDatabase();
    sql('CREATE TABLE staff (sid BIGINT NOT NULL PRIMARY KEY, boss BIGINT); INSERT INTO staff VALUES (7, NULL)', db.name);
    const rejects = path.join(folder, 'r.jsonl');
    const result = ingest(path.join(folder, 'staff.csv'), db.url, ['--rejects', rejects, '--workers', '2', '--range-bytes', '8']);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 6, inserted: 5, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rejected(rejects), [[7, 'foreign-key', 'Value 99 of boss in row 7 is not in this file (sid)']]);
    assert.equal(sql('SELECT sid FROM staff ORDER BY sid', db.name), '1\n2\n3\n4\n5\n7\n');
  });

  it('asks the table once per range, whatever the number of rows it asks about, with --workers 2 and several ranges', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i + 1},${1000 + i}`);
    const folder = project('batched', { 'customers.csv': 'id,name\n1,Ann\n', 'orders.csv': `oid,customer\n${rows.join('\n')}\n` });
    const db = createdDatabase();
    assert.equal(ingest(path.join(folder, 'customers.csv'), db.url).status, 0);
    sql(`INSERT INTO customers (id, name) VALUES ${rows.map((_, i) => `(${1000 + i}, 'c')`).join(', ')}`, db.name);
    statements();
    const result = ingest(path.join(folder, 'orders.csv'), db.url, ['--workers', '2', '--range-bytes', '200']);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 60, inserted: 60, duplicates: 0, rejected: 0, blank: 0 });
    const { references, ranges } = statements();
    assert.ok(ranges > 1, `several ranges (${ranges})`);
    // Every range's rows refer to keys only the table holds: one question per range, not one per row.
    assert.equal(references, ranges);
  });

  it('a referenced key that repeats in its file stops the load before it starts, naming the rows', () => {
    const folder = project('repeat', { 'customers.csv': 'id,name\n1,Ann\n1,Bob\n', 'orders.csv': 'oid,customer\n10,1\n' });
    const db = database();
    const result = ingest(path.join(folder, 'orders.csv'), db.url);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /which is not a key: rows 2 and 3 of .*customers\.csv both hold 1/);
    assert.equal(sql(`SHOW DATABASES LIKE '${db.name}'`).trim(), '');
  });

  it('kill -9 then --resume: every range once, the orphans rejected once, as the dry run rejects them', async () => {
    // Each row's boss is the row before it, or one five rows later (often in a later range), or, every 997th row, nobody.
    const lines = ['sid,boss'];
    for (let sid = 1; sid <= 60000; sid++) lines.push(`${sid},${sid % 997 === 0 ? 1_000_000 + sid : sid % 3 === 0 ? Math.min(sid + 5, 60000) : sid - 1 || ''}`);
    const folder = project('resume', { 'staff.csv': lines.join('\n') + '\n' });
    const file = path.join(folder, 'staff.csv');
    const dry = runCli(['ingest', file, '--dry-run', '--json']);
    assert.equal(dry.status, 0, dry.stderr);
    const orphans = Math.floor(60000 / 997);
    assertSameCounts(JSON.parse(dry.stdout) as object, { lines: 60000, inserted: 60000 - orphans, duplicates: 0, rejected: orphans, blank: 0 });
    const db = database();
    await killIngestAfter(file, db.url, 3, { rangeBytes: 65536, mode: 'csv' });
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(Number(resumed.report!.resumedRanges) >= 3, `resumed ${String(resumed.report!.resumedRanges)} ranges`);
    assertSameCounts(resumed.report!, { lines: 60000, inserted: 60000 - orphans, duplicates: 0, rejected: orphans, blank: 0 });
    assert.equal(Number(sql('SELECT COUNT(*) FROM staff', db.name).trim()), 60000 - orphans);
    assert.equal(fs.readFileSync(loadRejectsPath(file), 'utf8'), fs.readFileSync(dryRejectsPath(file), 'utf8'), 'rejects neither lost nor doubled');
  });
});

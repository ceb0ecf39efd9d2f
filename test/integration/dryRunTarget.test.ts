// Issue 21: a dry run given --mysql refuses the tables a real run refuses before loading (a view, an engine that cannot
// roll back a range), in the same words, and writes nothing: before, --dry-run with --mysql was a real load.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { databaseExists, ingest, ingestWorkspace } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const workspace = ingestWorkspace();
const COLUMNS = { id: { from: 'id', type: 'integer' }, qty: { from: 'qty', type: 'integer' } };
const LINES = ['{"id":1,"qty":1}', '{"id":2,"qty":2}'];

/** A dry run and then a real run of LINES into `t` of a fresh database that `setup` prepares (none when empty). */
function runs(name: string, setup: string) {
  const db = workspace.database();
  if (setup) {
    sql(`CREATE DATABASE ${db.name}`);
    sql(setup, db.name);
  }
  const folder = path.join(workspace.dir, name);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [{ name, files: ['*.jsonl'], table: 't', key: 'id', columns: COLUMNS }] }));
  const file = path.join(folder, 'e.jsonl');
  fs.writeFileSync(file, LINES.join('\n') + '\n');
  const rejects = path.join(folder, 'dry-rejects.jsonl');
  const dry = ingest(file, db.url, ['--dry-run', '--rejects', rejects]);
  return { db, file, dry, dryRejects: rejects };
}

describe('a dry run with --mysql sees the target table as a real run does, and writes nothing', () => {
  for (const [engine, setup] of [
    ['MyISAM', 'CREATE TABLE t (id INT PRIMARY KEY, qty INT) ENGINE=MyISAM'],
    ['MEMORY', 'CREATE TABLE t (id INT PRIMARY KEY, qty INT) ENGINE=MEMORY'],
    ['Aria', 'CREATE TABLE t (id INT PRIMARY KEY, qty INT) ENGINE=Aria'],
    ['view', 'CREATE TABLE base (id INT PRIMARY KEY, qty INT); CREATE VIEW t AS SELECT * FROM base'],
  ]) {
    it(`a ${engine} target is refused by the dry run as by the real run`, () => {
      const { db, file, dry, dryRejects } = runs(`refused-${engine}`, setup);
      const real = ingest(file, db.url);
      assert.equal(real.status, 1, real.stderr);
      assert.match(real.stderr, engine === 'view' ? /is a view; load into its base table/ : new RegExp(`uses the ${engine} engine`));
      assert.deepEqual([dry.status, dry.stderr], [real.status, real.stderr]);
      assert.equal(fs.existsSync(dryRejects), false, 'the refused dry run wrote no rejects file');
      assert.equal(sql(`SELECT COUNT(*) FROM ${engine === 'view' ? 'base' : 't'}`, db.name).trim(), '0');
    });
  }

  it('an InnoDB target: the dry run checks the lines and loads nothing', () => {
    const { db, dry } = runs('innodb', 'CREATE TABLE t (id INT PRIMARY KEY, qty INT) ENGINE=InnoDB');
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.report!.method, 'none');
    assert.equal(dry.report!.inserted, 2);
    assert.equal(sql('SELECT COUNT(*) FROM t', db.name).trim(), '0');
    assert.equal(sql("SHOW TABLES LIKE 'loadline%'", db.name).trim(), '', 'no ledger was made');
  });

  it('a database that is not there yet: the dry run passes and creates nothing', () => {
    const { db, dry } = runs('no-database', '');
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.report!.method, 'none');
    assert.equal(databaseExists(db.name), false);
  });
});

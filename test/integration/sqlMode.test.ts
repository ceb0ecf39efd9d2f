import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database, loadLines } = ingestWorkspace();

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();
/** A value that ends a backslash-escaped string early where backslashes are not escapes (hp21d's repro). */
const injection = "x'), (0x6576696c, concat_ws(0x20,user(),@@version)) #";
const values = { tab: 'a\tb', newline: 'a\nb', backslash: 'a\\b', nul: 'a\u0000b', quote: injection };

describe("the server's sql_mode does not change what is stored", () => {
  let globalMode = '';
  before(() => {
    globalMode = sql('SELECT @@GLOBAL.sql_mode').trim();
    sql("SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')");
  });
  after(() => sql(`SET GLOBAL sql_mode = '${globalMode}'`));

  for (const method of ['infile', 'insert']) {
    it(`NO_BACKSLASH_ESCAPES: tabs, newlines, backslashes, NUL and quotes are stored as written (--method ${method})`, () => {
      const lines = Object.entries(values).map(([id, s]) => JSON.stringify({ id, s }));
      const { result, rows } = loadLines(`nbe-${method}`, {
        ddl: 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, s TEXT)',
        columns: { id: { from: 'id' }, s: { from: 's' } },
        lines,
        select: 'SELECT id, HEX(s) FROM t ORDER BY id',
        args: ['--method', method],
      });
      assert.equal(result.status, 0, result.stderr);
      assertSameCounts(result.report!, { lines: lines.length, inserted: lines.length, duplicates: 0, rejected: 0, blank: 0 });
      const expected = Object.entries(values)
        .map(([id, s]) => [id, hex(s)])
        .sort(([a], [b]) => a.localeCompare(b));
      assert.deepEqual(rows, expected);
    });
  }
});

describe('a key 0 into an AUTO_INCREMENT column is stored as 0 (NO_AUTO_VALUE_ON_ZERO), not as the next id', () => {
  const ddl = 'CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, n BIGINT)';
  const lines = ['{"id":0,"n":1}', '{"id":0,"n":2}', '{"id":1,"n":3}', '{"id":5,"n":4}'];
  // hp21 09: line 1 became id 1 and line 2 id 2 (or 6), so line 3 (id 1) was counted as a repeat and its n lost.
  const expected = {
    skip: { rows: ['0:1', '1:3', '5:4'], counts: { lines: 4, inserted: 3, updated: 0, duplicates: 1, rejected: 0, blank: 0 } },
    update: { rows: ['0:2', '1:3', '5:4'], counts: { lines: 4, inserted: 3, updated: 1, duplicates: 0, rejected: 0, blank: 0 } },
    error: { rows: ['0:1', '1:3', '5:4'], counts: { lines: 4, inserted: 3, updated: 0, duplicates: 0, rejected: 1, blank: 0 } },
  };
  for (const method of ['infile', 'insert']) {
    for (const [mode, { rows, counts }] of Object.entries(expected)) {
      it(`--method ${method} --on-duplicate ${mode}: each line keeps its own key, and a dry run counts the same`, () => {
        const args = ['--method', method, '--on-duplicate', mode];
        const { result, rows: stored } = loadLines(`ai-${method}-${mode}`, {
          ddl,
          table: 't',
          columns: { id: { from: 'id', type: 'integer', required: true }, n: { from: 'n', type: 'integer' } },
          lines,
          select: "SELECT CONCAT(id, ':', n) FROM t ORDER BY id",
          args,
        });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(stored.flat(), rows);
        assert.deepEqual(pick(result.report!, counts), counts);
        const dry = runCli(['ingest', path.join(dir, `ai-${method}-${mode}`, 'e.jsonl'), '--dry-run', '--json', '--on-duplicate', mode]);
        assert.equal(dry.status, 0, dry.stderr);
        assertSameCounts(JSON.parse(dry.stdout) as object, counts);
      });
    }
  }

  for (const method of ['infile', 'insert']) {
    it(`a CSV through its contract (--method ${method})`, () => {
      const db = database();
      sql(`CREATE DATABASE ${db.name}`);
      sql(ddl, db.name);
      const folder = path.join(dir, `ai-csv-${method}`);
      fs.mkdirSync(folder);
      const contract = {
        contracts: [
          { files: ['*.csv'], headers: { id: { type: 'integer', required: true }, n: { type: 'integer' } }, schema: { fields: [], primaryKey: 'id' } },
        ],
      };
      fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(contract));
      const file = path.join(folder, 'ids.csv');
      fs.writeFileSync(file, 'id,n\n0,1\n0,2\n1,3\n');
      const result = ingest(file, db.url, ['--table', 't', '--method', method]);
      assert.equal(result.status, 0, result.stderr);
      assertSameCounts(result.report!, { lines: 3, inserted: 2, duplicates: 1, rejected: 0, blank: 0 });
      assert.deepEqual(sql("SELECT CONCAT(id, ':', n) FROM t ORDER BY id", db.name).trim().split('\n'), ['0:1', '1:3']);
    });
  }
});

const pick = (report: Record<string, unknown>, like: object) => Object.fromEntries(Object.keys(like).map((key) => [key, report[key]]));

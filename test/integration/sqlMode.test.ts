import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertSameCounts, ingestWorkspace } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { loadLines } = ingestWorkspace();

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

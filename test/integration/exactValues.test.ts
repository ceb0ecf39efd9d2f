import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, loadLines } = ingestWorkspace();

/** Loads `lines` into the table `ddl` makes; rows are read back in UTC. */
const load = (name: string, ddl: string, columns: Record<string, object>, lines: string[], select: string, args: string[] = []) =>
  loadLines(name, { ddl, columns, lines, select: `SET time_zone = '+00:00'; ${select}`, args });

describe('values are stored exactly, or the line is rejected with the reason', () => {
  // hp21 08: MariaDB stores the current time for a NULL into TIMESTAMP NOT NULL, with no warning, in any sql_mode.
  for (const method of ['infile', 'insert']) {
    it(`a missing time for a TIMESTAMP NOT NULL column rejects the line, not the current time stored (--method ${method}); a log and a CSV`, () => {
      const ddl = "CREATE TABLE t (id BIGINT PRIMARY KEY, ts TIMESTAMP NOT NULL DEFAULT '2001-01-01 00:00:00', tn TIMESTAMP NULL)";
      const { result, rows, rejected, db } = load(
        `tsnotnull-${method}`,
        ddl,
        { id: { from: 'id', type: 'integer' }, ts: { from: 'ts', type: 'unix-seconds' }, tn: { from: 'tn', type: 'unix-seconds' } },
        ['{"id":1,"ts":null}', '{"id":2}', '{"id":3,"ts":5}'],
        'SELECT id, UNIX_TIMESTAMP(ts), tn FROM t ORDER BY id',
        ['--method', method],
      );
      assert.equal(result.status, 0, result.stderr);
      assertSameCounts(result.report!, { lines: 3, inserted: 1, duplicates: 0, rejected: 2, blank: 0 });
      assert.deepEqual(rows, [['3', '5', 'NULL']]);
      const reason =
        'missing ts: ts is TIMESTAMP NOT NULL, for which the server would store the current time instead; give every line a value, or let the column take NULL';
      assert.deepEqual(rejected, [
        [1, reason],
        [2, reason],
      ]);
      const folder = path.join(dir, `tsnotnull-csv-${method}`);
      fs.mkdirSync(folder);
      const headers = { id: { type: 'integer', required: true }, ts: { type: 'datetime' } };
      fs.writeFileSync(
        path.join(folder, '.loadline.json'),
        JSON.stringify({ contracts: [{ files: ['*.csv'], headers, schema: { fields: [], primaryKey: 'id' } }] }),
      );
      fs.writeFileSync(path.join(folder, 't.csv'), 'id,ts\n7,2024-01-01T00:00:00Z\n8,\n');
      sql('DELETE FROM t', db.name);
      const csv = ingest(path.join(folder, 't.csv'), db.url, ['--method', method, '--rejects', path.join(folder, 'r.jsonl')]);
      assertSameCounts(csv.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 1, blank: 0 });
      assert.deepEqual(sql("SET time_zone = '+00:00'; SELECT id, ts FROM t", db.name).trim().split('\n'), ['7\t2024-01-01 00:00:00']);
      assert.deepEqual(
        rejectsOf(path.join(folder, 'r.jsonl')).map((r) => [r.line, r.code, r.reason]),
        [[3, 'value-error', reason]],
      );
    });
  }

  it('JSON numbers keep every digit: 30-digit decimals, numbers in json, whole numbers into FLOAT and DOUBLE; 1e400 is too large', () => {
    const { result, rows, rejected } = load(
      'numbers',
      'CREATE TABLE nums (id VARCHAR(5) PRIMARY KEY, d DECIMAL(40,10), j JSON, f FLOAT, g DOUBLE, t TIMESTAMP NULL)',
      {
        id: { from: 'id' },
        d: { from: 'd', type: 'number' },
        j: { from: 'j', type: 'json' },
        f: { from: 'f', type: 'integer' },
        g: { from: 'g', type: 'integer' },
        t: { from: 't', type: 'unix-seconds' },
      },
      [
        '{"id":"a","d":123456789012345678901234567890.5,"j":{"x":1.50,"y":12345678901234567890123,"z":-0},"f":16777216,"g":9007199254740992}',
        '{"id":"b","d":-0.0000000001,"f":-16777216,"g":-9007199254740992,"t":1.7e9}',
        '{"id":"r1","d":1e400}',
        '{"id":"r2","f":16777217}',
        '{"id":"r3","g":9007199254740993}',
        '{"id":"r4","t":1e400}',
        '{"id":"r5","d":0.00000000001}',
      ],
      'SELECT id, CAST(d AS CHAR), j, CAST(f AS DECIMAL(30,0)), CAST(g AS DECIMAL(30,0)), UNIX_TIMESTAMP(t) FROM nums ORDER BY id',
    );
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 7, inserted: 2, duplicates: 0, rejected: 5, blank: 0 });
    assert.deepEqual(rows, [
      ['a', '123456789012345678901234567890.5000000000', '{"x":1.50,"y":12345678901234567890123,"z":-0}', '16777216', '9007199254740992', 'NULL'],
      ['b', '-0.0000000001', 'NULL', '-16777216', '-9007199254740992', '1700000000'],
    ]);
    assert.deepEqual(rejected, [
      [3, 'd 1e400 is a number too large for any column'],
      [4, 'f 16777217 would be rounded by f: a FLOAT holds whole numbers exactly only up to 2^24; use a DECIMAL or BIGINT column'],
      [5, 'g 9007199254740993 would be rounded by g: a DOUBLE holds whole numbers exactly only up to 2^53; use a DECIMAL or BIGINT column'],
      [6, 't 1e400 is a number too large for any column'],
      [7, 'd 0.00000000001 has more decimals than d holds (DECIMAL(40,10))'],
    ]);
  });

  it("0000-02-29, which MariaDB refuses (the year 0000 is no leap year to it), is a reject with the reason, never the server's; its neighbours are stored (hp2527c 12)", () => {
    const { result, rows, rejected } = load(
      'year0',
      'CREATE TABLE year0 (id VARCHAR(5) PRIMARY KEY, d DATE NULL, dt DATETIME(6) NULL)',
      { id: { from: 'id' }, d: { from: 'd', type: 'date' }, dt: { from: 'dt', type: 'datetime' } },
      [
        '{"id":"a","d":"0000-02-28","dt":"0000-03-01T00:00:00Z"}',
        '{"id":"r1","d":"0000-02-29"}',
        '{"id":"r2","dt":"0000-02-29T12:00:00Z"}',
        '{"id":"r3","dt":"0000-03-01T01:00:00+02:00"}',
        '{"id":"b","d":"0004-02-29","dt":"0000-02-28T23:59:59.5-00:00"}',
      ],
      'SELECT id, d, dt FROM year0 ORDER BY id',
    );
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 5, inserted: 2, duplicates: 0, rejected: 3, blank: 0 });
    assert.deepEqual(rows, [
      ['a', '0000-02-28', '0000-03-01 00:00:00.000000'],
      ['b', '0004-02-29', '0000-02-28 23:59:59.500000'],
    ]);
    const day = 'falls on 0000-02-29, a day MariaDB does not store (it counts the year 0000 as no leap year)';
    assert.deepEqual(rejected, [
      [2, `d "0000-02-29" ${day}`],
      [3, `dt "0000-02-29T12:00:00Z" ${day}`],
      [4, `dt "0000-03-01T01:00:00+02:00" ${day}`],
    ]);
  });

  for (const method of ['infile', 'insert']) {
    it(`times are stored as written or rejected, and a value the column cannot hold rejects its line, not the run (--method ${method})`, () => {
      const { result, rows, rejected } = load(
        `times-${method}`,
        'CREATE TABLE times (id VARCHAR(5) PRIMARY KEY, dt DATETIME(6) NULL, d0 DATETIME NULL, us DATETIME NULL, ts TIMESTAMP NULL, s VARCHAR(10) CHARACTER SET latin1 NULL)',
        {
          id: { from: 'id' },
          dt: { from: 'dt', type: 'datetime' },
          d0: { from: 'd0', type: 'datetime' },
          us: { from: 'us', type: 'unix-seconds' },
          ts: { from: 'ts', type: 'datetime' },
          s: { from: 's' },
        },
        [
          '{"id":"a","dt":"0099-06-01T12:00:00Z","d0":"2024-01-01T00:00:00.000Z","us":-1,"ts":"2038-01-19T03:14:07Z","s":"café €"}',
          '{"id":"b","dt":"0000-01-01T14:00:00.5+14:00","us":4102444800}',
          '{"id":"c","dt":"9999-12-31T23:59:59.999999-00:00","us":-62135596800}',
          '{"id":"r1","dt":"2024-01-01T00:00:00+14:01"}',
          '{"id":"r2","d0":"2024-01-01T00:00:00.5Z"}',
          '{"id":"r3","ts":"2038-01-19T03:14:08Z"}',
          '{"id":"r4","s":"smile 😀"}',
          '{"id":"r5","dt":"2024-01-01T00:00:00.1234567Z"}',
        ],
        'SELECT id, CAST(dt AS CHAR), CAST(d0 AS CHAR), CAST(us AS CHAR), CAST(ts AS CHAR), s FROM times ORDER BY id',
        ['--method', method],
      );
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(rows, [
        ['a', '0099-06-01 12:00:00.000000', '2024-01-01 00:00:00', '1969-12-31 23:59:59', '2038-01-19 03:14:07', 'café €'],
        ['b', '0000-01-01 00:00:00.500000', 'NULL', '2100-01-01 00:00:00', 'NULL', 'NULL'],
        ['c', '9999-12-31 23:59:59.999999', 'NULL', '0001-01-01 00:00:00', 'NULL', 'NULL'],
      ]);
      assert.deepEqual(rejected, [
        [4, 'dt "2024-01-01T00:00:00+14:01" has the offset +14:01, outside -14:00 to +14:00'],
        [5, 'd0 "2024-01-01T00:00:00.5Z" has 1 fractional digit of a second, and d0 keeps whole seconds'],
        [6, 'ts "2038-01-19T03:14:08Z" is outside the range of ts'],
        [7, 's holds "😀" (U+1F600), which s (latin1) cannot store'],
        [8, 'dt "2024-01-01T00:00:00.1234567Z" has 7 fractional digits of a second, and dt keeps 6 fractional digits'],
      ]);
      assertSameCounts(result.report!, { lines: 8, inserted: 3, duplicates: 0, rejected: 5, blank: 0 });
    });
  }

  it('a mapping that fills a generated column is a mismatch of the table: exit 1, nothing loaded', () => {
    const { result, rows, db } = load(
      'generated',
      'CREATE TABLE gen (id VARCHAR(5) PRIMARY KEY, a INT, b INT AS (a * 2) STORED, c INT AS (a + 1) VIRTUAL)',
      { id: { from: 'id' }, a: { from: 'a', type: 'integer' }, b: { from: 'b', type: 'integer' }, c: { from: 'c', type: 'integer' } },
      ['{"id":"x","a":1,"b":5,"c":7}'],
      'SELECT COUNT(*) FROM gen',
    );
    assert.equal(result.status, 1);
    const table = `${db.name}.gen`;
    assert.equal(
      result.stderr,
      [
        `loadline: the table ${table} cannot take this load, so nothing was loaded:`,
        `  ${table}.b is a generated column: the server computes it, so the mapping cannot fill it`,
        `  ${table}.c is a generated column: the server computes it, so the mapping cannot fill it`,
        `Change the table or the mapping in .loadline.json, or load into a new --table.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(rows, [['0']]);
  });

  // h31: a unique index on a prefix of a column takes keys that differ after it as repeats.
  for (const [name, ddl, index, length] of [
    ['prefixunique', 'CREATE TABLE pages (id TEXT NOT NULL, hits BIGINT, UNIQUE KEY u_url (id(20)))', 'u_url', 20],
    ['prefixprimary', 'CREATE TABLE pages (id VARCHAR(40) NOT NULL, hits BIGINT, PRIMARY KEY (id(3)))', 'PRIMARY', 3],
  ] as const) {
    for (const mode of ['skip', 'error', 'update']) {
      it(`a key index on a prefix of the key column (${index}) is refused before loading, --on-duplicate ${mode}`, () => {
        const { result, rows, db } = load(
          `${name}-${mode}`,
          ddl,
          { id: { from: 'id' }, hits: { from: 'hits', type: 'integer' } },
          ['{"id":"https://example.com/page/1","hits":1}', '{"id":"https://example.com/page/2","hits":2}'],
          'SELECT COUNT(*) FROM pages',
          ['--on-duplicate', mode],
        );
        assert.equal(result.status, 1, result.stderr);
        const problem = `the key index ${index} of ${db.name}.pages holds only the first ${length} characters of id, so keys that differ later would be taken as repeats; index the whole column`;
        assert.equal(result.stderr.split('\n')[1], `  ${problem}`);
        assert.deepEqual(rows, [['0']]);
      });
    }
  }

  it('a second unique index on a prefix of a mapped column is refused before loading: it would skip rows as repeats', () => {
    const { result, rows, db } = load(
      'prefixother',
      'CREATE TABLE pages (id VARCHAR(10) PRIMARY KEY, url TEXT, UNIQUE KEY u_url (url(8)))',
      { id: { from: 'id' }, url: { from: 'url' } },
      ['{"id":"a","url":"https://a.example"}', '{"id":"b","url":"https://b.example"}'],
      'SELECT COUNT(*) FROM pages',
    );
    assert.equal(result.status, 1, result.stderr);
    const problem = `the unique index u_url of ${db.name}.pages holds only the first 8 characters of url, so rows that differ later would be refused as repeats; index the whole column`;
    assert.equal(result.stderr.split('\n')[1], `  ${problem}`);
    assert.deepEqual(rows, [['0']]);
  });
});

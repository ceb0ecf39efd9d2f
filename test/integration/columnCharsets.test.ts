import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database } = ingestWorkspace();

/** Loads `lines` into `table` (made by `ddl`) keyed by integer `id`; returns the run, the rows and the rejects. */
function load(name: string, ddl: string, lines: string[], args: string[] = []) {
  const db = database();
  sql(`CREATE DATABASE ${db.name}`);
  sql(ddl, db.name);
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const mapping = { name, files: ['*.jsonl'], table: 't', key: 'id', columns: { id: { from: 'id', type: 'integer' }, s: { from: 's' } } };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
  const file = path.join(folder, 'e.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const rejects = path.join(folder, 'rejects.jsonl');
  const result = ingest(file, db.url, ['--rejects', rejects, ...args]);
  const rows = sql("SELECT id, CONCAT('[', s, ']') FROM t ORDER BY id", db.name)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const rejected = fs.existsSync(rejects) ? rejectsOf(rejects).map((r) => [r.line, r.reason]) : [];
  return { result, rows, rejected };
}

describe('text an existing column cannot store exactly rejects its line, not the run', () => {
  for (const method of ['infile', 'insert']) {
    for (const [charset, fits, misfit] of [
      ['latin2', 'Łódź ő', '😀'],
      ['cp1251', 'Привет', 'ő'],
      ['greek', 'Αθήνα', 'Ж'],
      ['sjis', '東京', '😀'],
    ]) {
      it(`a ${charset} column (--method ${method})`, () => {
        const { result, rows, rejected } = load(
          `${charset}-${method}`,
          `CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) CHARACTER SET ${charset})`,
          [JSON.stringify({ id: 1, s: fits }), JSON.stringify({ id: 2, s: `a${misfit}` }), JSON.stringify({ id: 3, s: 'ok3' })],
          ['--method', method],
        );
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(rows, [
          ['1', `[${fits}]`],
          ['3', '[ok3]'],
        ]);
        const code = `U+${misfit.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        assert.deepEqual(rejected, [[2, `s holds ${JSON.stringify(misfit)} (${code}), which s (${charset}) cannot store`]]);
        assertSameCounts(result.report!, { lines: 3, inserted: 2, duplicates: 0, rejected: 1, blank: 0 });
      });
    }

    it(`a character set Loadline does not check (dec8): the server's warning rejects the line, with its words (--method ${method})`, () => {
      const { result, rows, rejected } = load(
        `dec8-${method}`,
        'CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10) CHARACTER SET dec8)',
        ['{"id":1,"s":"ok"}', '{"id":2,"s":"😀"}', '{"id":3,"s":"ok3"}'],
        ['--method', method],
      );
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(rows, [
        ['1', '[ok]'],
        ['3', '[ok3]'],
      ]);
      assert.equal(rejected.length, 1);
      assert.equal(rejected[0][0], 2);
      assert.match(String(rejected[0][1]), /Incorrect string value: '\\xF0\\x9F\\x98\\x80' for column .*`s`/);
      assertSameCounts(result.report!, { lines: 3, inserted: 2, duplicates: 0, rejected: 1, blank: 0 });
    });

    it(`trailing spaces into a CHAR column, which drops them, are rejected (--method ${method})`, () => {
      const { result, rows, rejected } = load(
        `char-${method}`,
        'CREATE TABLE t (id INT PRIMARY KEY, s CHAR(5))',
        ['{"id":1,"s":" a b"}', '{"id":2,"s":"a  "}', '{"id":3,"s":" "}', '{"id":4,"s":""}'],
        ['--method', method],
      );
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(rows, [
        ['1', '[ a b]'],
        ['4', '[]'],
      ]);
      assert.deepEqual(rejected, [
        [2, 's "a  " ends in a space, which s (CHAR) drops'],
        [3, 's " " ends in a space, which s (CHAR) drops'],
      ]);
      assertSameCounts(result.report!, { lines: 4, inserted: 2, duplicates: 0, rejected: 2, blank: 0 });
    });
  }
});

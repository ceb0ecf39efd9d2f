import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database } = ingestWorkspace();

/**
 * Loads `lines` (written as given: numbers a double would change must reach Loadline as written) into
 * `table`, made first by `ddl`, with a mapping of `columns`. Returns the run, the rows read back by `select`
 * and the rejects as [line, reason].
 */
function load(name: string, ddl: string, columns: Record<string, object>, lines: string[], select: string, args: string[] = []) {
  const db = database();
  sql(`CREATE DATABASE ${db.name}`);
  sql(ddl, db.name);
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const table = /CREATE TABLE (\w+)/.exec(ddl)![1];
  const mapping = { name, files: ['*.jsonl'], table, key: 'id', columns };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
  const file = path.join(folder, 'e.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const rejects = path.join(folder, 'rejects.jsonl');
  const result = ingest(file, db.url, ['--rejects', rejects, ...args]);
  const rows = sql(`SET time_zone = '+00:00'; ${select}`, db.name)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const rejected = fs.existsSync(rejects) ? rejectsOf(rejects).map((r) => [r.line, r.reason]) : [];
  return { result, rows, rejected, db };
}

describe('values are stored exactly, or the line is rejected with the reason', () => {
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
});

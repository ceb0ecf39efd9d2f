// Issue 21, what remained of classes 1 and 5: a json value is stored as written, and what JSON_VALID refuses is
// rejected at parse, in the dry run too.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dryRejectsPath, ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();

/** A folder with a mapping of `id` and a json column `j` (from `from`), and a log of `lines`. */
function logWithJson(name: string, from: string, lines: string[]): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const mapping = { name, files: ['*.jsonl'], table: 'docs', key: 'id', columns: { id: { from: 'id' }, j: { from, type: 'json' } } };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
  const file = path.join(folder, 'e.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const readBack = (db: string) =>
  sql('SELECT id, j FROM docs ORDER BY id', db)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));

describe('json values: as written, or rejected for what JSON_VALID refuses', () => {
  it('a lone surrogate escape is rejected at parse with the reason, by the dry run and the real run alike', () => {
    const lines = [
      '{"id":"a","j":{"s":"\\ud83d\\ude00 ok"}}',
      '{"id":"b","j":{"s":"\\ud800"}}',
      '{"id":"c","j":{"\\udc00":1}}',
      '{"id":"d","j":["x\\ud83d"]}',
      '{"id":"e","j":{"s":"\\\\ud800 is text"}}',
    ];
    const expected = [
      [2, "j holds the escape \\ud800, a lone UTF-16 surrogate, which the server's JSON_VALID refuses"],
      [3, "j holds the escape \\udc00, a lone UTF-16 surrogate, which the server's JSON_VALID refuses"],
      [4, "j holds the escape \\ud83d, a lone UTF-16 surrogate, which the server's JSON_VALID refuses"],
    ];
    const file = logWithJson('surrogates', 'j', lines);
    const dry = runCli(['ingest', file, '--dry-run', '--json']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual(
      rejectsOf(dryRejectsPath(file)).map((r) => [r.line, r.reason]),
      expected,
    );
    const db = database();
    const rejects = path.join(dir, 'surrogates-rejects.jsonl');
    const run = ingest(file, db.url, ['--rejects', rejects]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      rejectsOf(rejects).map((r) => [r.line, r.reason, r.code]),
      expected.map((e) => [...e, 'value-error']),
      'rejected at parse, not skipped by the server',
    );
    assert.deepEqual(
      readBack(db.name).map(([id]) => id),
      ['a', 'e'],
    );
  });

  it('a json value keeps its repeated keys, spacing and digits: its text is stored as written', () => {
    const lines = ['{"id":"a","j":{"a":1,"a":2},"k":0}', '{"id":"b", "j" : { "x" : [1.50, -0] ,"x":{}} }', '{"id":"c","j":{"gone":1},"j":{"kept":[]}}'];
    const db = database();
    const run = ingest(logWithJson('repeats', 'j', lines), db.url);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readBack(db.name), [
      ['a', '{"a":1,"a":2}'],
      ['b', '{ "x" : [1.50, -0] ,"x":{}}'],
      ['c', '{"kept":[]}'],
    ]);
  });

  it('JSON deeper than 31 into an existing LONGTEXT column is rejected for the json rule, not blamed on the server (hp21 06)', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const file = logWithJson('deep-longtext', 'j', [`{"id":"a","j":${deep(31)}}`, `{"id":"b","j":${deep(40)}}`]);
    const db = database();
    sql(`CREATE DATABASE ${db.name}`);
    sql('CREATE TABLE docs (id VARCHAR(10) PRIMARY KEY, j LONGTEXT)', db.name);
    const rejects = path.join(dir, 'deep-longtext-rejects.jsonl');
    const run = ingest(file, db.url, ['--rejects', rejects]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readBack(db.name), [['a', deep(31)]]);
    assert.deepEqual(
      rejectsOf(rejects).map((r) => [r.line, r.code, r.reason]),
      [[2, 'value-error', "j nests objects and arrays more than 31 deep, past what a json column takes (the depth MariaDB's JSON_VALID accepts)"]],
    );
  });
});

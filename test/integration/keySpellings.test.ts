// Issue 21, class 4 as docs/ingest-reference.md words it: which spellings of a number are one key, and which an integer key rejects.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database } = ingestWorkspace();
const LINES = ['{"k":1}', '{"k":1.0}', '{"k":1e0}', '{"k":"1"}', '{"k":"1.0"}', '{"k":"1e0"}', '{"k":0}', '{"k":-0}'];

function load(type: 'integer' | 'number') {
  const folder = path.join(dir, type);
  fs.mkdirSync(folder);
  const mapping = { name: type, files: ['*.jsonl'], table: `keys_${type}`, key: 'k', columns: { k: { from: 'k', type } } };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
  const file = path.join(folder, 'k.jsonl');
  fs.writeFileSync(file, LINES.join('\n') + '\n');
  const rejects = path.join(folder, 'rejects.jsonl');
  const result = ingest(file, database().url, ['--rejects', rejects]);
  assert.equal(result.status, 0, result.stderr);
  return { report: result.report!, rejected: fs.existsSync(rejects) ? rejectsOf(rejects).map((r) => r.line) : [] };
}

describe('docs/ingest-reference.md, "A key compares by the value the table stores": number spellings', () => {
  it('an integer key: 1, 1.0, 1e0 and "1" are one key, 0 and -0 another; "1.0" and "1e0" are rejected', () => {
    const { report, rejected } = load('integer');
    assert.deepEqual([report.inserted, report.duplicates, report.rejected], [2, 4, 2]);
    assert.deepEqual(rejected, [5, 6]);
  });

  it('a number key: every spelling of 1, strings too, is one key, 0 and -0 another', () => {
    const { report, rejected } = load('number');
    assert.deepEqual([report.inserted, report.duplicates, report.rejected], [2, 6, 0]);
    assert.deepEqual(rejected, []);
  });

  it('a string key with acceptNumbers: whole numbers as their digits, one per number (hp21 10); 7.5 is rejected', () => {
    const folder = path.join(dir, 'accept-numbers');
    fs.mkdirSync(folder);
    const columns = { k: { from: 'k', type: 'string', acceptNumbers: true } };
    fs.writeFileSync(
      path.join(folder, '.loadline.json'),
      JSON.stringify({ ingest: [{ name: 'an', files: ['*.jsonl'], table: 'keys_an', key: 'k', columns }] }),
    );
    const file = path.join(folder, 'k.jsonl');
    fs.writeFileSync(
      file,
      ['{"k":-0}', '{"k":0}', '{"k":7}', '{"k":7.0}', '{"k":7e0}', '{"k":"7.0"}', '{"k":7.5}', '{"k":123456789012345678901234567890}'].join('\n') + '\n',
    );
    const db = database();
    const rejects = path.join(folder, 'rejects.jsonl');
    const result = ingest(file, db.url, ['--rejects', rejects]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual([result.report!.inserted, result.report!.duplicates, result.report!.rejected], [4, 3, 1]);
    assert.deepEqual(sql('SELECT k FROM keys_an ORDER BY k', db.name).trim().split('\n'), ['0', '123456789012345678901234567890', '7', '7.0']);
    assert.deepEqual(
      rejectsOf(rejects).map((r) => [r.line, r.reason]),
      [[7, 'k 7.5 is not a whole number; k takes numbers only as whole numbers, stored as their digits']],
    );
  });
});

// h23 class 2: a BEFORE trigger that rewrites a row's key (SET NEW.id = 'a') makes the row collide with another
// row's key. Such a row is a reject with the server's 1062 and words, never a duplicate of its own key; a row whose
// own key is in the table is still a duplicate. Also for onDuplicate "update" and "error", on both methods.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql, sqlScript } from '../support/mariadb';

const workspace = ingestWorkspace();

const DDL = [
  'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT);',
  'DELIMITER //',
  "CREATE TRIGGER t_seven BEFORE INSERT ON t FOR EACH ROW IF NEW.v = 7 THEN SET NEW.id = 'a'; END IF//",
  'DELIMITER ;',
].join('\n');

function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sqlScript(DDL, db.name);
  return db;
}

const LINES = [
  { id: 'a', v: 1 },
  { id: 'b', v: 7 },
  { id: 'c', v: 2 },
  { id: 'a', v: 3 },
  { id: 'd', v: 7 },
  { id: 'e', v: 4 },
];

const mapping = (onDuplicate: string) => ({
  ingest: [
    {
      name: 'triggers',
      files: ['*.jsonl'],
      table: 't',
      key: 'id',
      onDuplicate,
      columns: { id: { from: 'id', type: 'string', required: true }, v: { from: 'v', type: 'integer' } },
    },
  ],
});

/** What each mode makes of LINES: b and d are rewritten to 'a', which the table holds, so the server refuses them. */
const EXPECTED = {
  skip: {
    rows: [
      ['a', '1'],
      ['c', '2'],
      ['e', '4'],
    ],
    inserted: 3,
    duplicates: 1,
    rejects: [
      [2, 'server-rejected'],
      [5, 'server-rejected'],
    ],
  },
  error: {
    rows: [
      ['a', '1'],
      ['c', '2'],
      ['e', '4'],
    ],
    inserted: 3,
    duplicates: 0,
    rejects: [
      [2, 'server-rejected'],
      [4, 'duplicate-key'],
      [5, 'server-rejected'],
    ],
  },
} as const;

describe('a BEFORE trigger that rewrites the key', () => {
  for (const onDuplicate of ['skip', 'error'] as const) {
    for (const method of ['infile', 'insert'] as const) {
      it(`onDuplicate ${onDuplicate}, --method ${method}: a row rewritten onto another key is a reject with the server's 1062, not a duplicate`, () => {
        const db = database();
        const file = writeMappedLog(path.join(workspace.dir, `${onDuplicate}-${method}`), mapping(onDuplicate), LINES);
        const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
        const result = ingest(file, db.url, ['--method', method, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        const expected = EXPECTED[onDuplicate];
        assert.deepEqual(sortedRows('SELECT id, v FROM t', db.name), expected.rows);
        const rejects = rejectLines(rejectsFile);
        assert.deepEqual(
          rejects.map((r) => [r.line, r.code]),
          expected.rejects,
        );
        for (const r of rejects.filter((r) => r.code === 'server-rejected')) assert.match(r.reason, /error 1062\b.*Duplicate entry 'a' for key 'PRIMARY'/);
        assert.equal(result.report?.inserted, expected.inserted);
        assert.equal(result.report?.duplicates, expected.duplicates);
        assert.equal(result.report?.rejected, expected.rejects.length);
        assert.equal(result.report?.balanced, true);
        assert.match(result.stderr, /t has BEFORE triggers \(t_seven\), which may change a row's key, so rows go in one at a time/);
      });
    }
  }

  it('onDuplicate update: a row rewritten onto another key is a reject, and the row holding that key keeps its values', () => {
    const db = database();
    const file = writeMappedLog(path.join(workspace.dir, 'update'), mapping('update'), LINES);
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const result = ingest(file, db.url, ['--rejects', rejectsFile]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(sortedRows('SELECT id, v FROM t', db.name), [
      ['a', '3'],
      ['c', '2'],
      ['e', '4'],
    ]);
    assert.deepEqual(
      rejectLines(rejectsFile).map((r) => [r.line, r.code]),
      [
        [2, 'server-rejected'],
        [5, 'server-rejected'],
      ],
    );
    assert.equal(result.report?.updated, 1);
    assert.equal(result.report?.balanced, true);
  });
});

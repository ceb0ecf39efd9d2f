// Hostile probe of issue 21: on a table WITH SYSTEM VERSIONING an update also inserts a history row, and a row given
// the values it holds is updated all the same, so INSERT … ON DUPLICATE KEY UPDATE's affected rows counted every
// line as inserted. onDuplicate "update" loads such a table row by row, and its counts are exact on both methods.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { writeMappedLog } from '../support/loadFaults';
import { sql } from '../support/mariadb';

const workspace = ingestWorkspace();

/** The table holds a and z; b is new, then updated; z is given the values it holds. */
const LINES = [
  { id: 'a', v: 1 },
  { id: 'b', v: 2 },
  { id: 'b', v: 3 },
  { id: 'z', v: 0 },
];

describe('a table WITH SYSTEM VERSIONING', () => {
  for (const method of ['infile', 'insert'] as const) {
    for (const onDuplicate of ['update', 'skip'] as const) {
      it(`--method ${method}, onDuplicate "${onDuplicate}": every line counted as what it did`, () => {
        const db = workspace.database();
        sql(
          `CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; ` +
            "CREATE TABLE t (id VARCHAR(10) PRIMARY KEY, v INT) WITH SYSTEM VERSIONING; INSERT INTO t VALUES ('a', 0), ('z', 0);",
        );
        const columns = { id: { from: 'id' }, v: { from: 'v', type: 'integer' } };
        const mapping = { ingest: [{ name: 'versioned', files: ['*.jsonl'], table: 't', key: 'id', onDuplicate, columns }] };
        const file = writeMappedLog(path.join(workspace.dir, `${method}-${onDuplicate}`), mapping, LINES);
        const result = ingest(file, db.url, ['--method', method]);
        assert.equal(result.status, 0, result.stderr);
        const { lines, inserted, updated, duplicates, rejected } = result.report as Record<string, number>;
        const rows = sql('SELECT id, v FROM t ORDER BY id', db.name).trim();
        if (onDuplicate === 'update') {
          assert.deepEqual({ lines, inserted, updated, duplicates, rejected }, { lines: 4, inserted: 1, updated: 3, duplicates: 0, rejected: 0 });
          assert.equal(rows, 'a\t1\nb\t3\nz\t0');
        } else {
          assert.deepEqual({ lines, inserted, updated, duplicates, rejected }, { lines: 4, inserted: 1, updated: 0, duplicates: 3, rejected: 0 });
          assert.equal(rows, 'a\t0\nb\t2\nz\t0');
        }
      });
    }
  }
});

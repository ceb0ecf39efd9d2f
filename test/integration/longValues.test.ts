// Hostile probe of issue 21: one 15 MiB line whose value is 7.5 Mi backslashes crashed an INSERT load ("JS heap out
// of memory" in its worker, and again on --resume): the driver escaped the value one character at a time into a rope
// of millions of strings. The value now loads exactly through both kinds of INSERT statement.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { writeMappedLog } from '../support/loadFaults';
import { sql } from '../support/mariadb';

const workspace = ingestWorkspace();

/** 7.5 Mi characters, nearly all escaped; a quote, a NUL and an emoji's two halves straddle the 64 Ki piece edges. */
function hostileValue(): string {
  const edge = 1 << 16;
  const chars = '\\'.repeat(15 * 2 ** 19 - 40).split('');
  chars[edge - 1] = "'";
  chars[edge] = '\0';
  chars[2 * edge - 1] = '\uD83D';
  chars[2 * edge] = '\uDE00';
  return chars.join('');
}

describe('a line of a 15 MiB value loads exactly', () => {
  const value = hostileValue();
  const digest = createHash('sha256').update(value, 'utf8').digest('hex');
  const lines = [JSON.stringify({ id: 'big', s: value }), JSON.stringify({ id: 'small', s: 'z' })];
  // LOAD DATA took it: INSERT IGNORE and INSERT … ON DUPLICATE KEY UPDATE (also --method infile's way of "update").
  const method = 'insert';
  for (const onDuplicate of ['skip', 'update'] as const) {
    it(`--method ${method}, onDuplicate "${onDuplicate}"`, () => {
      const db = workspace.database();
      sql(`CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; CREATE TABLE t15 (id VARCHAR(10) PRIMARY KEY, s LONGTEXT) CHARACTER SET utf8mb4`);
      const columns = { id: { from: 'id' }, s: { from: 's' } };
      const mapping = { ingest: [{ name: 'long', files: ['*.jsonl'], table: 't15', key: 'id', onDuplicate, columns }] };
      const file = writeMappedLog(path.join(workspace.dir, `long-${method}-${onDuplicate}`), mapping, lines);
      const result = ingest(file, db.url, ['--method', method]);
      assert.equal(result.status, 0, result.stderr.slice(0, 500));
      const report = result.report as Record<string, number>;
      assert.deepEqual([report.lines, report.inserted, report.rejected], [2, 2, 0]);
      const rows = sql('SELECT id, CHAR_LENGTH(s), SHA2(s, 256) FROM t15 ORDER BY id', db.name)
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
      assert.deepEqual(rows, [
        ['big', String(value.length - 1), digest],
        ['small', '1', createHash('sha256').update('z').digest('hex')],
      ]);
    });
  }
});

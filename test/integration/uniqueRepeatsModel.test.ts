// Property (issue 21 gap 1): random CSV lines over a small alphabet of keys and unique values, some refused by
// the table's CHECK and some by the parse (a type error), load into the real MariaDB exactly as if loaded one by
// one in file order: the table, the counts and the rejected lines equal a model of a table whose unique column
// were a UNIQUE index. Each onDuplicate mode, both methods, one range or many, with and without that index.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzz } from '../support/fuzz';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { UniqueEmailRow, writeUniqueEmailCsv } from '../support/uniqueEmailCsv';

const workspace = ingestWorkspace();

type Row = UniqueEmailRow;
type Mode = 'skip' | 'error' | 'update';

const line = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('x', 'y', 'z'), fc.constantFrom('1', '2', '3', '-1', 'q'));
const loadCase = fc.record({
  rows: fc.array(line, { minLength: 1, maxLength: 24 }),
  onDuplicate: fc.constantFrom<Mode>('skip', 'error', 'update'),
  method: fc.constantFrom('infile', 'insert'),
  rangeBytes: fc.constantFrom(16, 40, 1 << 20),
  uniqueIndex: fc.boolean(),
});

/**
 * Line by line: a type error is rejected; a line whose key is there is a duplicate ("skip", unless the CHECK
 * refuses it), a repeat of the key ("error") or that row's update ("update"); a line whose value another row
 * holds repeats it; a line the CHECK refuses holds nothing.
 */
function model(rows: Row[], mode: Mode, before: Row[] = []) {
  const table = new Map<string, Row>(before.map((r) => [r[0], r]));
  /** Keys a line of the file has had. */
  const claimed = new Set<string>();
  const counts = { inserted: 0, updated: 0, duplicates: 0 };
  const rejects: number[] = [];
  rows.forEach((row, i) => {
    const [id, email, v] = row;
    const refused = v === 'q' || Number(v) <= 0;
    const there = table.has(id);
    // "error": a key only a row held before the load had is a duplicate, and the line that repeats it wins the key.
    const firstOfHeld = there && mode === 'error' && !claimed.has(id);
    if (v === 'q' || (there && mode === 'error' && !firstOfHeld) || (there && mode !== 'update' && refused)) return rejects.push(i + 2);
    claimed.add(id);
    if (there && mode !== 'update') return counts.duplicates++;
    if ([...table.values()].some((r) => r[1] === email && r[0] !== id) || refused) return rejects.push(i + 2);
    counts[there ? 'updated' : 'inserted']++;
    table.set(id, row);
  });
  return { table: [...table.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1)), counts, rejects };
}

// hp21f F1 and F4: rows the table held before the load hold their values, and under "update" a later range that
// frees a value (moves its row to another) does not load before the earlier lines that repeat it; --workers 4.
/** Loads `file` as the case says and finds in the table, the report and the rejects file what the model expects. */
function loadMatchesModel(
  c: { onDuplicate: Mode; method: string; rangeBytes: number },
  db: ReturnType<typeof workspace.database>,
  file: string,
  expected: ReturnType<typeof model>,
  more: string[] = [],
): void {
  const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
  const args = ['--table', 't', '--on-duplicate', c.onDuplicate, '--method', c.method, '--range-bytes', String(c.rangeBytes), ...more];
  const result = ingest(file, db.url, [...args, '--rejects', rejectsFile]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), expected.table);
  const report = result.report as Record<string, number>;
  assert.deepEqual({ inserted: report.inserted, updated: report.updated, duplicates: report.duplicates }, expected.counts);
  assert.deepEqual(
    rejectLines(rejectsFile).map((r) => r.line),
    expected.rejects,
  );
  db.cleanup();
}

const loadOnTable = fc.record({
  before: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'c', 'p', 'q'), fc.constantFrom('x', 'y', 'z'), fc.constant('1')), {
    maxLength: 3,
    selector: (r) => r[0],
  }),
  rows: fc.array(line, { minLength: 1, maxLength: 24 }),
  onDuplicate: fc.constantFrom<Mode>('skip', 'error', 'update'),
  method: fc.constantFrom('infile', 'insert'),
  rangeBytes: fc.constantFrom(16, 40, 1 << 20),
});

describe('a CSV unique column: the load equals a line-by-line model (real MariaDB)', () => {
  it('keeps the rows, counts and rejects of the model, however the file is cut', () => {
    let run = 0;
    fc.assert(
      fc.property(loadCase, (c) => {
        const db = workspace.database();
        sql(`CREATE DATABASE \`${db.name}\``);
        const unique = c.uniqueIndex ? ' UNIQUE' : '';
        sql(`CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20)${unique}, v INT, CONSTRAINT v_pos CHECK (v > 0))`, db.name);
        const folder = path.join(workspace.dir, `case-${run++}`);
        const file = writeUniqueEmailCsv(folder, c.rows);
        loadMatchesModel(c, db, file, model(c.rows, c.onDuplicate));
      }),
      fuzz(8),
    );
  });

  it('keeps the model on a table that held rows before, with four workers', () => {
    let run = 0;
    fc.assert(
      fc.property(loadOnTable, (c) => {
        const db = workspace.database();
        sql(`CREATE DATABASE \`${db.name}\``);
        const held = c.before.map((r) => `('${r.join("', '")}')`).join(', ');
        sql(`CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20), v INT, CONSTRAINT v_pos CHECK (v > 0))`, db.name);
        if (held) sql(`INSERT INTO t VALUES ${held}`, db.name);
        const folder = path.join(workspace.dir, `before-${run++}`);
        const file = writeUniqueEmailCsv(folder, c.rows);
        loadMatchesModel(c, db, file, model(c.rows, c.onDuplicate, c.before), ['--workers', '4']);
      }),
      fuzz(10),
    );
  });
});

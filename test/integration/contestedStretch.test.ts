// hp21f F7: a CSV with a unique column and 1 line in 100 an exact copy of an earlier one loaded ~8x slower, since
// from a range's first repeat on every row went to the server as an INSERT of its own (loadInFileOrder). Only the
// contested rows need that: the rows between them go in as multi-row INSERTs, with the same outcome line by line.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { rootSql, sql } from '../support/mariadb';
import { UniqueEmailRow, writeUniqueEmailCsv } from '../support/uniqueEmailCsv';

const workspace = ingestWorkspace();
const LINES = 1000;
/** A row the table holds before the load: a later line of the file with its email is refused by the server. */
const BEFORE: Row = ['pre', 'u501', '1'];

type Row = UniqueEmailRow;

/** Every 50th line an exact copy of an earlier line, every 200th a new id with an earlier email, one refused by the CHECK. */
function records(): Row[] {
  const out: Row[] = [];
  for (let i = 1; i <= LINES; i++) {
    if (i % 50 === 0) out.push([...out[i - 18]]);
    else if (i % 200 === 7) out.push([`n${i}`, out[i - 4][1], String(i)]);
    else out.push([`r${i}`, `u${i}`, i === 334 ? '-5' : String(i)]);
  }
  return out;
}

/** The file loaded line by line, first wins, onto the table's row: what each line became. */
function model(rows: Row[], onDuplicate: 'skip' | 'error') {
  const keys = new Set([BEFORE[0]]);
  const emails = new Set([BEFORE[1]]);
  const table: Row[] = [BEFORE];
  const rejects: number[] = [];
  let duplicates = 0;
  rows.forEach((row, i) => {
    const [id, email, v] = row;
    if (keys.has(id) && onDuplicate === 'skip') duplicates++;
    else if (keys.has(id) || emails.has(email) || Number(v) <= 0) rejects.push(i + 2);
    else {
      keys.add(id);
      emails.add(email);
      table.push(row);
    }
  });
  const sorted = table.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { table: sorted, rejects, counts: { inserted: table.length - 1, duplicates, rejected: rejects.length } };
}

/** How many INSERTs into `t` the server has run (its general log, kept in a table). */
const inserts = () => Number(rootSql("SELECT COUNT(*) FROM mysql.general_log WHERE argument LIKE 'INSERT%INTO `t`%'").trim());

describe('a CSV unique column: the rows between contested ones', () => {
  for (const onDuplicate of ['skip', 'error'] as const) {
    it(`--on-duplicate ${onDuplicate}: load as line by line, in a few multi-row INSERTs rather than one per row`, () => {
      const db = workspace.database();
      sql(`CREATE DATABASE \`${db.name}\``);
      sql('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20) UNIQUE, v INT, CONSTRAINT v_pos CHECK (v > 0))', db.name);
      sql(`INSERT INTO t VALUES ('${BEFORE.join("','")}')`, db.name);
      const folder = path.join(workspace.dir, onDuplicate);
      const file = writeUniqueEmailCsv(folder, records());
      const rejectsFile = path.join(folder, 'rejects.jsonl');
      const args = ['--table', 't', '--on-duplicate', onDuplicate, '--method', 'insert', '--range-bytes', '4096', '--workers', '2'];
      rootSql("SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1; TRUNCATE TABLE mysql.general_log");
      let sent: number;
      let result: ReturnType<typeof ingest>;
      try {
        result = ingest(file, db.url, [...args, '--rejects', rejectsFile, '--json']);
        sent = inserts();
      } finally {
        rootSql('SET GLOBAL general_log = 0; TRUNCATE TABLE mysql.general_log');
      }
      assert.equal(result.status, 0, result.stderr);
      const expected = model(records(), onDuplicate);
      const { inserted, duplicates, rejected } = result.report as Record<string, number>;
      assert.deepEqual({ inserted, duplicates, rejected }, expected.counts);
      assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), expected.table);
      assert.deepEqual(
        rejectLines(rejectsFile).map((r) => r.line),
        expected.rejects,
      );
      // One INSERT per row sent about 950 here; each contested row, and each stretch between two, is one (the
      // stretch with the CHECK's row a few more, as settleRows splits it).
      assert.ok(sent < LINES / 5, `${sent} INSERT statements for ${LINES} lines`);
    });
  }
});

// h23 class 5: --resume after a kill, on a load whose lines the engine refuses (an emoji into a latin1 column, a
// broken line) and the server refuses (a CHECK), gives the table, the report and the rejects file of a run that
// was never interrupted.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, killIngestAfter, loadRejectsPath } from '../support/ingestFixtures';
import { sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql, sqlScript } from '../support/mariadb';

const workspace = ingestWorkspace();

const DDL = 'CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, s VARCHAR(40) CHARACTER SET latin1, CONSTRAINT v_pos CHECK (v > 0))';
const RANGE_BYTES = 2048;

function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sqlScript(DDL, db.name);
  return db;
}

/** Lines with every kind of outcome: inserted, a repeat of a key, a CHECK, an emoji, a broken line, a blank. */
function lines(): (object | string)[] {
  const out: (object | string)[] = [];
  for (let i = 0; i < 6000; i++) {
    if (i % 97 === 5) out.push(i % 2 ? '' : '{"id": broken');
    else {
      const id = `k${String(i % 13 === 7 ? i - 7 : i).padStart(5, '0')}`;
      out.push({ id, v: i % 17 === 3 ? -i : i + 1, s: i % 19 === 4 ? `caf\u00e9 \u{1f600}` : `caf\u00e9 ${i}` });
    }
  }
  return out;
}

const mapping = (table: string) => ({
  ingest: [
    {
      name: 'resume',
      files: ['*.jsonl'],
      table,
      key: 'id',
      columns: { id: { from: 'id', type: 'string', required: true }, v: { from: 'v', type: 'integer' }, s: { from: 's', type: 'string' } },
    },
  ],
});

const tableRows = (db: string) => sortedRows<string[]>('SELECT id, v, s FROM t', db);
const COUNTS = ['lines', 'inserted', 'duplicates', 'rejected', 'blank'] as const;
const countsOf = (report: Record<string, unknown> | undefined) => Object.fromEntries(COUNTS.map((k) => [k, report?.[k]]));

const killAfter = (file: string, url: string, ranges: number) => killIngestAfter(file, url, ranges, { rangeBytes: RANGE_BYTES, mode: 'declared' });

describe('--resume after a kill, with engine and server rejects', () => {
  for (const method of ['infile', 'insert'] as const) {
    it(`--method ${method}: the same table, report and rejects file as a run never interrupted`, async () => {
      const whole = database();
      const wholeFile = writeMappedLog(path.join(workspace.dir, `whole-${method}`), mapping('t'), lines());
      const wholeRejects = path.join(path.dirname(wholeFile), 'rejects.jsonl');
      const uninterrupted = ingest(wholeFile, whole.url, ['--method', method, '--range-bytes', String(RANGE_BYTES), '--rejects', wholeRejects]);
      assert.equal(uninterrupted.status, 0, uninterrupted.stderr);
      assert.ok(Number(uninterrupted.report?.rejected) > 0);

      const killed = database();
      const file = writeMappedLog(path.join(workspace.dir, `killed-${method}`), mapping('t'), lines());
      await killAfter(file, killed.url, 3);
      const checkpointFile = fs.readdirSync(path.dirname(file)).find((name) => name.endsWith('.loadline-checkpoint.json'));
      assert.ok(checkpointFile, 'killed mid-run: the checkpoint is there');
      const checkpoint = JSON.parse(fs.readFileSync(path.join(path.dirname(file), checkpointFile), 'utf8')) as { ranges: unknown[]; committed: object };
      assert.ok(Object.keys(checkpoint.committed).length < checkpoint.ranges.length, 'killed before the last range');

      const resumed = ingest(file, killed.url, ['--resume', '--method', method, '--range-bytes', String(RANGE_BYTES)]);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.ok(Number(resumed.report?.resumedRanges) >= 3);
      assert.deepEqual(tableRows(killed.name), tableRows(whole.name));
      assert.deepEqual(countsOf(resumed.report), countsOf(uninterrupted.report));
      assert.equal(resumed.report?.balanced, true);
      // The server's words name the database, which differs between the two runs.
      const rejectsText = (rejects: string, db: string) => fs.readFileSync(rejects, 'utf8').split(db).join('DB');
      assert.equal(rejectsText(loadRejectsPath(file), killed.name), rejectsText(wholeRejects, whole.name));
      const codes = new Set(
        fs
          .readFileSync(wholeRejects, 'utf8')
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { code: string }).code),
      );
      assert.deepEqual([...codes].sort(), ['invalid-json', 'server-rejected', 'value-error']);
    });
  }
});

// h23 class 1: under onDuplicate "error", a line the server refuses (a CHECK) holds no key: the winner of a key is
// the first line the table took, or that repeated a row already there. Both methods, across ranges, and on resume.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findMapping } from '../../shared/src/ingest/source/findMapping';
import { stopPartWay, ingest, ingestInProcess, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows, writeMappedLog } from '../support/loadFaults';
import { sql, sqlScript } from '../support/mariadb';

const workspace = ingestWorkspace();
const RANGE_BYTES = 1024;

function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sqlScript("CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, v INT, CONSTRAINT v_pos CHECK (v > 0)); INSERT INTO t VALUES ('z', 9)", db.name);
  return db;
}

type Event = { id: string; v: number };

/** Keys whose first lines the CHECK refuses, in one range and across ranges, a key already in the table, and filler. */
function lines(): Event[] {
  const out: Event[] = [
    { id: 'a', v: -1 },
    { id: 'a', v: 1 },
    { id: 'a', v: 2 },
    { id: 'c', v: -5 },
    { id: 'z', v: 1 },
    { id: 'd', v: -1 },
  ];
  for (let i = 0; i < 300; i++) out.push({ id: `f${String(i).padStart(4, '0')}`, v: i % 9 === 4 ? -i : i + 1 });
  out.push({ id: 'c', v: 3 }, { id: 'c', v: 4 }, { id: 'd', v: -2 }, { id: 'z', v: 2 }, { id: 'd', v: 5 }, { id: 'f0004', v: 7 }, { id: 'f0005', v: 8 });
  return out;
}

/** The model: a line refused by the CHECK holds nothing; the first line the table takes (or that repeats a row in it) wins. */
function model(events: Event[]) {
  const table = new Map<string, number>([['z', 9]]);
  const heldByLine = new Set<string>();
  const rejects: [number, string][] = [];
  let inserted = 0;
  let duplicates = 0;
  events.forEach((e, i) => {
    if (heldByLine.has(e.id)) rejects.push([i + 1, 'duplicate-key']);
    else if (table.has(e.id)) {
      duplicates++;
      heldByLine.add(e.id);
    } else if (e.v <= 0) rejects.push([i + 1, 'server-rejected']);
    else {
      table.set(e.id, e.v);
      heldByLine.add(e.id);
      inserted++;
    }
  });
  const rows = [...table].map(([id, v]) => [id, String(v)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { rows, rejects, counts: { lines: events.length, inserted, duplicates, rejected: rejects.length, blank: 0 } };
}

const mapping = {
  ingest: [
    {
      name: 'refused',
      files: ['*.jsonl'],
      table: 't',
      key: 'id',
      onDuplicate: 'error',
      columns: { id: { from: 'id', type: 'string', required: true }, v: { from: 'v', type: 'integer' } },
    },
  ],
};

function assertModel(db: string, report: Record<string, unknown> | undefined, rejectsFile: string): void {
  const expected = model(lines());
  assert.deepEqual(sortedRows('SELECT id, v FROM t', db), expected.rows);
  const rejects = rejectLines(rejectsFile);
  assert.deepEqual(
    rejects.map((r) => [r.line, r.code]),
    expected.rejects,
  );
  for (const r of rejects.filter((r) => r.code === 'server-rejected')) assert.match(r.reason, /error 4025\b.*v_pos/);
  for (const [key, count] of Object.entries(expected.counts)) assert.equal(report?.[key], count, key);
  assert.equal(report?.balanced, true);
}

describe('onDuplicate "error": a line the server refuses holds no key', () => {
  for (const method of ['infile', 'insert'] as const) {
    for (const rangeBytes of [RANGE_BYTES, 1 << 20]) {
      it(`--method ${method}, ${rangeBytes === RANGE_BYTES ? 'many ranges' : 'one range'}: a later valid line with the key goes in`, () => {
        const db = database();
        const file = writeMappedLog(path.join(workspace.dir, `${method}-${rangeBytes}`), mapping, lines());
        const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
        const result = ingest(file, db.url, ['--method', method, '--range-bytes', String(rangeBytes), '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        assertModel(db.name, result.report, rejectsFile);
      });
    }
  }

  it('--resume after a stop: the same table, report and rejects', async () => {
    const db = database();
    const file = writeMappedLog(path.join(workspace.dir, 'resume'), mapping, lines());
    const rejectsFile = path.join(path.dirname(file), 'rejects.jsonl');
    const { mapping: declared } = await findMapping(file);
    const first = await ingestInProcess(file, db.url, {
      mapping: declared,
      rangeBytes: RANGE_BYTES,
      rejectsFile,
      workers: 2,
      method: 'insert',
      ...stopPartWay(2),
    });
    assert.equal(first.cancelled, true, 'the first run stops part-way');
    // A rejects file cut short makes --resume write every committed range's rejects again, from the ledger. The
    // stop may come before the first range with rejects committed: then there is no file yet.
    if (fs.existsSync(rejectsFile)) fs.truncateSync(rejectsFile, 0);
    const result = ingest(file, db.url, ['--resume', '--range-bytes', String(RANGE_BYTES), '--rejects', rejectsFile, '--method', 'insert']);
    assert.equal(result.status, 0, result.stderr);
    assertModel(db.name, result.report, rejectsFile);
  });
});

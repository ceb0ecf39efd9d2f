// Issue 21, gap 1 of the last probe (h34, not fixed yet): a CSV contract's unique column counts the value of a line
// that the server refused (a CHECK) or the parse rejected (a type error) as the first, so the next valid line with
// that value is rejected as its repeat ("repeats row N", N never loaded) and is lost, exit 0. The model: a repeat is
// one only of a value that is in the table; when the first line is refused, the next one takes its place.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { sql } from '../support/mariadb';

const workspace = ingestWorkspace();
const CONTRACT = {
  contracts: [
    {
      files: ['*.csv'],
      headers: { id: { required: true }, email: { constraints: { unique: true } }, v: { type: 'integer' } },
      schema: { fields: [], primaryKey: ['id'] },
    },
  ],
};

type Row = [id: string, email: string, v: string];

/** First lines the CHECK refuses or the parse rejects, each value repeated in the same range and after filler. */
function records(): Row[] {
  const out: Row[] = [
    ['a', 'x', '-1'],
    ['b', 'x', '1'],
    ['d', 'z', 'q'],
    ['e', 'z', '3'],
    ['h', 'w', '-2'],
  ];
  for (let i = 0; i < 200; i++) out.push([`f${String(i).padStart(3, '0')}`, `u${i}`, String(i + 1)]);
  out.push(['k', 'w', '5'], ['m', 'x', '6'], ['n', 'w', '7']);
  return out;
}

/** Lines refused hold no value: the first line whose row the table takes holds it; later ones are its repeats. */
function model(rows: Row[]) {
  const held = new Set<string>();
  const table: Row[] = [];
  const rejects: number[] = [];
  rows.forEach((row, i) => {
    const [, email, v] = row;
    if (held.has(email) || !/^-?\d+$/.test(v) || Number(v) <= 0) rejects.push(i + 2);
    else {
      held.add(email);
      table.push(row);
    }
  });
  return { table: table.sort((a, b) => (a[0] < b[0] ? -1 : 1)), rejects };
}

function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  sql('CREATE TABLE t (id VARCHAR(20) PRIMARY KEY, email VARCHAR(20) UNIQUE, v INT, CONSTRAINT v_pos CHECK (v > 0))', db.name);
  return db;
}

describe('a CSV unique column: a line refused by the server or the parse holds no value', () => {
  for (const onDuplicate of ['skip', 'error', 'update']) {
    for (const [method, rangeBytes] of [
      ['infile', 256],
      ['insert', 1 << 20],
    ] as const) {
      const name = `--on-duplicate ${onDuplicate} --method ${method}, ${rangeBytes === 256 ? 'many ranges' : 'one range'}`;
      it(name, () => {
        const db = database();
        const folder = path.join(workspace.dir, name.replace(/\W+/g, '-'));
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(CONTRACT));
        const file = path.join(folder, 't.csv');
        fs.writeFileSync(
          file,
          'id,email,v\n' +
            records()
              .map((r) => r.join(',') + '\n')
              .join(''),
        );
        const rejectsFile = path.join(folder, 'rejects.jsonl');
        const args = ['--table', 't', '--on-duplicate', onDuplicate, '--method', method, '--range-bytes', String(rangeBytes)];
        const result = ingest(file, db.url, [...args, '--rejects', rejectsFile]);
        assert.equal(result.status, 0, result.stderr);
        const expected = model(records());
        assert.deepEqual(sortedRows<Row>('SELECT id, email, v FROM t', db.name), expected.table);
        assert.deepEqual(
          rejectLines(rejectsFile).map((r) => r.line),
          expected.rejects,
        );
      });
    }
  }
});

// Issue 21, probe hp21f: a CSV's unique values as the table compares them. F2: the table Loadline creates is
// utf8mb4_bin, PAD SPACE, so "a" and "a " are one value there; the load and the dry run must both say so, whether
// or not a duplicate line comes between. F3: uniqueKeys tuples whose values hold the old separator (\u0001) are
// different tuples in validate, the dry run and the real run. F5: a key taken from a unique column with an empty
// cell is a reject with a code, never a crash worded as the server's; NULL unique values repeat nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace } from '../support/ingestFixtures';
import { rejectLines, sortedRows } from '../support/loadFaults';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const workspace = ingestWorkspace();
let cases = 0;

interface Outcome {
  status: number | null;
  stderr: string;
  counts: Record<string, unknown>;
  rejects: [number, string][];
}

/** The CSV `text` under `contract`, loaded for real into `t` (made by `ddl`, else by Loadline) and as a dry run. */
function loadBoth(contract: object, text: string, args: string[], ddl?: string) {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  if (ddl) sql(ddl, db.name);
  const folder = path.join(workspace.dir, `case-${cases++}`);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], ...contract }] }));
  const file = path.join(folder, 't.csv');
  fs.writeFileSync(file, text);
  const outcome = (run: { status: number | null; stderr: string; stdout: string }, rejects: string): Outcome => {
    const report = JSON.parse(run.stdout || '{}') as Record<string, unknown>;
    const { lines, inserted, updated, duplicates, rejected } = report;
    return {
      status: run.status,
      stderr: run.stderr,
      counts: { lines, inserted, updated, duplicates, rejected },
      rejects: rejectLines(rejects).map((r) => [r.line, r.code]),
    };
  };
  const dryRejects = path.join(folder, 'dry.jsonl');
  const dry = runCli(['ingest', file, '--dry-run', '--json', '--table', 't', '--rejects', dryRejects, ...args]);
  const realRejects = path.join(folder, 'real.jsonl');
  const real = ingest(file, db.url, ['--table', 't', '--rejects', realRejects, ...args]);
  return {
    dry: outcome(dry, dryRejects),
    real: outcome(real, realRejects),
    table: () => sortedRows(`SELECT id, CONCAT('<', email, '>') FROM t`, db.name),
    folder,
    file,
  };
}

const UNIQUE_EMAIL = {
  schema: {
    primaryKey: ['id'],
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'email', type: 'string', constraints: { unique: true } },
    ],
  },
};

describe('a CSV unique column compares values as its column does (PAD SPACE)', () => {
  for (const [name, text] of [
    ['after a duplicate line', 'id,email\n1,a \n1,a\n2,a\n'],
    ['without one', 'id,email\n1,a \n2,a\n'],
  ] as const) {
    for (const method of ['infile', 'insert']) {
      it(`"a" repeats "a " in a table Loadline creates, ${name}, --method ${method}: the dry run agrees`, () => {
        const run = loadBoth(UNIQUE_EMAIL, text, ['--method', method, '--range-bytes', '16']);
        const lines = text.split('\n').length - 1;
        const expected = { lines: lines - 1, inserted: 1, updated: 0, duplicates: lines - 3, rejected: 1 };
        assert.equal(run.real.status, 0, run.real.stderr);
        assert.deepEqual(run.real.counts, expected);
        assert.deepEqual(run.real.rejects, [[lines, 'unique-error']]);
        assert.deepEqual(run.table(), [['1', '<a >']]);
        assert.equal(run.dry.status, 0, run.dry.stderr);
        assert.deepEqual(run.dry.counts, expected);
        assert.deepEqual(run.dry.rejects, run.real.rejects);
      });
    }
  }
});

describe('uniqueKeys tell tuples apart whatever their values hold', () => {
  it('("x\\u0001y", "z") and ("x", "y\\u0001z") both load: validate, the dry run and the real run agree', () => {
    const contract = {
      schema: {
        primaryKey: ['id'],
        fields: [{ name: 'id', type: 'integer' }, { name: 'email' }, { name: 'org' }],
        uniqueKeys: [['email', 'org']],
      },
    };
    const run = loadBoth(contract, 'id,email,org\n1,x\u0001y,z\n2,x,y\u0001z\n3,1:x,y\n4,1,x1:y\n', []);
    const expected = { lines: 4, inserted: 4, updated: 0, duplicates: 0, rejected: 0 };
    assert.equal(run.real.status, 0, run.real.stderr);
    assert.deepEqual(run.real.counts, expected);
    assert.deepEqual(run.dry.counts, expected);
    assert.deepEqual([...run.real.rejects, ...run.dry.rejects], []);
    const validate = runCli(['validate', run.file], { cwd: run.folder });
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
  });
});

describe('a key taken from a unique column, with an empty cell', () => {
  const contract = {
    schema: {
      fields: [
        { name: 'id', type: 'integer', constraints: { unique: true } },
        { name: 'email', type: 'string', constraints: { unique: true } },
      ],
    },
  };
  for (const onDuplicate of ['skip', 'error', 'update']) {
    for (const method of ['infile', 'insert']) {
      it(`--on-duplicate ${onDuplicate} --method ${method}: rejected as required, the dry run agrees; empty unique values repeat nothing`, () => {
        const run = loadBoth(contract, 'id,email\n1,a\n,c\n,d\n2,\n3,\n', ['--on-duplicate', onDuplicate, '--method', method]);
        const expected = { lines: 5, inserted: 3, updated: 0, duplicates: 0, rejected: 2 };
        assert.equal(run.real.status, 0, run.real.stderr);
        assert.deepEqual(run.real.counts, expected);
        assert.deepEqual(run.real.rejects, [
          [3, 'required'],
          [4, 'required'],
        ]);
        assert.deepEqual(run.table(), [
          ['1', '<a>'],
          ['2', 'NULL'],
          ['3', 'NULL'],
        ]);
        assert.deepEqual(run.dry.counts, expected);
        assert.deepEqual(run.dry.rejects, run.real.rejects);
      });
    }
  }
});

// Property: keys that the table's collation folds (case, accents, ß and ss, NUL, trailing spaces) loaded by four
// workers over 1 to 50 ranges keep the first line of each key, as a model says that asks the server itself which
// keys are equal; and on a table with a second UNIQUE key, the earliest line holding a value wins in that index
// too, and a later one is a reject naming it, as a load line by line in file order would do.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredColumn, OnDuplicate } from '../../shared/src/mapping/declaredMapping';
import { IngestMapping } from '../../shared/src/mapping/ingestMapping';
import { fuzz } from '../support/fuzz';
import { ingestInProcess, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { firstEqual } from '../support/serverCollation';

const workspace = ingestWorkspace();
const { writeLog } = workspace;

/** A fresh database that exists before the load: the tests create its tables. */
function database() {
  const db = workspace.database();
  sql(`CREATE DATABASE \`${db.name}\``);
  return db;
}

const COLLATIONS = ['utf8mb4_unicode_520_ci', 'utf8mb4_uca1400_ai_ci', 'utf8mb4_uca1400_as_cs', 'utf8mb4_general_ci', 'latin1_german2_ci'];

/** Pieces that these collations fold into one another; latin1 holds them all. A key starts with a letter (a blank one is rejected). */
const letter = fc.constantFrom('a', 'A', 'á', 'Á', 'ß', 'ss', 'SS', 's', 'ä', 'ae');
const piece = fc.oneof(letter, fc.constantFrom('\u0000', ' '));
const keyText = fc.tuple(letter, fc.array(piece, { maxLength: 2 })).map(([first, rest]) => [first, ...rest].join(''));

const mappingOf = (table: string, columns: Record<string, DeclaredColumn['type']>, key: string, onDuplicate: OnDuplicate): IngestMapping => ({
  ...compileMapping({
    name: 'collation',
    table,
    key: [key],
    onDuplicate,
    columns: Object.fromEntries(Object.entries({ ...columns, note: 'string' as const }).map(([name, type]) => [name, { from: name, type }])),
  }),
  builtIn: false,
});

const logOf = (lines: object[]) => lines.map((l, i) => JSON.stringify({ ...l, note: `L${i + 1}` })).join('\n') + '\n';

const notesOf = (table: string, db: string) => sql(`SELECT note FROM ${table} ORDER BY note`, db).split('\n').filter(Boolean).sort();
const rejectedLines = (file: string | undefined) => (file && fs.existsSync(file) ? rejectsOf(file) : []);

describe('keys by the server collation (real MariaDB, 4 workers)', () => {
  it('keeps the first line of each key as the server compares keys, however the file is cut', async () => {
    const db = database();
    let run = 0;
    const keyCase = fc.record({
      keys: fc.array(keyText, { minLength: 1, maxLength: 60 }),
      collation: fc.constantFrom(...COLLATIONS),
      onDuplicate: fc.constantFrom('skip' as const, 'error' as const),
      ranges: fc.integer({ min: 1, max: 50 }),
    });
    await fc.assert(
      fc.asyncProperty(keyCase, async ({ keys, collation, onDuplicate, ranges }) => {
        const table = `k_${run}`;
        const charset = collation.split('_')[0];
        sql(`CREATE TABLE ${table} (k VARCHAR(20) CHARACTER SET ${charset} COLLATE ${collation} PRIMARY KEY, note VARCHAR(10))`, db.name);
        const text = logOf(keys.map((k) => ({ k })));
        const file = writeLog(`collation-${run++}.jsonl`, text);
        const report = await ingestInProcess(file, db.url, {
          mapping: mappingOf(table, { k: 'string' }, 'k', onDuplicate),
          rangeBytes: Math.ceil(Buffer.byteLength(text) / ranges),
          workers: 4,
        });
        const first = firstEqual(keys, collation);
        const winners = keys.flatMap((_, i) => (first[i] === i ? [`L${i + 1}`] : [])).sort();
        const repeats = keys.flatMap((_, i) => (first[i] === i ? [] : [i + 1]));
        assert.deepEqual(notesOf(table, db.name), winners);
        const skip = onDuplicate === 'skip';
        assert.deepEqual(
          { inserted: report.inserted, duplicates: report.duplicates, rejected: report.rejected },
          { inserted: winners.length, duplicates: skip ? repeats.length : 0, rejected: skip ? 0 : repeats.length },
        );
        const rejects = rejectedLines(report.rejectsFile);
        assert.deepEqual(
          rejects.map((r) => r.line),
          skip ? [] : repeats,
        );
        for (const r of rejects) assert.match(r.reason, new RegExp(`^duplicate key k .*: the first one is line ${first[r.line - 1] + 1}$`));
      }),
      fuzz(6),
    );
  });

  it('on a second UNIQUE key, the earliest line of a value wins and a later one is a reject naming the index', async () => {
    const db = database();
    let run = 0;
    const uniqueCase = fc.record({
      lines: fc.array(fc.record({ id: fc.integer({ min: 1, max: 40 }), u: keyText }), { minLength: 1, maxLength: 60 }),
      collation: fc.constantFrom(...COLLATIONS),
      ranges: fc.integer({ min: 1, max: 50 }),
    });
    await fc.assert(
      fc.asyncProperty(uniqueCase, async ({ lines, collation, ranges }) => {
        const table = `u_${run}`;
        const charset = collation.split('_')[0];
        sql(
          `CREATE TABLE ${table} (id INT PRIMARY KEY, u VARCHAR(20) CHARACTER SET ${charset} COLLATE ${collation}, note VARCHAR(10), UNIQUE KEY u_once (u))`,
          db.name,
        );
        const text = logOf(lines);
        const file = writeLog(`unique-${run++}.jsonl`, text);
        const report = await ingestInProcess(file, db.url, {
          mapping: mappingOf(table, { id: 'integer', u: 'string' }, 'id', 'skip'),
          rangeBytes: Math.ceil(Buffer.byteLength(text) / ranges),
          workers: 4,
        });
        // The model: each line in file order, as INSERT IGNORE one by one would take it.
        const first = firstEqual(
          lines.map((l) => l.u),
          collation,
        );
        const ids = new Set<number>();
        const us = new Set<number>();
        const winners: string[] = [];
        const refused: number[] = [];
        let duplicates = 0;
        lines.forEach((l, i) => {
          if (ids.has(l.id)) duplicates++;
          else if (us.has(first[i])) refused.push(i + 1);
          else {
            ids.add(l.id);
            us.add(first[i]);
            winners.push(`L${i + 1}`);
          }
        });
        assert.deepEqual(notesOf(table, db.name), winners.sort());
        assert.deepEqual(
          { inserted: report.inserted, duplicates: report.duplicates, rejected: report.rejected },
          { inserted: winners.length, duplicates, rejected: refused.length },
        );
        const rejects = rejectedLines(report.rejectsFile);
        assert.deepEqual(
          rejects.map((r) => r.line),
          refused,
        );
        for (const r of rejects) assert.match(r.reason, /u_once/);
      }),
      fuzz(6),
    );
  });
});

describe('keys by the server collation: cases', () => {
  it('onDuplicate "error" rejects a key that the collation folds into an earlier one, in every range size', async () => {
    const db = database();
    const keys = ['Straße', 'STRASSE ', 'Ärger', 'arger', 'x', 'x\u0000', 'x\u00a0'];
    for (const rangeBytes of [1 << 20, 20]) {
      const table = `e_${rangeBytes}`;
      sql(`CREATE TABLE ${table} (k VARCHAR(20) COLLATE utf8mb4_unicode_520_ci PRIMARY KEY, note VARCHAR(10))`, db.name);
      const file = writeLog(`error-${rangeBytes}.jsonl`, logOf(keys.map((k) => ({ k }))));
      const report = await ingestInProcess(file, db.url, { mapping: mappingOf(table, { k: 'string' }, 'k', 'error'), rangeBytes, workers: 4 });
      assert.deepEqual({ inserted: report.inserted, rejected: report.rejected, duplicates: report.duplicates }, { inserted: 3, rejected: 4, duplicates: 0 });
      assert.deepEqual(notesOf(table, db.name), ['L1', 'L3', 'L5']);
      assert.deepEqual(
        rejectedLines(report.rejectsFile).map((r) => [r.line, r.reason.replace(/^.*: /, '')]),
        [
          [2, 'the first one is line 1'],
          [4, 'the first one is line 3'],
          [6, 'the first one is line 5'],
          [7, 'the first one is line 5'],
        ],
      );
    }
  });

  it('a repeat of a second UNIQUE key loses to the earlier line, whatever its key, in every range size', async () => {
    const db = database();
    const lines = [
      { id: 5, u: 'a' },
      { id: 3, u: 'A ' },
      { id: 3, u: 'b' },
      { id: 1, u: 'B' },
    ];
    for (const rangeBytes of [1 << 20, 20]) {
      const table = `s_${rangeBytes}`;
      sql(`CREATE TABLE ${table} (id INT PRIMARY KEY, u VARCHAR(20) COLLATE utf8mb4_unicode_520_ci, note VARCHAR(10), UNIQUE KEY u_once (u))`, db.name);
      const file = writeLog(`second-${rangeBytes}.jsonl`, logOf(lines));
      const report = await ingestInProcess(file, db.url, { mapping: mappingOf(table, { id: 'integer', u: 'string' }, 'id', 'skip'), rangeBytes, workers: 4 });
      assert.deepEqual({ inserted: report.inserted, rejected: report.rejected, duplicates: report.duplicates }, { inserted: 2, rejected: 2, duplicates: 0 });
      assert.deepEqual(notesOf(table, db.name), ['L1', 'L3']);
      const rejects = rejectedLines(report.rejectsFile);
      assert.deepEqual(
        rejects.map((r) => r.line),
        [2, 4],
      );
      for (const r of rejects) assert.match(r.reason, /u_once/);
    }
  });
});

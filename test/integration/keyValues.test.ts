import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredMapping } from '../../shared/src/mapping/declaredMapping';
import { dryRunFile } from '../../shared/src/ingest/dryRun';
import { IngestMapping } from '../../shared/src/mapping/ingestMapping';
import { IngestReport } from '../../shared/src/ingest/report';
import { ingestInProcess, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database, writeLog } = ingestWorkspace();

const mappingOf = (declared: DeclaredMapping): IngestMapping => ({ ...compileMapping(declared), builtIn: false });
const jsonl = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const counts = (r: IngestReport) => ({ inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected });
const rows = (database: string, query: string) =>
  sql(query, database)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));

/** The real run (two workers) and the dry run of one file, with ranges of about `rangeBytes`. */
async function bothRuns(name: string, content: string, mapping: IngestMapping, rangeBytes: number, url: string) {
  const file = writeLog(name, content);
  const real = await ingestInProcess(file, url, { mapping, rangeBytes, workers: 2 });
  const dry = await dryRunFile({ file, mapping, rangeBytes, rejectsFile: path.join(dir, `${name}.dry-rejects.jsonl`) });
  return { real, dry };
}

describe('keys compare by their value for the column type', () => {
  it('0 and -0, 1, 1.0, 1e0 and 10e-1 are one number: onDuplicate "error" rejects the repeats, and the dry run agrees', async () => {
    const mapping = mappingOf({
      name: 'nums',
      table: 'nums',
      key: 'n',
      onDuplicate: 'error',
      columns: { n: { from: 'n', type: 'number' }, note: { from: 'note', type: 'string' } },
    });
    const events = [
      { n: '0', note: 'a' },
      { n: '-0', note: 'b' },
      { n: 1, note: 'c' },
      { n: '1.0', note: 'd' },
      { n: '1e0', note: 'e' },
      { n: '10e-1', note: 'f' },
    ];
    for (const rangeBytes of [1 << 20, 30]) {
      const db = database();
      const { real, dry } = await bothRuns(`nums-${rangeBytes}.jsonl`, jsonl(events), mapping, rangeBytes, db.url);
      assert.deepEqual(counts(real), { inserted: 2, duplicates: 0, rejected: 4 }, `range bytes ${rangeBytes}`);
      assert.deepEqual(counts(dry), counts(real));
      assert.deepEqual(rows(db.name, 'SELECT n, note FROM nums ORDER BY n'), [
        ['0', 'a'],
        ['1', 'c'],
      ]);
      const rejects = rejectsOf(real.rejectsFile!);
      assert.deepEqual(
        rejects.map((r) => r.line),
        [2, 4, 5, 6],
      );
      assert.match(rejects[1].reason, /duplicate key n "1\.0": the first one is line 3/);
    }
  });

  it('.5 and .500000 are one DATETIME(6): the first one wins across ranges, and the dry run counts the same duplicates', async () => {
    const mapping = mappingOf({
      name: 'times',
      table: 'times',
      key: 't',
      columns: { t: { from: 't', type: 'datetime' }, note: { from: 'note', type: 'string' } },
    });
    const events = [
      { t: '2024-05-01T12:00:00.500000Z', note: 'first' },
      ...Array.from({ length: 4 }, (_, i) => ({ t: `2024-05-0${i + 2}T00:00:00Z`, note: 'filler' })),
      { t: '2024-05-01T12:00:00.5Z', note: 'second' },
      { t: '2024-05-01T12:00:00Z', note: 'third' },
      { t: '2024-05-01T12:00:00.000Z', note: 'fourth' },
    ];
    for (const rangeBytes of [1 << 20, 60]) {
      const db = database();
      const { real, dry } = await bothRuns(`times-${rangeBytes}.jsonl`, jsonl(events), mapping, rangeBytes, db.url);
      assert.deepEqual(counts(real), { inserted: 6, duplicates: 2, rejected: 0 }, `range bytes ${rangeBytes}`);
      assert.deepEqual(counts(dry), counts(real));
      assert.deepEqual(rows(db.name, "SELECT t, note FROM times WHERE note <> 'filler' ORDER BY t"), [
        ['2024-05-01 12:00:00.000000', 'third'],
        ['2024-05-01 12:00:00.500000', 'first'],
      ]);
    }
  });

  it('a composite key whose values hold NUL: ("x\\0", "y") and ("x", "\\0y") are two keys', async () => {
    const mapping = mappingOf({
      name: 'pairs',
      table: 'pairs',
      key: ['a', 'b'],
      onDuplicate: 'error',
      columns: { a: { from: 'a', type: 'string' }, b: { from: 'b', type: 'string' }, note: { from: 'note', type: 'string' } },
    });
    const events = [
      { a: 'x\u0000', b: 'y', note: 'one' },
      { a: 'x', b: '\u0000y', note: 'two' },
      { a: 'x', b: '\u0000y', note: 'repeat' },
    ];
    const db = database();
    const { real, dry } = await bothRuns('pairs.jsonl', jsonl(events), mapping, 1 << 20, db.url);
    assert.deepEqual(counts(real), { inserted: 2, duplicates: 0, rejected: 1 });
    assert.deepEqual(counts(dry), counts(real));
    assert.deepEqual(rows(db.name, 'SELECT HEX(a), HEX(b), note FROM pairs ORDER BY note'), [
      ['7800', '79', 'one'],
      ['78', '0079', 'two'],
    ]);
    assert.deepEqual(
      rejectsOf(real.rejectsFile!).map((r) => r.line),
      [3],
    );
  });

  it('an existing DECIMAL(8,3) key: 1.5, 1.500 and 15e-1 are the value the column stores, so onDuplicate "error" rejects the repeats', async () => {
    const db = database();
    sql(`CREATE DATABASE ${db.name}; CREATE TABLE ${db.name}.prices (p DECIMAL(8,3) PRIMARY KEY, note VARCHAR(20)) DEFAULT CHARSET=utf8mb4`);
    const mapping = mappingOf({
      name: 'prices',
      table: 'prices',
      key: 'p',
      onDuplicate: 'error',
      columns: { p: { from: 'p', type: 'number' }, note: { from: 'note', type: 'string', maxLength: 20 } },
    });
    const file = writeLog(
      'prices.jsonl',
      jsonl([
        { p: '1.5', note: 'a' },
        { p: '1.500', note: 'b' },
        { p: '15e-1', note: 'c' },
        { p: '-0.000', note: 'd' },
        { p: '0', note: 'e' },
      ]),
    );
    const report = await ingestInProcess(file, db.url, { mapping, rangeBytes: 30, workers: 2 });
    assert.deepEqual(counts(report), { inserted: 2, duplicates: 0, rejected: 3 });
    assert.deepEqual(rows(db.name, 'SELECT p, note FROM prices ORDER BY p'), [
      ['0.000', 'd'],
      ['1.500', 'a'],
    ]);
  });
});

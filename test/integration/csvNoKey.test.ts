import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace } from '../support/ingestFixtures';
import { localMariadb, sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();

/** A contract that names no primary key and no unique column. */
const NO_KEY_CONTRACT = { contracts: [{ files: ['*.csv'], headers: { name: { required: true }, qty: { type: 'integer' } } }] };

function csvProject(name: string, csv: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(NO_KEY_CONTRACT));
  fs.writeFileSync(path.join(folder, 'stock.csv'), csv);
  return path.join(folder, 'stock.csv');
}

describe('a CSV whose contract has no key', () => {
  it('loads every valid row, repeats too, across ranges, says so in the report, and a dry run agrees', () => {
    const db = database();
    const file = csvProject('nokey', 'name,qty\na,1\nb,2\na,1\n\nc,x\na,1\n');
    const result = ingest(file, db.url, ['--workers', '2', '--range-bytes', '8']);
    assert.equal(result.status, 0, result.stderr);
    const expected = { lines: 6, inserted: 4, duplicates: 0, rejected: 1, blank: 1 };
    assertSameCounts(result.report!, expected);
    assert.equal(result.report!.noKey, true);
    assert.equal(result.report!.keyNote, 'no key: repeats are loaded as they come');
    // Ranges commit in parallel, so loadline_row follows commit order; csv_line is the row's place in the file.
    const rows = sql('SELECT name, qty, csv_line FROM stock ORDER BY csv_line', db.name).trim().split('\n');
    assert.deepEqual(rows, ['a\t1\t2', 'b\t2\t3', 'a\t1\t4', 'a\t1\t7']);
    const dry = runCli(['ingest', file, '--dry-run', '--json']);
    assert.equal(dry.status, 0, dry.stderr);
    assertSameCounts(JSON.parse(dry.stdout) as object, expected);
    const text = runCli(['ingest', file, '--mysql', database().url], { env: { ...process.env, MYSQL_PWD: localMariadb().password } });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\n {2}no key: repeats are loaded as they come\n/);
  });

  it('another file into the same table, and the same file again, add their rows as LOAD DATA would', () => {
    const db = database();
    const first = csvProject('again', 'name,qty\na,1\na,1\n');
    const second = path.join(path.dirname(first), 'day2.csv');
    fs.writeFileSync(second, 'name,qty\nnew1,10\nnew2,20\n');
    assertSameCounts(ingest(first, db.url).report!, { lines: 2, inserted: 2, duplicates: 0, rejected: 0, blank: 0 });
    assertSameCounts(ingest(second, db.url, ['--table', 'stock']).report!, { lines: 2, inserted: 2, duplicates: 0, rejected: 0, blank: 0 });
    assertSameCounts(ingest(first, db.url).report!, { lines: 2, inserted: 2, duplicates: 0, rejected: 0, blank: 0 });
    const rows = sql('SELECT name, qty, csv_line FROM stock ORDER BY loadline_row', db.name).trim().split('\n');
    assert.deepEqual(rows, ['a\t1\t2', 'a\t1\t3', 'new1\t10\t2', 'new2\t20\t3', 'a\t1\t2', 'a\t1\t3']);
  });

  it('loadline ingest --help describes CSV/TSV input', () => {
    const help = runCli(['ingest', '--help']);
    assert.match(help.stdout, /CSV\/TSV file\s+\(through its contract\)/);
    assert.match(help.stdout, /\.csv or \.tsv file/);
  });
});

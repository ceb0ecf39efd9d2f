// Hostile probe of issue 21 (h32): a killed load of a CSV without a key, run again without --resume, loaded the
// committed rows a second time (nothing in a key-less table tells them apart). It is refused; --resume finishes it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, killIngestAfter } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const { dir, database } = ingestWorkspace();
const RANGE_BYTES = 16 << 10;
// Enough ranges that a SIGKILL sent after the second commit lands before the last one, even when each range loads in
// milliseconds (the rows of a range already committed when the kill arrives are named either way).
const ROWS = 60000;

function csvProject(name: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  const contract = { contracts: [{ files: ['*.csv'], headers: { name: { required: true }, qty: { type: 'integer' } } }] };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(contract));
  const file = path.join(folder, 'stock.csv');
  fs.writeFileSync(file, 'name,qty\n' + Array.from({ length: ROWS }, (_, i) => `x${i % 500},${i}\n`).join(''));
  return file;
}

const killAfter = (file: string, url: string, ranges: number) => killIngestAfter(file, url, ranges, { rangeBytes: RANGE_BYTES, mode: 'csv' });

const count = (db: string) => sql('SELECT COUNT(*), COUNT(DISTINCT csv_line) FROM stock', db).trim();
const args = ['--workers', '1', '--range-bytes', String(RANGE_BYTES)];

describe('a killed load of a CSV without a key', () => {
  it('is not started over without --resume (exit 2, nothing loaded twice), and --resume finishes it exactly', async () => {
    const db = database();
    const file = csvProject('restart');
    await killAfter(file, db.url, 2);
    const loaded = count(db.name);
    const [rows] = loaded.split('\t').map(Number);
    assert.ok(rows > 0 && rows < ROWS, `killed mid-run: ${loaded}`);
    const again = ingest(file, db.url, args);
    assert.equal(again.status, 2, again.stderr);
    assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
    assert.match(again.stderr, new RegExp(`${rows} rows of \\S*stock\\.csv are already in the table stock \\(csv_line 2(-| and on)`));
    assert.match(again.stderr, /run with --resume to finish that load, or delete those rows and \S+loadline-checkpoint\.json to start over/);
    assert.equal(count(db.name), loaded, 'nothing loaded by the refused run');
    const resumed = ingest(file, db.url, ['--resume', ...args]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(count(db.name), `${ROWS}\t${ROWS}`);
  });

  it('after a change to the file, the advice says to delete the loaded rows before starting over', async () => {
    const db = database();
    const file = csvProject('changed');
    await killAfter(file, db.url, 2);
    fs.appendFileSync(file, 'late,1\n');
    const result = ingest(file, db.url, ['--resume', ...args]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /changed since its checkpoint was written; .*first delete the rows it loaded/);
  });

  it('after a change to the contract, --resume names the loaded rows, and its advice loads each row once', async () => {
    const db = database();
    const file = csvProject('remapped');
    await killAfter(file, db.url, 2);
    const [rows] = count(db.name).split('\t').map(Number);
    const config = path.join(path.dirname(file), '.loadline.json');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"type":"integer"', '"type":"integer","constraints":{"minimum":0}'));
    const result = ingest(file, db.url, ['--resume', ...args]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`mapping of \\S*stock\\.csv changed .*, and ${rows} rows of it are already in the table stock \\(csv_line 2(-| and on)`),
    );
    assert.doesNotMatch(result.stderr, /or delete \S+ and run without --resume/, 'starting over alone would load those rows again');
    // The advice: empty the table, delete the checkpoint, run without --resume.
    assert.match(
      result.stderr,
      /empty stock \(TRUNCATE TABLE, or DELETE those rows\) or load into a new --table, then delete (\S+loadline-checkpoint\.json) and run without --resume/,
    );
    const checkpoint = /then delete (\S+loadline-checkpoint\.json)/.exec(result.stderr)![1];
    sql('TRUNCATE TABLE stock', db.name);
    fs.rmSync(checkpoint);
    const again = ingest(file, db.url, args);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(count(db.name), `${ROWS}\t${ROWS}`);
  });
});

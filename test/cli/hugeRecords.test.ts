// `loadline validate` of a record longer than a record may have (MAX_LINE_BYTES, 16 MiB): one problem at its line,
// worded as ingest's reject, and every record after it still checked, with one thread or two (hp24 04 and 05: an
// unquoted 50 MB record never finished, a closed 20 MB quoted cell was "never ends" and hid the rows after it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_LINE_BYTES, tooLongReason } from '../../shared/src/text/lineLimit';
import { runCli } from '../support/run';

interface JsonProblem {
  line: number;
  code: string;
  message: string;
}

describe('loadline validate: a record past the 16 MiB a record may have', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, maxBuffer: 1 << 26, timeout: 60_000 });
  const problems = (file: string, workers: number): JsonProblem[] => {
    const run = cli(['validate', '--workers', String(workers), '--format', 'json', file]);
    assert.equal(run.status, 1, `${run.stderr}${run.stdout.slice(0, 500)}`);
    return (JSON.parse(run.stdout) as JsonProblem[]).map(({ line, code, message }) => ({ line, code, message }));
  };
  /** Bytes of the record on line 3 of `unquoted.csv`, its line break included, as ingest measures it. */
  const unquotedBytes = MAX_LINE_BYTES + 1000 + '2,'.length + 1;
  /** The quoted cell's lines of 100 bytes, closed: a fifth past the limit (20 MB was "never ends", 10 MB held). */
  const cellLines = Math.ceil((MAX_LINE_BYTES * 1.25) / 100);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-huge-record-'));
    fs.writeFileSync(
      path.join(dir, '.loadline.json'),
      JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { id: { type: 'integer', constraints: { unique: true } } } }] }),
    );
    fs.writeFileSync(path.join(dir, 'unquoted.csv'), `id,s\n1,x\n2,${'y'.repeat(MAX_LINE_BYTES + 1000)}\n3,x\n1,again\nnope,x\n`);
    const rows = ['id,s'];
    for (let i = 1; i <= 1000; i++) rows.push(`${i},x`);
    fs.writeFileSync(path.join(dir, 'quoted.csv'), `${rows.join('\n')}\n1001,"${`${'z'.repeat(99)}\n`.repeat(cellLines)}"\n1002,x\n5,dup\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports an unquoted record too long at its line, as ingest rejects it, and checks the records after it', () => {
    const expected = [
      { line: 3, code: 'invalid-csv', message: tooLongReason('record', unquotedBytes) },
      { line: 5, code: 'unique-error', message: 'Value "1" in id (row 5) repeats row 2: the column is unique' },
      { line: 6, code: 'type-error', message: 'Value "nope" in id (row 6) is not an integer' },
    ];
    assert.deepEqual(problems('unquoted.csv', 1), expected);
    // The file is above the parallel threshold: its ranges are cut where papaparse ends records.
    assert.deepEqual(problems('unquoted.csv', 2), expected);
  });

  it('reports a closed quoted cell too long at its line, not as a quote that never ends, and checks the rows after it', () => {
    const record = 1002;
    const after = record + cellLines + 1;
    const expected = [
      { line: record, code: 'invalid-csv', message: tooLongReason('record', '1001,"'.length + cellLines * 100 + 2) },
      { line: after + 1, code: 'unique-error', message: `Value "5" in id (row ${after + 1}) repeats row 6: the column is unique` },
    ];
    assert.deepEqual(problems('quoted.csv', 1), expected);
    assert.deepEqual(problems('quoted.csv', 2), expected);
  });

  it("is the dry run's reject, line for line, and the rows after it load (ingest --dry-run)", () => {
    for (const file of ['unquoted.csv', 'quoted.csv']) {
      const rejects = path.join(dir, `${file}.rejects.jsonl`);
      const run = cli(['ingest', '--dry-run', '--table', 't', '--rejects', rejects, file]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /every line accounted for/);
      const rejected = fs
        .readFileSync(rejects, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { line: number; code: string; reason: string })
        .filter((r) => r.code === 'invalid-csv')
        .map(({ line, code, reason }) => ({ line, code, message: reason }));
      assert.deepEqual(
        rejected,
        problems(file, 1).filter((p) => p.code === 'invalid-csv'),
        file,
      );
      // Every row after the record loads (the repeat is a duplicate to a load): 1000 + 2 rows, or 3.
      assert.match(run.stdout, file === 'quoted.csv' ? /inserted +1001\b/ : /inserted +2\b/);
    }
  });
});

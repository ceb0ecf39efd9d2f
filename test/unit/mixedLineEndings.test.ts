// Files that mix line endings (\n, \r\n, a lone \r) between their records (hp14 09, hp15 01, hp15 04): validate evens
// them out for papaparse without touching a quoted cell's own line breaks, and a load, which reads records as
// papaparse does, rejects a record that swallowed one of the editor's lines rather than loading it glued.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lineBreakInRecord, withOneLineEnding } from '../../shared/src/csv/lineEndings';
import { runCli } from '../support/run';

describe('withOneLineEnding', () => {
  it('turns each line break between records that is not the file newline into \\n, keeps the length, and leaves quoted ones', () => {
    const cases: [string, string, string][] = [
      // [text, its newline, what papaparse gets]
      ['a\nb\r\nc\n', '\n', 'a\nb\n\nc\n'],
      ['a\r\nb\nc\r\n', '\r\n', 'a\n\nb\nc\n\n'],
      ['a\rb\n', '\n', 'a\nb\n'],
      ['s\n"p\r\nq"\n', '\n', 's\n"p\r\nq"\n'],
      ['s\n"p\rq"\r\nx\n', '\n', 's\n"p\rq"\n\nx\n'],
      // A quote inside an unquoted cell is text (an inch mark): the line break after it is between records.
      ['55" tv\r\nx\n', '\n', '55" tv\n\nx\n'],
      // A piece of a \n file whose only line breaks are \r\n mixes them too.
      ['a\r\nb\r\n', '\n', 'a\n\nb\n\n'],
    ];
    for (const [text, newline, parsed] of cases) {
      const result = withOneLineEnding(text, newline, ',');
      assert.equal(result.text, parsed, JSON.stringify(text));
      assert.equal(result.text.length, text.length);
    }
    assert.deepEqual(withOneLineEnding('a\r\nb\r\n', '\r\n', ','), { text: 'a\r\nb\r\n', newline: '\r\n' });
  });
});

describe('lineBreakInRecord', () => {
  it("finds a line break outside quotes in a record's text, and none in a quoted cell", () => {
    assert.equal(lineBreakInRecord('k1,a', ',', '\n'), undefined);
    assert.equal(lineBreakInRecord('k1,"a\r\nb"', ',', '\n'), undefined);
    assert.equal(lineBreakInRecord('k1,a\nk2,b', ',', '\r\n'), '\n');
    assert.equal(lineBreakInRecord('k1,a\rk2,b', ',', '\n'), '\r');
    // A \r that ends a record of a \n file is its CRLF line end.
    assert.equal(lineBreakInRecord('k1,a\r', ',', '\n'), '\r\n');
    assert.equal(lineBreakInRecord('k1;"x";y\r\nz', ';', '\n'), '\r\n');
  });
});

describe('a load of a CSV that mixes line endings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-mixed-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rejects a record that swallowed an editor line, with the reason and the fix; a quoted line break loads (hp15 04)', () => {
    fs.writeFileSync(
      path.join(dir, 'datapackage.json'),
      JSON.stringify({ resources: [{ name: 'customers', path: 'customers.csv', schema: { fields: [{ name: 'id' }, { name: 'name' }], primaryKey: ['id'] } }] }),
    );
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, 'id,name\r\nk1,a\nk2,b\r\nk3,"c\nd"\r\nk4,e\r\n');
    const result = runCli(['ingest', file, '--dry-run', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { lines: number; inserted: number; rejected: number; rejectsFile: string };
    assert.deepEqual([report.lines, report.inserted, report.rejected], [3, 2, 1]);
    const [reject] = fs
      .readFileSync(report.rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; code: string; reason: string; text: string });
    assert.deepEqual([reject.line, reject.code, reject.text], [2, 'invalid-csv', 'k1,a\nk2,b']);
    assert.match(reject.reason, /records end in CRLF \(\\r\\n\), but this row holds LF \(\\n\) outside quotes.*mixes line endings\. Give it one kind/);
  });
});

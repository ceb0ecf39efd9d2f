// The classes of input that crashed, hung or fooled the engine (issue 11), each tested as a class.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { matchContract } from '../../shared/src/contract/matchContract';
import { Contract } from '../../shared/src/contract/types';
import { detectDialect } from '../../shared/src/csv/dialect';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { Problem } from '../../shared/src/problem';
import { LineCursor } from '../../shared/src/text/lineCursor';

const contract: Contract = { files: ['**'], headers: { a: { required: true }, b: { required: true }, c: { required: true } } };
const where = (problems: Problem[]) => problems.map((p) => [p.code, p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character]);

describe('malformed quotes never make the engine throw', () => {
  const cases = [
    ['a quoted cell that closes and continues, in a data row', 'a,b,c\n1,"2" x,",\n'],
    ['the same in the header', '"a"b,",\n1,2\n'],
    ['followed by more rows', 'a,b,c\n1,"2" x,",\nz,,\n'],
    ['an empty quoted cell followed by text', 'a,b,c\n""x,,\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const report = validateCsv(text, contract);
      assert.ok(
        report.problems.some((p) => p.code === 'invalid-csv'),
        JSON.stringify(where(report.problems)),
      );
    });
  }
});

describe('line endings', () => {
  it('treats every line ending as a line break when a file mixes them, as the editor does', () => {
    const expected = [
      ['required', 2, 0, 2, 0],
      ['required', 2, 3, 2, 3],
    ];
    assert.deepEqual(where(validateCsv('a,b,c\n1,2,3\n,2,\n4,5,6\n', contract).problems), expected);
    assert.deepEqual(where(validateCsv('a,b,c\r\n1,2,3\n,2,\r\n4,5,6\n', contract).problems), expected, 'CRLF then LF');
    assert.deepEqual(where(validateCsv('a,b,c\r1,2,3\n,2,\r\n4,5,6', contract).problems), expected, 'CR, LF and CRLF');
  });

  it('keeps quoted line breaks inside their cell in a mixed file', () => {
    assert.deepEqual(where(validateCsv('a,b,c\r\n"x\ny",2,3\n,2,3\r\n', contract).problems), [['required', 3, 0, 3, 0]]);
  });
});

describe('delimiter detection', () => {
  for (const delimiter of [';', '\t', '|']) {
    it(`finds ${JSON.stringify(delimiter)} below leading blank lines`, () => {
      const text = `\n\n  \na${delimiter}b${delimiter}c\n1${delimiter}2${delimiter}3\n`;
      assert.deepEqual(detectDialect(text), { ok: true, dialect: { delimiter, newline: '\n' } });
      assert.deepEqual(validateCsv(text, contract).problems, []);
    });
  }
});

describe('positions', () => {
  it('answers an earlier offset on the same line without rescanning the text', () => {
    const cursor = new LineCursor('ab\ncdef\ngh');
    assert.deepEqual(cursor.positionAt(7), { line: 1, character: 4 });
    assert.deepEqual(cursor.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(cursor.positionAt(1), { line: 0, character: 1 });
    assert.deepEqual(cursor.positionAt(9), { line: 2, character: 1 });
  });

  it('reports problems found out of order within a row at their own cells', () => {
    const text = 'a,b,c\n,2,3,extra\n';
    assert.deepEqual(where(validateCsv(text, contract, { maxProblems: 100000 }).problems), [
      ['required', 1, 0, 1, 0],
      ['extra-cell', 1, 5, 1, 10],
    ]);
  });
});

describe('hostile configs', () => {
  it('strips a UTF-8 BOM instead of calling the file invalid JSON', () => {
    const parsed = parseConfig('\ufeff{ "contracts": [] }');
    assert.equal(parsed.ok, true);
  });

  it('turns a config nested 100,000 deep into one config problem, never a throw', () => {
    const parsed = parseConfig('['.repeat(100000) + ']'.repeat(100000));
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && parsed.problems.length >= 1);
  });

  it('refuses a glob of 70,000 characters and one that would backtrack, at the glob', () => {
    const config = (glob: string) => JSON.stringify({ contracts: [{ files: [glob], headers: {} }] });
    for (const [glob, reason] of [
      ['x'.repeat(70000), /70000 characters long; Loadline takes globs of up to 1000/],
      ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', /has 15 wildcards in one path segment/],
      // picomatch matches neither a.csv nor t.csv with it, and *(a|+(b)).csv misses ab.csv: a contract for nothing.
      ['+(+(a|t)).csv', /nests an extglob such as \+\(…\) inside another/],
      ['x/@(q|*(a|+(b))).csv', /nests an extglob/],
    ] as const) {
      const parsed = parseConfig(config(glob));
      assert.ok(!parsed.ok, glob.slice(0, 20));
      assert.match(parsed.problems[0].message, reason);
      assert.deepEqual(parsed.problems[0].range.start, { line: 0, character: 24 }, 'the glob string, quotes included');
    }
    assert.equal(parseConfig(config('**/*_*_*.csv')).ok, true, 'three wildcards in a segment are fine');
    for (const fine of ['+(a|t).csv', '@(a|b)/(x).csv', '(a)(b)+(c).csv', '\\+(\\+(a).csv']) assert.equal(parseConfig(config(fine)).ok, true, fine);
  });

  // How long the match takes is measured by `npm run bench` (test/bench/hostileContracts.bench.ts).
  it('matches an accepted glob against a long name, and misses a near match', async () => {
    const parsed = parseConfig(JSON.stringify({ contracts: [{ files: ['*a*a*.csv'], headers: {} }] }));
    assert.ok(parsed.ok);
    assert.equal((await matchContract(parsed.config, '/w/.loadline.json', `${'a'.repeat(250)}b.csv`))?.index, 0);
    assert.equal(await matchContract(parsed.config, '/w/.loadline.json', `${'a'.repeat(250)}b.txt`), undefined);
  });

  it('reports at most 100 problems of a config with 20,000, and says there are more', () => {
    const contracts = Array.from({ length: 20000 }, () => ({ files: 3 }));
    const parsed = parseConfig(JSON.stringify({ contracts }));
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems.length, 101);
    assert.match(parsed.problems[100].message, /More problems in this file are not shown/);
  });
});

// Contracts are hostile input too: huge enums and configs of thousands of errors must give bounded messages in
// time that grows with the input, never a crash (issue 22, classes 1 and 4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as jsoncParser from 'jsonc-parser';
import { parseConfig, parseTableSchema } from '../../shared/src/contract/parse/parseConfig';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';

describe('enum messages', () => {
  it('a 100,000-value enum with 2,000 bad rows gives 2,000 short messages that name the count and a few values', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `CODE-${i}`);
    const csv = `code\n${Array.from({ length: 2_000 }, (_, i) => `BAD-${i}`).join('\n')}\n`;
    const heapBefore = process.memoryUsage().heapUsed;
    const contract = { files: ['*.csv'], headers: { code: { constraints: { enum: values } } } };
    const { problems } = validateCsv(csv, contract, { maxProblems: 5_000 });
    assert.equal(problems.length, 2_000);
    assert.equal(
      problems[0].message,
      'Value "BAD-0" in code (row 2) is not one of the 100,000 allowed values, such as "CODE-0", "CODE-1", "CODE-2", "CODE-3", "CODE-4" (enum)',
    );
    assert.ok(Math.max(...problems.map((p) => p.message.length)) < 300);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024);
  });

  it('quotes long enum values shortened, so that one message stays short whatever the values', () => {
    const long = 'x'.repeat(100_000);
    const { problems } = validateCsv('v\ny\n', { files: ['*.csv'], headers: { v: { constraints: { enum: [long, long + 'y'] } } } });
    assert.equal(problems[0].message, `Value "y" in v (row 2) is not one of "${'x'.repeat(40)}…", "${'x'.repeat(40)}…" (enum)`);
  });
});

describe('every message has a bounded size, whatever the contract or the header', () => {
  it('a 7 KB pattern (longer ones are refused), a 100 KB format and a 100 KB column name are quoted shortened', () => {
    const pattern = `(?:${Array.from({ length: 1_500 }, (_, i) => `x${i}`).join('|')})`;
    const name = 'N'.repeat(100_000);
    const contract = {
      files: ['*.csv'],
      headers: { c: { constraints: { pattern } }, d: { type: 'date' as const, format: `%Y${'-'.repeat(100_000)}` }, [name]: { type: 'integer' as const } },
    };
    const rows = Array.from({ length: 50 }, () => 'zzz,2024,x').join('\n');
    const { problems } = validateCsv(`c,d,${name}\n${rows}\n`, contract);
    assert.deepEqual([...new Set(problems.map((p) => p.code))].sort(), ['constraint-error', 'type-error']);
    assert.equal(problems.length, 150);
    assert.ok(Math.max(...problems.map((p) => p.message.length)) <= 1001, `longest: ${Math.max(...problems.map((p) => p.message.length))}`);
    assert.match(problems[0].message, /does not match the pattern \(\?:x0\|x1\|.{50,}…$/);
  });
});

// How the time grows with the errors is measured by `npm run bench` (test/bench/hostileContracts.bench.ts): what
// holds without a clock is checked here.
describe('a config of 40,000 errors', () => {
  const shapes: Record<string, (n: number) => object> = {
    'header rules of the wrong shape': (n) => ({
      contracts: [{ files: ['*.csv'], headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, { type: 'nope' }])) }],
    }),
    'header rules with unknown formats': (n) => ({
      contracts: [{ files: ['*.csv'], headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, { type: 'date', format: '%Q' }])) }],
    }),
  };
  for (const [name, config] of Object.entries(shapes)) {
    it(`${name}: reports the first 100 problems, at their rules, and says there are more`, () => {
      const result = parseConfig(JSON.stringify(config(40_000)));
      assert.ok(!result.ok);
      assert.equal(result.problems.length, 101);
      assert.match(result.problems[100].message, /More problems in this file are not shown/);
      const columns = result.problems.slice(0, 100).map((p) => p.range.start.character);
      assert.deepEqual(
        columns,
        [...columns].sort((x, y) => x - y),
        'in the order of the rules',
      );
    });
  }
});

describe('a huge Table Schema', () => {
  it('300,000 fields without a problem are read without a JSONC tree, and the value is the JSON', () => {
    const fields = Array.from({ length: 300_000 }, (_, i) => ({ name: `f${i}`, type: 'string' }));
    const text = JSON.stringify({ fields });
    // The file was parsed twice, into a tree each time: 31 s on the shared test machine, then 10 s with one tree.
    // JSON.parse reads it; a tree is built only for a problem's position.
    const parser = jsoncParser as { parseTree: typeof jsoncParser.parseTree };
    const parseTree = parser.parseTree;
    let passes = 0;
    parser.parseTree = (...args) => (passes++, parseTree(...args));
    try {
      const result = parseTableSchema(text);
      assert.equal(passes, 0);
      assert.ok(result.ok);
      assert.deepEqual(result.value, { fields });
    } finally {
      parser.parseTree = parseTree;
    }
  });
});

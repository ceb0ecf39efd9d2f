// A contract file is read once, into the value that both the shape check and the contract use (issue 22, class 4):
// JSON.parse when every number in it is exact as a double, one pass of jsonc-parser without a tree when a limit
// needs its written digits (or the file is JSONC). A tree is built only to place a problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as jsoncParser from 'jsonc-parser';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';

/** How many times each jsonc-parser reader ran while `read` ran. */
function passes<T>(read: () => T): { result: T; trees: number; visits: number } {
  const parser = jsoncParser as { parseTree: typeof jsoncParser.parseTree; visit: typeof jsoncParser.visit };
  const { parseTree, visit } = parser;
  let trees = 0;
  let visits = 0;
  parser.parseTree = (...args) => (trees++, parseTree(...args));
  parser.visit = (...args) => (visits++, visit(...args));
  try {
    return { result: read(), trees, visits };
  } finally {
    Object.assign(parser, { parseTree, visit });
  }
}

const contract = (constraints: string, comment = '') =>
  `{${comment}"contracts": [{"files": ["*.csv"], "headers": {"n": {"type": "number", "constraints": ${constraints}}, "__proto__": {"type": "string"}}}]}`;

describe('reading a contract file', () => {
  it('plain JSON whose numbers a double keeps: JSON.parse alone, no jsonc-parser pass', () => {
    const text = contract('{"minimum": 1, "maximum": 123456789012345, "enum": [1, 2.5, 3]}');
    const { result, trees, visits } = passes(() => parseConfig(text));
    assert.ok(result.ok);
    assert.deepEqual(result.config, JSON.parse(text));
    assert.deepEqual(Object.keys(result.config.contracts[0].headers!), ['n', '__proto__']);
    assert.equal(trees + visits, 0);
  });

  it('a limit past 2^53 keeps its digits, the shape check sees a number, and one pass without a tree reads it', () => {
    const text = contract('{"minimum": 1e3, "maximum": 9007199254740993, "enum": [9007199254740993, 7, 0.30000000000000001]}');
    const { result, trees, visits } = passes(() => parseConfig(text));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.config.contracts[0].headers!.n.constraints, {
      minimum: 1000,
      maximum: { written: '9007199254740993' },
      enum: [{ written: '9007199254740993' }, 7, { written: '0.30000000000000001' }],
    });
    assert.equal(Object.keys(result.config.contracts[0].headers!).length, 2);
    assert.deepEqual([trees, visits], [0, 1]);
  });

  it('JSONC (a comment, a trailing comma) with exact limits: the same value, still no tree', () => {
    const text = contract('{"maximum": 9007199254740993, "enum": [1, 2,],}', '/* big */');
    const { result, trees } = passes(() => parseConfig(text));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.config.contracts[0].headers!.n.constraints, { maximum: { written: '9007199254740993' }, enum: [1, 2] });
    assert.equal(trees, 0);
  });

  it('a number outside constraints is a plain number; a string of digits stays a string', () => {
    const text = `{"contracts": [{"files": ["12345678901234567.csv"], "headers": {"n": {"type": "integer", "description": 1e400}}}]}`;
    const { result } = passes(() => parseConfig(text));
    assert.equal(result.ok, false);
    const fixed = text.replace(', "description": 1e400', '');
    const read = parseConfig(fixed);
    assert.ok(read.ok);
    assert.deepEqual(read.config.contracts[0].files, ['12345678901234567.csv']);
  });

  it('shape problems are placed without a tree, at what they name; other problems with one tree', () => {
    const text = contract('{"maximum": 9007199254740993, "minLength": "x"}').replace('"files": ["*.csv"]', '"files": ["*.csv"], "extra": 1');
    const { result, trees } = passes(() => parseConfig(text));
    assert.equal(trees, 0);
    assert.deepEqual(
      (!result.ok ? result.problems : []).map((p) => text.slice(p.range.start.character, p.range.end.character)),
      ['"extra"', '"x"'],
    );
    const formatText = `{"contracts": [{"files": ["*.csv"], "headers": {"d": {"type": "date", "format": "%Q"}}}]}`;
    const format = passes(() => parseConfig(formatText));
    assert.equal(format.trees, 1);
    const [{ range }] = !format.result.ok ? format.result.problems : [];
    assert.equal(formatText.slice(range.start.character, range.end.character), '"%Q"');
  });

  it('a top-level key written twice is an error at the repeat (the value keeps the last; edits and positions find the first); a name that is only a value builds no tree', () => {
    const mapping = (name: string) => `{"name": "${name}", "files": ["${name}.jsonl"], "table": "${name}", "key": "id", "columns": {"id": {"from": "id"}}}`;
    const text = `{"ingest": [],\n "ingest": [${mapping('q')}]}`;
    const { result } = passes(() => parseConfig(text));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.problems.map((p) => [p.range.start.line, p.range.start.character, p.message.replace(/ See .*/, '')]),
      [[1, 1, '"ingest" is written twice: Loadline reads the last one, and would silently ignore the other. Merge the two into one "ingest".']],
    );
    const once = passes(() => parseConfig(`{"ingest": [${mapping('ingest')}]}`));
    assert.ok(once.result.ok, JSON.stringify(once.result));
    assert.equal(once.trees, 1, 'the text names "ingest" twice, once as a value: one tree says it is no repeat');
    const plain = passes(() => parseConfig(`{"ingest": [${mapping('q')}]}`));
    assert.equal(plain.trees + plain.visits, 0);
  });
});

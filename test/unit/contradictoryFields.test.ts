// A field no cell could pass, or one whose boolean texts contradict each other, is a config error at the fault
// (hp22 oddities): `minimum: 5, maximum: 1` failed every row without a word about the contract, `trueValues` and
// `falseValues` sharing "1" read "1" as true, and both lists empty gave the message `is not a boolean ()`.
// frictionless-py accepts all three; the README lists them as deviations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';

/** The faults of a one-line config: [the text each is at, its message without its guide]. */
function faultsIn(text: string): [string, string][] {
  const result = parseConfig(text);
  if (result.ok) return [];
  return result.problems.map((p) => [text.slice(p.range.start.character, p.range.end.character), p.message.split('. See')[0]]);
}
/** The faults of a config whose one header rule, for `a`, is `rule`. */
const faultsOf = (rule: object) => faultsIn(JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { a: rule } }] }));

describe('limits that leave no value', () => {
  it('a lower limit above the upper one, at the upper one', () => {
    assert.deepEqual(faultsOf({ type: 'integer', constraints: { minimum: 5, maximum: 1 } }), [
      ['1', 'maximum 1 is below the minimum 5: no value can pass both'],
    ]);
    assert.deepEqual(faultsOf({ type: 'date', constraints: { maximum: '2024-01-01', minimum: '2024-02-01' } }), [
      ['"2024-01-01"', 'maximum "2024-01-01" is below the minimum "2024-02-01": no value can pass both'],
    ]);
    assert.deepEqual(faultsOf({ constraints: { minLength: 3, maxLength: 2 } }), [['2', 'maxLength 2 is below the minLength 3: no value can pass both']]);
  });

  it('equal limits leave one value, unless either is exclusive', () => {
    assert.deepEqual(faultsOf({ type: 'number', constraints: { minimum: 5, maximum: 5 } }), []);
    assert.deepEqual(faultsOf({ type: 'number', constraints: { exclusiveMinimum: 5, maximum: 5 } }), [
      ['5', 'maximum 5 is equal to the exclusiveMinimum 5: no value can pass both'],
    ]);
    assert.deepEqual(faultsOf({ type: 'number', constraints: { minimum: 5, exclusiveMaximum: 5 } }), [
      ['5', 'exclusiveMaximum 5 is equal to the minimum 5: no value can pass both'],
    ]);
  });

  it('compares limits past a double exactly', () => {
    assert.equal(faultsOf({ type: 'integer', constraints: { minimum: '9007199254740993', maximum: '9007199254740992' } }).length, 1);
    assert.deepEqual(
      faultsIn('{"contracts": [{"files": ["*.csv"], "headers": {"a": {"type": "number", "constraints": {"minimum": 2e400, "maximum": 1e400}}}}]}'),
      [['1e400', 'maximum 1e400 is below the minimum 2e400: no value can pass both']],
    );
  });
});

describe('boolean texts', () => {
  it('a text in both trueValues and falseValues, at the second list', () => {
    assert.deepEqual(faultsOf({ type: 'boolean', trueValues: ['1', 'y'], falseValues: ['n', '1'] }), [
      ['"1"', '"1" is in both trueValues and falseValues, so a cell "1" would read as true: keep it in one list'],
    ]);
  });

  it('a text in one list and the other list left out, whose defaults hold it', () => {
    assert.deepEqual(faultsOf({ type: 'boolean', trueValues: ['0'] }), [
      ['"0"', '"0" is in both trueValues and falseValues (a list left out has its defaults), so a cell "0" would read as true: keep it in one list'],
    ]);
  });

  it('both lists empty', () => {
    assert.deepEqual(faultsOf({ type: 'boolean', trueValues: [], falseValues: [] }), [
      ['[]', 'trueValues and falseValues are both empty, so no cell could be a boolean: list the texts of each, or leave them out for the defaults'],
    ]);
  });

  it('one list empty is a boolean of one value, as in frictionless-py', () => {
    assert.deepEqual(faultsOf({ type: 'boolean', trueValues: [] }), []);
  });
});

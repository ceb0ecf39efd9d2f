// A header rule adds to the schema field of its label; a rule whose type contradicts the field's would silently
// drop the field's checks (hp22 10), so it is an invalid-config at the rule's type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';

const config = (headers: unknown, fields: unknown[]) => JSON.stringify({ contracts: [{ files: ['*.csv'], headers, schema: { fields } }] });

describe('header rules against the inline schema field of the same label', () => {
  it("a rule of type string on an integer field (maximum 0) is refused at the rule's type", () => {
    const text = config({ a: { type: 'string' } }, [{ name: 'a', type: 'integer', constraints: { maximum: 0 } }]);
    const result = parseConfig(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
    const [problem] = result.problems;
    assert.equal(problem.code, 'invalid-config');
    assert.equal(text.slice(problem.range.start.character, problem.range.end.character), '"string"');
    assert.match(problem.message, /^Header rule "a" has type "string", but the schema's field "a" is "integer": a header rule adds to its field/);
  });

  it('labels match case-insensitively, and a field without a type is a string', () => {
    const result = parseConfig(config({ ' A ': { type: 'integer' } }, [{ name: 'a' }]));
    assert.equal(result.ok, false);
  });

  for (const [name, headers, fields] of [
    ['the same type', { a: { type: 'integer', constraints: { minimum: 1 } } }, [{ name: 'a', type: 'integer' }]],
    ['no type (the rule adds constraints)', { a: { required: true } }, [{ name: 'a', type: 'integer' }]],
    ['string on a field without a type', { a: { type: 'string' } }, [{ name: 'a' }]],
    ['a label that is no field', { b: { type: 'string' } }, [{ name: 'a', type: 'integer' }]],
  ] as const) {
    it(`${name} is accepted`, () => assert.equal(parseConfig(config(headers, [...fields])).ok, true));
  }
});

// A misspelt property of a Table Schema, a field or its constraints must not silently disarm a rule (issue 22,
// class 9): the Table Schema spec allows custom properties, so a likely typo (within 2 edits of a known
// property) is a warning at its name, and the rest of the file still applies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseDataPackage, parseTableSchema } from '../../shared/src/contract/parse/parseConfig';
import { Problem } from '../../shared/src/problem';

const shown = (problems: Problem[]) => problems.map((p) => [p.severity, p.range.start.line, p.range.start.character, p.message]);
const HINT = 'A custom property is allowed, but a misspelt one is ignored';

describe('unknown properties of a Table Schema', () => {
  it('"tpye", "constrants" and "primaryKy": warnings at their names with the property meant; the file stays usable', () => {
    const text = `{
  "fields": [
    { "name": "n", "tpye": "integer", "constrants": { "required": true }, "rdfType": "x", "myTag": 1 }
  ],
  "primaryKy": "n"
}`;
    const result = parseTableSchema(text);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(shown(result.warnings), [
      ['warning', 2, 19, `Unknown property "tpye": did you mean "type"? ${HINT}`],
      ['warning', 2, 38, `Unknown property "constrants": did you mean "constraints"? ${HINT}`],
      ['warning', 4, 2, `Unknown property "primaryKy": did you mean "primaryKey"? ${HINT}`],
    ]);
  });

  it("in a contract's inline schema and a Data Package resource's schema too", () => {
    const config = parseConfig(JSON.stringify({ contracts: [{ files: ['*.csv'], schema: { fields: [{ name: 'n', formt: 'email' }] } }] }));
    assert.ok(config.ok);
    assert.deepEqual(
      config.warnings.map((p) => p.message),
      [`Unknown property "formt": did you mean "format"? ${HINT}`],
    );
    const data = parseDataPackage(JSON.stringify({ resources: [{ path: 'a.csv', schema: { fields: [{ name: 'n' }], missingValue: ['NA'] } }] }));
    assert.ok(data.ok);
    assert.deepEqual(
      data.warnings.map((p) => p.message),
      [`Unknown property "missingValue": did you mean "missingValues"? ${HINT}`],
    );
  });

  it('a custom property far from every known one is no warning, and neither is a clean schema', () => {
    const result = parseTableSchema(JSON.stringify({ fields: [{ name: 'n', type: 'integer', example: '1', rdfType: 'x' }], owner: 'me' }));
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, []);
  });

  it('an unknown constraint or header-rule property stays an error, and names the property meant', () => {
    const config = parseConfig(
      JSON.stringify({
        contracts: [{ files: ['*.csv'], headers: { n: { tpye: 'integer' } }, schema: { fields: [{ name: 'x', constraints: { requird: true } }] } }],
      }),
    );
    assert.ok(!config.ok);
    assert.deepEqual(
      config.problems.filter((p) => p.message.startsWith('Unknown')).map((p) => [p.severity, p.message.replace(/\. See .*/, '')]),
      [
        ['error', 'Unknown property "tpye" in /contracts/0/headers/n (did you mean "type"?)'],
        ['error', 'Unknown property "requird" in /contracts/0/schema/fields/0/constraints (did you mean "required"?)'],
      ],
    );
  });
});

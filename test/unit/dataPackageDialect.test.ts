// A Data Package resource's dialect that Loadline would read otherwise than it says is refused at the property
// (hp22 05, 06): a delimiter that is not one character, and header: false.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDataPackage } from '../../shared/src/contract/parse/parseConfig';

const pkg = (dialect: unknown) =>
  JSON.stringify({ resources: [{ name: 'x', path: 'x.csv', dialect, schema: { fields: [{ name: 'a', type: 'integer', constraints: { maximum: 0 } }] } }] });

/** The one problem of a package with this dialect, and the text at its range. */
function onlyProblem(dialect: unknown) {
  const text = pkg(dialect);
  const result = parseDataPackage(text);
  assert.equal(result.ok, false, `refused: ${JSON.stringify(dialect)}`);
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
  const [problem] = result.problems;
  assert.equal(problem.code, 'invalid-config');
  assert.equal(problem.range.start.line, 0);
  return { problem, at: text.slice(problem.range.start.character, problem.range.end.character) };
}

describe('Data Package dialect', () => {
  for (const delimiter of [';;', 'ab', 1, '', '"', '\n', null]) {
    it(`delimiter ${JSON.stringify(delimiter)} is an invalid-config at dialect.delimiter`, () => {
      const { problem, at } = onlyProblem({ delimiter });
      assert.equal(at, JSON.stringify(delimiter));
      assert.match(problem.message, /^dialect\.delimiter must be one character other than a quote or a line break/);
    });
  }

  it('header: false is refused at dialect.header, saying it is not supported', () => {
    const { problem, at } = onlyProblem({ header: false, delimiter: ';' });
    assert.equal(at, 'false');
    assert.match(problem.message, /^dialect\.header false is not supported/);
  });

  for (const dialect of [{ delimiter: ';' }, { delimiter: '\t' }, { delimiter: ':' }, { header: true }, {}]) {
    it(`${JSON.stringify(dialect)} is accepted`, () => assert.equal(parseDataPackage(pkg(dialect)).ok, true));
  }
});

// A contract's faults in Loadline's words, with their position; no message ends blank (issue 22, the hostile probe).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';

const patternFaults = (pattern: string) => {
  const result = parseConfig(JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { v: { constraints: { pattern } } } }] }));
  return result.ok ? [] : result.problems.map((p) => p.message);
};

describe('a pattern that is no regular expression', () => {
  it('is described in our words, with the character where the fault starts, never the JavaScript engine wording', () => {
    const see = '. See "Typed contracts" in docs/contracts.md.';
    assert.deepEqual(patternFaults('('), [`pattern is not a valid regular expression: a group "(" is never closed (at character 1 of the pattern)${see}`]);
    assert.deepEqual(patternFaults('ab)'), [`pattern is not a valid regular expression: a ")" closes no group (at character 3 of the pattern)${see}`]);
    assert.deepEqual(patternFaults('x[z-a]'), [
      `pattern is not a valid regular expression: a character range runs backwards (at character 3 of the pattern)${see}`,
    ]);
    assert.deepEqual(patternFaults('a(?=b)'), [
      `pattern is not a valid regular expression: a lookahead, lookbehind or other group syntax is not supported (it cannot run in linear time) (at character 2 of the pattern)${see}`,
    ]);
    // RE2 reads a lookbehind as a malformed named group ("(?<name>"): the message names the lookbehind.
    for (const pattern of ['(?<=a)b', '(?<!a)b'])
      assert.deepEqual(patternFaults(pattern), [
        `pattern is not a valid regular expression: a lookbehind "(?<=" or "(?<!" is not supported (it cannot run in linear time) (at character 1 of the pattern)${see}`,
      ]);
    // RE2 says "a character range runs backwards" for an unknown \p{…} name, and JavaScript refuses RE2's script
    // spelling \p{Greek}: both are one reason naming the class (hp22b 05).
    for (const [pattern, at] of [
      ['\\p{IsBasicLatin}+', 1],
      ['x\\p{Foo}', 2],
      ['\\p{Greek}+', 1],
      ['\\p{Script=Greek}', 1],
    ] as const) {
      const name = /\\p\{[^}]*\}/.exec(pattern)![0];
      assert.deepEqual(patternFaults(pattern), [
        `pattern is not a valid regular expression: ${name} is not a Unicode class Loadline can read: general categories such as \\p{L} or \\p{Lu} work, but not scripts or XML Schema blocks; write those as a range, such as [\\u0370-\\u03FF] (at character ${at} of the pattern)${see}`,
      ]);
    }
    assert.deepEqual(patternFaults('\\p{Lu}+'), []);
    // A pasted code list of 100,000 alternatives took RE2 7.6 s to compile, outside every time budget.
    const codes = Array.from({ length: 2000 }, (_, i) => `w${i}`).join('|');
    assert.deepEqual(patternFaults(codes), [
      `pattern is not a valid regular expression: it is ${codes.length} characters long, above the 10000 that Loadline compiles (a long list of codes is better written as an enum)${see}`,
    ]);
    for (const pattern of ['(', '\\_', 'a{', '[a', 'a**'])
      for (const message of patternFaults(pattern)) assert.doesNotMatch(message, /Invalid regular expression|error parsing regexp|\/u:/);
  });
});

describe('a constraint-error message', () => {
  it('quotes an empty pattern, so that the message does not end blank', () => {
    const { problems } = validateCsv('v\nx\n', { files: ['*'], headers: { v: { constraints: { pattern: '' } } } });
    assert.equal(problems[0].message, 'Value "x" in v (row 2) does not match the pattern ""');
  });
});

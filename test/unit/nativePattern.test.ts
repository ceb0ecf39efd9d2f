// A pattern run on a native RegExp (nativePattern) answers as RE2 does, and only a pattern that matches each character
// of a cell in one way is run there: hostile patterns stay on RE2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern, re2 } from '../../shared/src/schema/compilePattern';
import { nativePattern } from '../../shared/src/schema/nativePattern';
import { FUZZ_SCALE } from '../support/fuzz';

// Atoms inside and outside the subset: `.`, \s, \D and negated classes mean other things in the two engines.
const atom = fc.constantFrom(
  'a',
  'B',
  '-',
  '_',
  ' ',
  'é',
  '😀',
  '\\d',
  '\\w',
  '\\s',
  '\\D',
  '\\.',
  '\\-',
  '[\\-a]',
  '.',
  '[A-Z]',
  '[a-c0-2]',
  '[\\w-]',
  '[^a]',
  '[😀é]',
  '[.]',
  '(a|b)',
);
const repeat = fc.constantFrom('', '', '{2}', '{0}', '{1,3}', '*', '+', '?');
const pattern = fc.array(fc.tuple(atom, repeat), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([a, r]) => a + r).join(''));
// Cells of characters the atoms name or nearly do: line ends, Unicode spaces, a lone surrogate, astral characters.
const char = fc.constantFrom(
  'a',
  'b',
  'B',
  'Z',
  'z',
  '0',
  '2',
  '9',
  '-',
  '_',
  '.',
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\u00a0',
  '\u2028',
  'é',
  'É',
  '😀',
  '\ud800',
  'ſ',
  'K',
);
const cell = fc.array(char, { maxLength: 8 }).map((chars) => chars.join(''));

describe('nativePattern', () => {
  it('answers as RE2 does on random cells, for every pattern it takes (property)', () => {
    fc.assert(
      fc.property(pattern, fc.array(cell, { minLength: 1, maxLength: 20 }), (source, cells) => {
        const native = nativePattern(source);
        fc.pre(native !== undefined && !('reason' in compilePattern(source)));
        const regex = re2().compile(re2().translateRegExp(source));
        for (const text of cells) assert.equal(native.test(text), regex.matches(text), JSON.stringify({ source, text }));
      }),
      { numRuns: 2000 * FUZZ_SCALE },
    );
  });

  it('takes a row of atoms repeated fixed times, and leaves alternatives, groups, open repeats and engine-dependent atoms to RE2', () => {
    for (const taken of ['[A-Z]{2}-[0-9]{4}', '\\d{5}', 'AB\\.[a-z]{3}', '[\\w-]{8}']) assert.ok(nativePattern(taken), taken);
    for (const left of ['(a|a)*', '(\\w|\\d)*x', 'a*a*b', '\\d+', '[a-z]?', 'a{1,3}', 'x|y', '.', '\\s', '\\D', '[^a]', '(?=a)a', '(a)\\1'])
      assert.equal(nativePattern(left), undefined, left);
  });
});

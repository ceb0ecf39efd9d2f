// Patterns and strptime formats of the shapes that make a backtracking engine take exponential time must be
// checked in time linear in the cell (issue 22, classes 2 and 3). Steps are counted, not timed: the engine's reads
// of the cell (test/support/charReads.ts). Each adversarial cell is first tried small, where a backtracking engine
// fails the count at once instead of hanging on the large one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileField } from '../../shared/src/schema/fieldRule';
import { temporalCast, INVALID } from '../../shared/src/schema/temporal';
import { charReads } from '../support/charReads';
import { fuzz } from '../support/fuzz';

/** RE2 reads a cell about once per character (measured: n + 1 for these patterns); backtracking reads it 2^n times. */
const READS_PER_CHARACTER = 2;
/** A strptime format: at most this many reads per directive and character (measured: 1.7 at most); backtracking 2^directives. */
const READS_PER_DIRECTIVE_AND_CHARACTER = 3;

/** Tests the cell against the pattern and asserts the engine read it, linearly; returns the violation. */
function linearViolation(pattern: string, cell: string): unknown {
  const rule = compileField({ name: 'v', constraints: { pattern } });
  const { value, reads } = charReads(() => rule.violation(cell, cell));
  assert.ok(reads > 0, `${pattern}: the cell was not read by the linear engine`);
  assert.ok(reads <= READS_PER_CHARACTER * cell.length + 8, `${pattern}: ${reads} reads of ${cell.length} characters`);
  return value?.constraint;
}

/** Casts the cell with the format and asserts the engine read it in steps bounded by the format's size times the cell's. */
function linearCast(type: 'date' | 'datetime', format: string, cell: string): unknown {
  const cast = temporalCast(type, format);
  const { value, reads } = charReads(() => cast(cell));
  const directives = format.split('%').length - 1;
  assert.ok(reads > 0, `${format}: the cell was not read by the linear engine`);
  assert.ok(reads <= READS_PER_DIRECTIVE_AND_CHARACTER * directives * cell.length, `${format}: ${reads} reads of ${cell.length} characters`);
  return value;
}

/** A single character class or letter, and a string of characters that it matches. */
const atoms: [string, string][] = [
  ['a', 'a'],
  ['\\w', 'a'],
  ['\\d', '1'],
  ['[a-z]', 'q'],
  ['.', 'a'],
];

/** Backtracking shapes: nested quantifiers, overlapping alternations, an atom that overlaps what follows. */
const backtrackingPattern = fc.tuple(fc.constantFrom(...atoms), fc.constantFrom(...atoms), fc.integer({ min: 0, max: 5 })).map(([[a, aText], [b], shape]) => {
  const body = [`(${a}+)+`, `(${a}|${a})*`, `(${a}|${b})*`, `(${a}*)*`, `(${a}|${a}${a})+`, `((${a}+)*|${b})+`][shape];
  return { pattern: `${body}!`, small: aText.repeat(20), cell: aText.repeat(20_000) };
});

describe('patterns run in linear time', () => {
  it('(a|a)*, (\\w|\\d)*x and overlapping alternations fail a 20,000-character cell in reads linear in the cell', () => {
    for (const [pattern, cell] of [
      ['(a|a)*', (n: number) => `${'a'.repeat(n)}b`],
      ['(\\w|\\d)*x', (n: number) => '1'.repeat(n)],
      ['(a|ab|b)*c', (n: number) => 'ab'.repeat(n / 2)],
    ] as const) {
      assert.equal(linearViolation(pattern, cell(20)), 'pattern');
      assert.equal(linearViolation(pattern, cell(20_000)), 'pattern');
    }
  });

  it('keeps the whole-value match and unicode of the JavaScript engine', () => {
    const rule = compileField({ name: 'v', constraints: { pattern: '[a-z]+\\d' } });
    assert.equal(rule.violation('abc1', 'abc1'), undefined);
    assert.equal(rule.violation('abc1x', 'abc1x')?.constraint, 'pattern');
    assert.equal(rule.violation('xabc', 'xabc')?.constraint, 'pattern');
    const letters = compileField({ name: 'v', constraints: { pattern: '\\p{L}{2}.' } });
    assert.equal(letters.violation('éa😀', 'éa😀'), undefined);
  });

  it('property: every backtracking shape is refused on an adversarial cell in reads linear in the cell', () => {
    fc.assert(
      fc.property(backtrackingPattern, ({ pattern, small, cell }) => {
        assert.equal(linearViolation(pattern, small), 'pattern');
        assert.equal(linearViolation(pattern, cell), 'pattern');
      }),
      fuzz(30),
    );
  });
});

describe('strptime formats run in linear time', () => {
  it('%m repeated 32 times refuses a cell of 64 digits and a letter in reads bounded by the format times the cell', () => {
    assert.equal(linearCast('date', '%m'.repeat(12), `${'1'.repeat(24)}x`), INVALID);
    assert.equal(linearCast('date', '%m'.repeat(32), `${'1'.repeat(64)}x`), INVALID);
    assert.notEqual(temporalCast('date', '%d%m%Y')('0103' + '2024'), INVALID);
  });

  it('property: runs of adjacent directives refuse an adversarial cell in reads bounded by the format times the cell', () => {
    const directive = fc.constantFrom('%m', '%d', '%H', '%M', '%S', '%f', '%j', '%I');
    fc.assert(
      fc.property(fc.array(directive, { minLength: 16, maxLength: 40 }), fc.constantFrom('', '%p', '%b', ' '), (run, tail) => {
        for (const directives of [run.slice(0, 12), run]) {
          assert.equal(linearCast('datetime', directives.join('') + tail, `${'1'.repeat(directives.length * 2)}?`), INVALID);
        }
      }),
      fuzz(30),
    );
  });
});

// Patterns and strptime formats of the shapes that make a backtracking engine take exponential time must be
// checked in time linear in the cell (issue 22, classes 2 and 3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileField } from '../../shared/src/schema/fieldRule';
import { temporalCast, INVALID } from '../../shared/src/schema/temporal';
import { fuzz } from '../support/fuzz';

/** Far above what a linear check of these cells takes, far below what a backtracking one would. */
const BUDGET_MS = 1_000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
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
  return { pattern: `${body}!`, cell: aText.repeat(20_000) };
});

describe('patterns run in linear time', () => {
  it('(a|a)*, (\\w|\\d)*x and overlapping alternations fail a 20,000-character cell within the budget', () => {
    for (const [pattern, cell] of [
      ['(a|a)*', `${'a'.repeat(20_000)}b`],
      ['(\\w|\\d)*x', '1'.repeat(20_000)],
      ['(a|ab|b)*c', 'ab'.repeat(10_000)],
    ]) {
      const rule = compileField({ name: 'v', constraints: { pattern } });
      const { value, ms } = timed(() => rule.violation(cell, cell));
      assert.equal(value?.constraint, 'pattern');
      assert.ok(ms < BUDGET_MS, `${pattern}: ${ms.toFixed(0)} ms`);
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

  it('property: every backtracking shape is refused on an adversarial cell within the budget', () => {
    fc.assert(
      fc.property(backtrackingPattern, ({ pattern, cell }) => {
        const rule = compileField({ name: 'v', constraints: { pattern } });
        const { value, ms } = timed(() => rule.violation(cell, cell));
        assert.equal(value?.constraint, 'pattern');
        assert.ok(ms < BUDGET_MS, `${pattern}: ${ms.toFixed(0)} ms`);
      }),
      fuzz(30),
    );
  });
});

describe('strptime formats run in linear time', () => {
  it('%m repeated 32 times refuses a cell of 64 digits and a letter within the budget', () => {
    const cast = temporalCast('date', '%m'.repeat(32));
    const { value, ms } = timed(() => cast(`${'1'.repeat(64)}x`));
    assert.equal(value, INVALID);
    assert.ok(ms < BUDGET_MS, `${ms.toFixed(0)} ms`);
    assert.notEqual(temporalCast('date', '%d%m%Y')('0103' + '2024'), INVALID);
  });

  it('property: runs of adjacent directives refuse an adversarial cell within the budget', () => {
    const directive = fc.constantFrom('%m', '%d', '%H', '%M', '%S', '%f', '%j', '%I');
    fc.assert(
      fc.property(fc.array(directive, { minLength: 16, maxLength: 40 }), fc.constantFrom('', '%p', '%b', ' '), (run, tail) => {
        const cast = temporalCast('datetime', run.join('') + tail);
        const { value, ms } = timed(() => cast(`${'1'.repeat(run.length * 2)}?`));
        assert.equal(value, INVALID);
        assert.ok(ms < BUDGET_MS, `${run.join('')}${tail}: ${ms.toFixed(0)} ms`);
      }),
      fuzz(30),
    );
  });
});

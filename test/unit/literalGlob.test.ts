// The glob Loadline writes for one file (the quick fixes' new entries, `loadline infer`) names that file alone, with
// the options every contract and mapping is matched with (hp2527c 14: `!neg.jsonl` named every other log).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { literalGlob } from '../../shared/src/contract/literalGlob';
import { GLOB_OPTIONS } from '../../shared/src/contract/matchContract';
import { fuzz } from '../support/fuzz';

const matches = (glob: string, path: string) => picomatch(glob, GLOB_OPTIONS)(path);

describe('literalGlob', () => {
  it("names the probe's files alone", () => {
    const names = ['!neg.jsonl', '{a,b}.jsonl', 'a*b.jsonl', 'log[1].jsonl', 'q?.jsonl', '+(x).jsonl', 'a\\b.jsonl', 'x@(y|z).jsonl', 'logs/a b.jsonl'];
    const others = ['a.jsonl', 'b.jsonl', 'axxb.jsonl', 'log1.jsonl', 'qz.jsonl', 'x.jsonl', 'xy.jsonl', 'other.jsonl', 'logs/ab.jsonl'];
    for (const name of names) {
      assert.equal(matches(literalGlob(name), name), true, name);
      for (const other of others) assert.equal(matches(literalGlob(name), other), false, `${literalGlob(name)} matched ${other}`);
    }
  });

  it('property: a path made of glob syntax is matched by its own glob, and by no other path', () => {
    // No backslash: picomatch reads a run of them as escapes of one another, so `a\\b` names no file it can match.
    const char = fc.constantFrom(...'ab.!*?[]{}()+@|,-^$ '.split(''));
    // A path below a config's folder, as Loadline writes it: no `.` or `..` segment.
    const segment = fc
      .array(char, { minLength: 1, maxLength: 8 })
      .map((chars) => chars.join(''))
      .filter((s) => s !== '.' && s !== '..');
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
    fc.assert(
      fc.property(path, path, (name, other) => {
        assert.equal(matches(literalGlob(name), name), true);
        // Contracts match without case (GLOB_OPTIONS.nocase): a name differing only in case is the same file to them.
        if (other.toLowerCase() !== name.toLowerCase()) assert.equal(matches(literalGlob(name), other), false);
      }),
      fuzz(2000),
    );
  });
});

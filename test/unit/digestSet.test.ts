// The referenced keys of a foreign key as a sorted set of digests (issue 27): the set answers as a plain Set of the
// keys does, a composite key's digest made without its string is the string's, and the non-unique key that
// readReferencedKeys reports is the one a plain Map of the keys finds, in file order across files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ForeignKeyTarget } from '../../shared/src/contract/types';
import { keyOf } from '../../shared/src/csv/check/referenceRules';
import { readReferencedKeys, textInput } from '../../shared/src/csv/foreignKeyCheck';
import { DigestSet } from '../../shared/src/schema/digestSet';
import { DIGEST, digestKey, digestValues } from '../../shared/src/schema/digest64';
import { fuzz } from '../support/fuzz';

/** Keys as foreign keys make them: integers (safe or not), strings of any length and character, composites. */
const value = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  // digestValues hashes a safe integer's digits without writing it: every length, and both signs.
  fc.maxSafeInteger(),
  fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), -(2 ** 53), 2 ** 53 + 2, 1e21, 0.5, -0, NaN, true),
  fc.string({ maxLength: 4 }),
  fc.string({ minLength: 9, maxLength: 120, unit: 'binary' }),
  fc.constantFrom({ y: 2026 }, [1, 2]),
);
const key = fc.oneof(
  value.map((v) => [v]),
  fc.array(value, { minLength: 2, maxLength: 4 }),
);

/** Adds a key to the set by its digest, as readReferencedKeys does. */
const addKey = (set: DigestSet, k: unknown) => {
  digestKey(k);
  set.add(DIGEST.hi, DIGEST.lo);
};

const digestOf = (digest: () => void) => {
  digest();
  return [DIGEST.hi, DIGEST.lo];
};

describe('DigestSet', () => {
  it('holds what a plain Set of the keys holds, and tells the keys added more than once apart', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.array(key, { maxLength: 50 }), fc.integer({ min: 0, max: 400 }), (added, others, expected) => {
        const set = new DigestSet(expected);
        const plain = new Map<unknown, number>();
        for (const values of added) {
          addKey(set, keyOf(values));
          plain.set(keyOf(values), (plain.get(keyOf(values)) ?? 0) + 1);
        }
        set.seal();
        assert.equal(set.size, plain.size);
        for (const values of [...added, ...others]) assert.equal(set.hasKey(keyOf(values)), plain.has(keyOf(values)), JSON.stringify(values));
        const twice = [...plain].filter(([, n]) => n > 1).map(([k]) => k);
        assert.equal(set.repeated?.size ?? 0, twice.length);
        for (const k of twice) assert.ok(set.repeated!.hasKey(k));
      }),
      fuzz(300),
    );
  });

  it('finds every key among many (a directory of many buckets), and no other', () => {
    const set = new DigestSet(0);
    for (let i = 0; i < 200_000; i++) addKey(set, i % 3 === 0 ? i : `k${i}`);
    set.seal();
    assert.equal(set.size, 200_000);
    for (let i = 0; i < 200_000; i++) assert.ok(set.hasKey(i % 3 === 0 ? i : `k${i}`), String(i));
    for (let i = 0; i < 200_000; i++) assert.ok(!set.hasKey(i % 3 === 0 ? `k${i}` : i), String(i));
  });

  it('digests a key of several values as the string keyOf joins them into', () => {
    fc.assert(
      fc.property(key, (values) =>
        assert.deepEqual(
          digestOf(() => digestValues(values)),
          digestOf(() => digestKey(keyOf(values))),
        ),
      ),
      fuzz(1000),
    );
  });
});

const TARGET = {
  fields: ['k', 'n'],
  referenced: [{ name: 'k' }, { name: 'n', type: 'integer' }],
  missingValues: [''],
  files: [],
} as unknown as ForeignKeyTarget;
const cell = fc.constantFrom('a', 'b', '"a,b"', '', '1', '01');
const number = fc.constantFrom('1', '2', '01', '', 'x');

describe('readReferencedKeys', () => {
  it('reports the first key that repeats, in file order across files, as a Map of the keys finds it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.tuple(cell, number), { maxLength: 12 }), { minLength: 1, maxLength: 3 }), async (files) => {
        const inputs = files.map((rows, f) => textInput(`f${f}.csv`, `k,n\n${rows.map((r) => r.join(',')).join('\n')}\n`));
        const keys = await readReferencedKeys(inputs, TARGET);
        // Each key's first row, in its own file: the files number their rows alike (hp2527c 13).
        const seen = new Map<unknown, { file: string; row: number }>();
        let expected: unknown;
        for (const [f, rows] of files.entries()) {
          for (const [i, [k, n]] of rows.entries()) {
            // A null member, or `n` not an integer: the row holds no key.
            if (k === '' || n === '' || n === 'x') continue;
            const values = [k.replaceAll('"', ''), Number(n)];
            const first = seen.get(keyOf(values));
            const written = [k.replaceAll('"', ''), n];
            if (first !== undefined && expected === undefined)
              expected = { file: `f${f}.csv`, row: i + 2, firstFile: first.file, firstRow: first.row, values, written };
            if (first === undefined) seen.set(keyOf(values), { file: `f${f}.csv`, row: i + 2 });
          }
        }
        assert.deepEqual(keys.repeat, expected);
        assert.equal(keys.index.size, seen.size);
      }),
      fuzz(300),
    );
  });

  it('counts the lines of a large resource one file at a time: 3,000 files counted at once ran out of descriptors (hp14 04)', async () => {
    let counting = 0;
    let most = 0;
    // Three files of 6 MiB: past the 16 MiB from which lines are counted before the keys are read.
    const inputs = [0, 1, 2].map((i) => ({
      ...textInput(`f${i}.csv`, `k,n\na,${i}\n`),
      size: () => Promise.resolve(6 << 20),
      lines: async () => {
        most = Math.max(most, ++counting);
        await new Promise((resolve) => setImmediate(resolve));
        counting--;
        return 2;
      },
    }));
    const keys = await readReferencedKeys(inputs, TARGET);
    assert.equal(most, 1);
    assert.equal(keys.index.size, 3);
  });
});

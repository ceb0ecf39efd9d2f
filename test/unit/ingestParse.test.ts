// The parse room's pieces (shared/src/ingest/parse/): the order a range's rows are loaded in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sortByKey } from '../../shared/src/ingest/parse/sortByKey';

describe('sortByKey (the order a range is loaded in)', () => {
  const ordered = (keys: string[]) => [...sortByKey([], keys).order];

  it('sorts integer keys as numbers, as the key column orders them, with ties in file order', () => {
    // As strings these went in as 1, 10, 100, 2: the order of the file, scattered.
    assert.deepEqual(ordered(['10', '2', '100', '1', '2', '-3']), [5, 3, 1, 4, 0, 2]);
    assert.deepEqual(ordered(['1', '2', '3', '10', '100']), [0, 1, 2, 3, 4]);
  });

  it("sorts other keys as strings; one key that is no integer's one spelling makes them all strings", () => {
    assert.deepEqual(ordered(['b', 'a', 'c', 'a']), [1, 3, 0, 2]);
    assert.deepEqual(ordered(['10', '9', '09']), [2, 0, 1]);
  });

  it('is a permutation in key order with ties in file order, for any keys', () => {
    const key = fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('a', 'b', '007', '1e3', ''));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        const order = ordered(keys);
        assert.deepEqual(
          [...order].sort((a, b) => a - b),
          keys.map((_, i) => i),
        );
        const numeric = keys.every((k) => /^(?:0|-?[1-9]\d*)$/.test(k));
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1], order[i]];
          const compared = numeric ? Number(keys[a]) - Number(keys[b]) : keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
          assert.ok(compared < 0 || (compared === 0 && a < b), `${keys[a]} (row ${a}) before ${keys[b]} (row ${b})`);
        }
      }),
    );
  });
});

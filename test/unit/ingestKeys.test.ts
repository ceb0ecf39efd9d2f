// The key room's pieces (shared/src/ingest/keys/): key digests, the key index, the key gate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { digestsMeet, keyDigest } from '../../shared/src/ingest/keys/keyDigest';
import { KeyGate } from '../../shared/src/ingest/keys/keyGate';
import { KeyIndex } from '../../shared/src/ingest/keys/keyIndex';

const digest = (...keys: string[]) => keyDigest(keys);

describe('keyDigest', () => {
  it('gives two 32-bit hashes per key, sorted, and is the same for the same keys in any order', () => {
    const a = digest('x', 'y', 'z');
    assert.equal(a.length, 6);
    assert.deepEqual(a, digest('z', 'x', 'y'));
    for (let i = 2; i < a.length; i += 2) assert.ok(a[i - 2] < a[i] || (a[i - 2] === a[i] && a[i - 1] <= a[i + 1]), 'sorted by first hash, then second');
  });

  it('meets exactly when the key sets share a key', () => {
    assert.equal(digestsMeet(digest('a', 'b'), digest('c', 'b')), true);
    assert.equal(digestsMeet(digest('a', 'b'), digest('c', 'd')), false);
    assert.equal(digestsMeet(digest(), digest('a')), false);
    assert.equal(digestsMeet(digest('é'), digest('é')), true);
    assert.equal(digestsMeet(digest('abc'), digest('abc ')), false, 'exact strings: a trailing space is another key');
  });

  it('keeps 20,000 random ids of two ranges apart and finds the one they share', () => {
    const ids = (prefix: string) => Array.from({ length: 10000 }, (_, i) => `${prefix}-${i}-${(i * 2654435761) % 1000003}`);
    const left = ids('l');
    const right = ids('r');
    assert.equal(digestsMeet(keyDigest(left), keyDigest(right)), false);
    assert.equal(digestsMeet(keyDigest(left), keyDigest([...right, left[4242]])), true);
  });
});

describe('KeyIndex (every key of a file with its first line)', () => {
  it('returns the first line of a repeated key and 0 for a new one', () => {
    const index = new KeyIndex();
    assert.equal(index.add('7', 2), 0);
    assert.equal(index.add('07', 3), 0, '"07" is not the key "7"');
    assert.equal(index.add('abc', 4), 0);
    assert.equal(index.add('7', 5), 2);
    assert.equal(index.add('abc', 6), 4);
    assert.equal(index.add('07', 7), 3);
    assert.equal(index.add('1234567890123456', 8), 0, 'past 15 digits a key stays a string');
    assert.equal(index.add('1234567890123457', 9), 0);
    assert.equal(index.add('1234567890123456', 10), 8);
  });

  it('agrees with a Map of the key strings on any sequence of keys', () => {
    const key = fc.oneof(fc.nat(40).map(String), fc.constantFrom('-1', '-0', '00', 'x', 'X', ' 1', ''));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), (keys) => {
        const index = new KeyIndex();
        const firstLines = new Map<string, number>();
        keys.forEach((k, i) => {
          const line = i + 1;
          assert.equal(index.add(k, line), firstLines.get(k) ?? 0, `key ${JSON.stringify(k)} at line ${line}`);
          if (!firstLines.has(k)) firstLines.set(k, line);
        });
      }),
    );
  });
});

describe('KeyGate (first one wins across ranges)', () => {
  it('admits a range at once when no earlier range is in flight', () => {
    const gate = new KeyGate();
    gate.open(0);
    assert.deepEqual(gate.admit(0, digest('a')), [0]);
  });

  it('holds a later range whose keys meet an earlier one in flight, and lets it go on release', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.deepEqual(gate.admit(0, digest('a', 'b')), [0]);
    assert.deepEqual(gate.admit(1, digest('b', 'c')), [], 'collides on b');
    assert.deepEqual(gate.release(0), [1]);
    assert.deepEqual(gate.release(1), []);
  });

  it('lets a later range with other keys pass an earlier one', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.deepEqual(gate.admit(1, digest('x')), [], 'range 0 is not parsed yet: its keys are unknown');
    assert.deepEqual(gate.release(0), [1]);
    const second = new KeyGate();
    second.open(0);
    second.open(1);
    assert.deepEqual(second.admit(0, digest('a')), [0]);
    assert.deepEqual(second.admit(1, digest('x')), [1]);
  });

  it('never holds an earlier range for a later one', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.deepEqual(gate.admit(1, digest('k')), []);
    assert.deepEqual(gate.admit(0, digest('k')), [0], 'range 0 comes first, whatever range 1 holds');
    assert.deepEqual(gate.release(0), [1]);
  });

  it('releases waiting ranges in order, each only once every blocker is gone', () => {
    const gate = new KeyGate();
    for (let i = 0; i < 4; i++) gate.open(i);
    assert.deepEqual(gate.admit(0, digest('a')), [0]);
    assert.deepEqual(gate.admit(1, digest('b')), [1]);
    assert.deepEqual(gate.admit(3, digest('a', 'b')), []);
    assert.deepEqual(gate.admit(2, digest('b')), []);
    assert.deepEqual(gate.release(0), [], 'range 3 still meets range 1 and 2, range 2 meets 1');
    assert.deepEqual(gate.release(1), [2]);
    assert.deepEqual(gate.release(2), [3]);
  });

  it('lets a later range go as soon as the earlier one it waited for is parsed with other keys, not when that one commits', () => {
    const gate = new KeyGate();
    for (let i = 0; i < 3; i++) gate.open(i);
    assert.deepEqual(gate.admit(1, digest('x')), [], 'range 0 is not parsed yet');
    assert.deepEqual(gate.admit(2, digest('a')), []);
    assert.deepEqual(gate.admit(0, digest('a')), [0, 1], 'range 1 meets no key of range 0; range 2 does');
    assert.deepEqual(gate.release(0), [2]);
  });
});

// The key index's memory (issue 25: a 1 GiB log validated in under 300 MB). Its slots are typed arrays, so what it
// holds is what it allocates: every Uint32Array made with a length is recorded while the index fills. A table that
// grows whole holds its old and new slots at once; one cut into shards never holds more than a shard's twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UniqueIndex } from '../../shared/src/schema/uniqueIndex';

/** The length of each Uint32Array that `run` makes with a length (the index's slots: 3 words a slot). */
async function slotAllocations(run: () => unknown): Promise<number[]> {
  const Original = globalThis.Uint32Array;
  const lengths: number[] = [];
  class Recorded extends Original {
    constructor(...args: unknown[]) {
      super(...(args as [number]));
      if (typeof args[0] === 'number') lengths.push(args[0]);
    }
  }
  globalThis.Uint32Array = Recorded;
  try {
    await run();
  } finally {
    globalThis.Uint32Array = Original;
  }
  return lengths;
}

describe('the key index in memory', () => {
  it('grows a shard at a time: 400,000 keys never allocate more than a small part of the table at once', async () => {
    const keys = 400_000;
    const index = new UniqueIndex(16);
    const lengths = await slotAllocations(() => {
      for (let i = 0; i < keys; i++) assert.equal(index.add(`key-${i}`, i + 1), 0);
    });
    const whole = (keys / 0.8) * 3;
    const largest = Math.max(...lengths);
    assert.ok(largest <= whole / 32, `the largest allocation was ${largest} words, against ${whole} for the whole table`);
    for (const i of [0, 1, 65_537, keys - 1]) assert.equal(index.add(`key-${i}`, keys + 1), i + 1, `key-${i} keeps its first row`);
  });
});

import { DIGEST, digestKey } from '../../schema/digest64';

/**
 * Keys as a check collects them for someone else to decide (a parallel check's coordinator): per list, [row, x, y]
 * for each key, in growing typed arrays that cross threads as they are. A safe integer is x with y = -1 (a
 * UniqueIndex keeps integers in runs); any other key is its 64-bit digest (x, y).
 */
export class DigestLists {
  private lists: { values: Float64Array; length: number }[] = [];

  /** `expected`: how many keys a list makes room for at once (a range's rows: then it is not grown). */
  constructor(private readonly expected = 1024) {}

  add(list: number, key: unknown, row: number): void {
    const held = (this.lists[list] ??= { values: new Float64Array(3 * Math.max(this.expected, 16)), length: 0 });
    if (held.length + 3 > held.values.length) {
      const grown = new Float64Array(held.values.length * 2);
      grown.set(held.values);
      held.values = grown;
    }
    const at = held.length;
    held.values[at] = row;
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      held.values[at + 1] = key;
      held.values[at + 2] = -1;
    } else {
      digestKey(key);
      held.values[at + 1] = DIGEST.hi;
      held.values[at + 2] = DIGEST.lo;
    }
    held.length += 3;
  }

  /** The lists, as views of their filled part (a copy cost as much as the keys' hashing: a thread sends the whole buffer). */
  done(): Float64Array[] {
    return Array.from({ length: this.lists.length }, (_, l) => (this.lists[l] ? this.lists[l].values.subarray(0, this.lists[l].length) : new Float64Array(0)));
  }
}

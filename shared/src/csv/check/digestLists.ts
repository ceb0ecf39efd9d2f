import { valueKey } from '../../schema/fieldRule';
import { DIGEST, digestKey, digestValues } from '../../schema/keyDigest';
import { UNCASTABLE } from './referenceRules';

/**
 * Keys as a check collects them for someone else to decide (a parallel check's coordinator, the referenced keys
 * of a foreign key): per list, [row, x, y] for each key, in growing typed arrays that cross threads as they are.
 * A safe integer is x with y = -1 (a UniqueIndex keeps integers in runs); UNCASTABLE (a foreign key's member that
 * is not of the referenced type) is y = -2; any other key is its 64-bit digest (x, y).
 */
export class DigestLists {
  private lists: { values: Float64Array; length: number }[] = [];

  /** `expected`: how many keys a list is made room for at once (a check that knows its rows: no copy as it grows). */
  constructor(private readonly expected = 1024) {}

  add(list: number, key: unknown, row: number): void {
    const held = this.room(list);
    const at = held.length;
    held.values[at] = row;
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      held.values[at + 1] = key;
      held.values[at + 2] = -1;
    } else if (key === UNCASTABLE) {
      held.values[at + 1] = 0;
      held.values[at + 2] = -2;
    } else {
      digestKey(key);
      held.values[at + 1] = DIGEST.hi;
      held.values[at + 2] = DIGEST.lo;
    }
    held.length += 3;
  }

  /** A foreign key's values, as add(keyOf(values)) holds them, without making a composite key's string. */
  addValues(list: number, values: unknown[], row: number): void {
    if (values.length === 1) return this.add(list, valueKey(values[0]), row);
    const held = this.room(list);
    digestValues(values);
    held.values[held.length] = row;
    held.values[held.length + 1] = DIGEST.hi;
    held.values[held.length + 2] = DIGEST.lo;
    held.length += 3;
  }

  /** The list, with room for one more key. */
  private room(list: number): { values: Float64Array; length: number } {
    const held = (this.lists[list] ??= { values: new Float64Array(3 * Math.max(this.expected, 16)), length: 0 });
    if (held.length + 3 > held.values.length) {
      const grown = new Float64Array(held.values.length * 2);
      grown.set(held.values);
      held.values = grown;
    }
    return held;
  }

  /**
   * The lists, as views of their filled part (a copy cost as much as the keys' hashing: a thread sends the whole
   * buffer); `count` lists at least (an empty one for a list that got no key).
   */
  done(count = 0): Float64Array[] {
    return Array.from({ length: Math.max(count, this.lists.length) }, (_, l) =>
      this.lists[l] ? this.lists[l].values.subarray(0, this.lists[l].length) : new Float64Array(0),
    );
  }
}

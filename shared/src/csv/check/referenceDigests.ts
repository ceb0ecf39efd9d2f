import { DIGEST, digestValues, NO_KEY } from '../../schema/digest64';
import { checkRowLimit } from '../../schema/rowLimit';
import { UNCASTABLE } from './referenceRules';

/**
 * The referencing keys a check collects for a foreign key (CsvCheckOptions.referencing), per foreign key: [row, hi,
 * lo] for each key, its 64-bit digest, in growing typed arrays that cross threads as they are (12 bytes a row; as
 * DigestLists' [row, x, y] of doubles they were 24, and the arrays' growth and garbage a third of the foreign
 * key's cost in the ranges). A member not of the referenced type is the digest NO_KEY.
 */
export class ReferenceDigests {
  private lists: { words: Uint32Array; length: number }[] = [];

  constructor(private readonly expected = 1024) {}

  /** A row's key: its values as the referenced types, or UNCASTABLE. */
  add(list: number, values: unknown[] | typeof UNCASTABLE, row: number): void {
    checkRowLimit(row);
    let held = this.lists[list];
    if (!held) held = this.lists[list] = { words: new Uint32Array(3 * Math.max(this.expected, 16)), length: 0 };
    if (held.length + 3 > held.words.length) {
      const grown = new Uint32Array(held.words.length * 2);
      grown.set(held.words);
      held.words = grown;
    }
    const { words, length } = held;
    if (values === UNCASTABLE) {
      words[length + 1] = NO_KEY.hi;
      words[length + 2] = NO_KEY.lo;
    } else {
      digestValues(values);
      words[length + 1] = DIGEST.hi;
      words[length + 2] = DIGEST.lo;
    }
    words[length] = row;
    held.length = length + 3;
  }

  /** The lists, as views of their filled part (a thread sends the whole buffer); `count` lists at least. */
  done(count = 0): Uint32Array[] {
    return Array.from({ length: Math.max(count, this.lists.length) }, (_, l) =>
      this.lists[l] ? this.lists[l].words.subarray(0, this.lists[l].length) : new Uint32Array(0),
    );
  }
}

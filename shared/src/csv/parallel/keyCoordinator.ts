import { UniqueIndex } from '../../schema/uniqueIndex';

/**
 * Decides `unique`, `primaryKey` and `uniqueKeys` across the ranges of a parallel check. The ranges' keys come in
 * file order into one UniqueIndex per key set, the very index a single-threaded check fills: integers go in as
 * integers (runs, or their exact digest) and every other key as its digest, whichever range it came from, so a
 * key is found again whatever range first held it.
 */
export class KeyCoordinator {
  private readonly indexes: UniqueIndex[] = [];

  constructor(private readonly expectedRows: number) {}

  /** Takes the next range's keys (checkRange's `keys`); returns [keySet, row, firstRow] for each repeat. */
  decide(keys: Float64Array[]): number[] {
    const repeats: number[] = [];
    keys.forEach((list, set) => {
      const index = (this.indexes[set] ??= new UniqueIndex(this.expectedRows));
      for (let i = 0; i < list.length; i += 3) {
        const row = list[i];
        const first = list[i + 2] === -1 ? index.add(list[i + 1], row) : index.addDigest(list[i + 1], list[i + 2], row);
        if (first !== 0) repeats.push(set, row, first);
      }
    });
    return repeats;
  }
}

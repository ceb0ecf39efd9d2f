import { DigestSet } from '../../schema/digestSet';

/**
 * The entries of a range's referencing keys (a ReferenceDigests piece: [row, hi, lo] each) whose key `keys` does not
 * hold: the orphans, as orphansFromDigests finds them in the same set. A piece looked up as its range is merged is
 * kept as this small copy (the piece itself is overwritten), and the lookups run while other threads still check,
 * not after them all.
 */
export function dropHeldKeys(piece: Uint32Array, keys: DigestSet): Uint32Array {
  let kept = 0;
  for (let i = 0; i < piece.length; i += 3) {
    if (keys.has(piece[i + 1], piece[i + 2])) continue;
    piece[kept] = piece[i];
    piece[kept + 1] = piece[i + 1];
    piece[kept + 2] = piece[i + 2];
    kept += 3;
  }
  return piece.slice(0, kept);
}

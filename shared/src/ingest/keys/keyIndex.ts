import { UniqueIndex } from '../../schema/uniqueIndex';

/** An integer in its one canonical spelling and within 15 digits, so that Number() reads it exactly. */
const CANONICAL_INTEGER = /^(?:0|-?[1-9]\d{0,14})$/;

/** The key as a number when it is an integer's one spelling ("7", not "07" or "7.0"), else undefined. */
export function integerKey(key: string): number | undefined {
  return CANONICAL_INTEGER.test(key) ? Number(key) : undefined;
}

/**
 * Every key of a file with the line that had it first, in memory that does not grow with the keys' length:
 * the validator's UniqueIndex (64-bit digests, and runs for sequential integer ids). With a Set of the key
 * strings, a dry run of a 1 GiB CSV peaked at 1.46 GB; with this, at 252 MB. Two keys share a digest with odds
 * of about n²/2^65 (UniqueIndex), and such a pair would count as a repeat.
 */
export class KeyIndex {
  private readonly index: UniqueIndex;

  /** `expected`: how many keys to make room for at once (a check of a whole log estimates it from its size). */
  constructor(expected = 1 << 16) {
    this.index = new UniqueIndex(expected);
  }

  /** Records `key` at `line` (at least 1); returns the line that had it first, or 0 when it is new. */
  add(key: string, line: number): number {
    // "7" and "07" stay two keys: only the canonical spelling becomes a number.
    return this.index.add(integerKey(key) ?? key, line);
  }
}

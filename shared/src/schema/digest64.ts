import { valueKey } from './fieldRule';

/**
 * A key's 64-bit digest, as two 32-bit halves: what UniqueIndex, DigestLists and DigestSet hold instead of the key.
 * Written here by digestKey and digestValues and read at once (no object a key: this runs once a row).
 */
export const DIGEST = { hi: 0, lo: 0 };

/**
 * The digest of a key (a value, or joinKeyParts' string): two independent 32-bit hashes (FNV-1a and a
 * multiplicative one) of its characters, with its length mixed in last (so that digestValues hashes a composite
 * key in one pass, not a first one to add up its length); a safe integer is its own digest, mixed so that
 * consecutive ids spread, and exact, so that no two integers ever collide.
 */
export function digestKey(key: unknown): void {
  if (typeof key === 'number' && Number.isSafeInteger(key)) {
    const lo = key >>> 0;
    const hi = Math.floor(key / 0x100000000) >>> 0;
    DIGEST.hi = (Math.imul(lo ^ (lo >>> 16), 0x45d9f3b) ^ hi) >>> 0;
    DIGEST.lo = lo;
    return;
  }
  const text = typeof key === 'string' ? key : `${typeof key}:${String(key)}`;
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  finish(a, b, text.length);
}

/** An integer's digits, last first (a safe integer has at most 16). */
const digits = new Uint8Array(16);

/**
 * The digest of a foreign key's values as keyOf (csv/check/referenceRules) makes its key: one value is its
 * valueKey; several are joinKeyParts of their valueKeys' texts, here hashed as that string would be, character by
 * character, in one pass and without making it (the string and its flattening were a tenth of a referencing row's
 * cost). A safe integer is hashed by its digits, as String() would write them, without making its text.
 */
export function digestValues(values: readonly unknown[]): void {
  if (values.length === 1) return digestKey(valueKey(values[0]));
  let length = 0;
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      // Its digits first, for their count: joinKeyParts writes `${part.length}:${part}`.
      let n = value < 0 ? -value : value;
      let count = 0;
      do {
        const digit = n % 10;
        digits[count++] = digit;
        n = (n - digit) / 10;
      } while (n > 0);
      const written = value < 0 ? count + 1 : count;
      length += (written < 10 ? 2 : 3) + written;
      a = Math.imul(a ^ (48 + (written < 10 ? written : 1)), 0x01000193);
      b = Math.imul(b ^ (48 + (written < 10 ? written : 1)), 0x5bd1e995);
      b ^= b >>> 15;
      if (written >= 10) {
        a = Math.imul(a ^ (48 + written - 10), 0x01000193);
        b = Math.imul(b ^ (48 + written - 10), 0x5bd1e995);
        b ^= b >>> 15;
      }
      a = Math.imul(a ^ 58, 0x01000193);
      b = Math.imul(b ^ 58, 0x5bd1e995);
      b ^= b >>> 15;
      if (value < 0) {
        a = Math.imul(a ^ 45, 0x01000193);
        b = Math.imul(b ^ 45, 0x5bd1e995);
        b ^= b >>> 15;
      }
      while (count > 0) {
        const c = 48 + digits[--count];
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      continue;
    }
    const part = typeof value === 'string' ? value : String(valueKey(value));
    const written = part.length;
    const prefix = written < 10 ? undefined : String(written);
    length += (prefix === undefined ? 1 : prefix.length) + 1 + written;
    if (prefix === undefined) {
      a = Math.imul(a ^ (48 + written), 0x01000193);
      b = Math.imul(b ^ (48 + written), 0x5bd1e995);
      b ^= b >>> 15;
    } else {
      for (let i = 0; i < prefix.length; i++) {
        const c = prefix.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
    }
    a = Math.imul(a ^ 58, 0x01000193);
    b = Math.imul(b ^ 58, 0x5bd1e995);
    b ^= b >>> 15;
    for (let i = 0; i < written; i++) {
      const c = part.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  finish(a, b, length);
}

/**
 * A digest no key has, for a foreign key's member that is not of the referenced type (it matches no key): a safe
 * integer's hi half xor its mixed lo is its top 32 bits, never 2^31 (that is past 2^53); a string's is moved off it.
 */
export const NO_KEY = { hi: 0x80000000, lo: 0 };

/** The two hashes with the key's length mixed into the second, kept off NO_KEY. */
function finish(a: number, b: number, length: number): void {
  b = Math.imul(b ^ length, 0x5bd1e995);
  b ^= b >>> 13;
  DIGEST.hi = a >>> 0;
  DIGEST.lo = (b ^ 0x80000000) >>> 0;
  if (DIGEST.hi === NO_KEY.hi && DIGEST.lo === NO_KEY.lo) DIGEST.lo = 1;
}

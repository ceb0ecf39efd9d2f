import { valueKey } from './fieldRule';

/**
 * A key's 64-bit digest, as two 32-bit halves: what UniqueIndex, DigestLists and DigestSet hold instead of the key.
 * Written here by digestKey and digestValues and read at once (no object a key: this runs once a row).
 */
export const DIGEST = { hi: 0, lo: 0 };

/**
 * The digest of a key (a value, or joinKeyParts' string): two independent 32-bit hashes (FNV-1a and a
 * multiplicative one); a safe integer is its own digest, mixed so that consecutive ids spread, and exact, so that
 * no two integers ever collide.
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
  let b = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  finish(a, b);
}

/** A value's text when it is neither a string nor a safe integer, kept between digestValues' two passes. */
const texts: string[] = [];
/** An integer's digits, last first (a safe integer has at most 16). */
const digits = new Uint8Array(16);

/**
 * The digest of a foreign key's values as keyOf (csv/check/referenceRules) makes its key: one value is its
 * valueKey; several are joinKeyParts of their valueKeys' texts, here hashed as that string would be, character by
 * character, without making it (the string and its flattening were a tenth of a referencing row's cost). A safe
 * integer is hashed by its digits, as String() would write it, without making its text.
 */
export function digestValues(values: readonly unknown[]): void {
  if (values.length === 1) return digestKey(valueKey(values[0]));
  let length = 0;
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    let written: number;
    if (typeof value === 'string') written = value.length;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) written = integerLength(value);
    else written = (texts[k] = String(valueKey(value))).length;
    // joinKeyParts writes `${part.length}:${part}`.
    length += (written < 10 ? 1 : String(written).length) + 1 + written;
  }
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ length;
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    const part = typeof value === 'string' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? undefined : texts[k];
    const written = part === undefined ? integerLength(value as number) : part.length;
    // A part is most often under 10 characters: its length is then one digit.
    if (written < 10) {
      const c = 48 + written;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    } else {
      const text = String(written);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
    }
    a = Math.imul(a ^ 58, 0x01000193);
    b = Math.imul(b ^ 58, 0x5bd1e995);
    b ^= b >>> 15;
    if (part !== undefined) {
      for (let i = 0; i < part.length; i++) {
        const c = part.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      continue;
    }
    let n = value as number;
    if (n < 0) {
      a = Math.imul(a ^ 45, 0x01000193);
      b = Math.imul(b ^ 45, 0x5bd1e995);
      b ^= b >>> 15;
      n = -n;
    }
    let count = 0;
    do {
      const digit = n % 10;
      digits[count++] = digit;
      n = (n - digit) / 10;
    } while (n > 0);
    while (count > 0) {
      const c = 48 + digits[--count];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  finish(a, b);
}

/** How many characters String() writes a safe integer in: its digits, and a minus sign (-0 is "0"). */
function integerLength(value: number): number {
  let n = value < 0 ? -value : value;
  let length = value < 0 ? 2 : 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    length++;
  }
  return length;
}

/**
 * A digest no key has, for a foreign key's member that is not of the referenced type (it matches no key): a safe
 * integer's hi half xor its mixed lo is its top 32 bits, never 2^31 (that is past 2^53); a string's is moved off it.
 */
export const NO_KEY = { hi: 0x80000000, lo: 0 };

function finish(a: number, b: number): void {
  DIGEST.hi = a >>> 0;
  DIGEST.lo = (b ^ 0x80000000) >>> 0;
  if (DIGEST.hi === NO_KEY.hi && DIGEST.lo === NO_KEY.lo) DIGEST.lo = 1;
}

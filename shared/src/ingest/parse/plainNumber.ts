/**
 * A number cell that is its own SQL text, read by character codes with no string built: the casts of a clean
 * range (csvValue) then keep the cell itself, and loadsAsRow finds it the very string it compares with.
 */

/** Digits a double holds exactly as written (DBL_DIG): any integer of this many is safe, any decimal its own shortest spelling. */
const MAX_DIGITS = 15;

/**
 * The value of `raw` when it is an integer in its one spelling (0, or -?[1-9] then digits; not -0, +1 or 01) of
 * at most 15 digits, else undefined.
 */
export function canonicalInteger(raw: string): number | undefined {
  const end = raw.length;
  const negative = raw.charCodeAt(0) === 45;
  const first = negative ? 1 : 0;
  if (end - first > MAX_DIGITS || end === first) return undefined;
  if (raw.charCodeAt(first) === 48) return end === 1 ? 0 : undefined;
  let value = 0;
  for (let i = first; i < end; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** 10^k for the k digits after the point of a short decimal: exact doubles. */
const POWERS = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * The value of `raw` when it is a decimal as JSON writes it (-?(0|[1-9]\d*)(\.\d+)?) of at most 15 digits, else
 * undefined: the digits are an exact integer M, and M / 10^k the correctly rounded double, as Number() reads it.
 */
export function shortDecimalValue(raw: string): number | undefined {
  const end = raw.length;
  const negative = raw.charCodeAt(0) === 45;
  const first = negative ? 1 : 0;
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let i = first; i < end; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
    } else if (digit === -2 && point === -1 && i > first) point = i;
    else return undefined;
  }
  // Digits after the point, and no leading zero before a digit (01, -007).
  if (digits === 0 || digits > MAX_DIGITS || point === end - 1) return undefined;
  if (raw.charCodeAt(first) === 48 && first + 1 !== end && first + 1 !== point) return undefined;
  const value = point === -1 ? mantissa : mantissa / POWERS[end - point - 1];
  return negative ? -value : value;
}

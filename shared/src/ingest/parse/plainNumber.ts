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

/** Whether `raw` is a decimal as JSON writes it (-?(0|[1-9]\d*)(\.\d+)?) of at most 15 digits. */
export function isShortDecimal(raw: string): boolean {
  const end = raw.length;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  let digits = 0;
  let point = -1;
  for (; i < end; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46 && point === -1 && i > first) point = i;
    else return false;
  }
  // No leading zero before a digit (01, -007), and digits after the point.
  if (digits === 0 || digits > MAX_DIGITS || point === end - 1) return false;
  return raw.charCodeAt(first) !== 48 || first + 1 === end || first + 1 === point;
}

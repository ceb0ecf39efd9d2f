import { isLosslessNumber, LosslessNumber, parse, splitNumber } from 'lossless-json';

/**
 * A number token that JSON.parse would change: 16 or more digits (past what a double holds), an exponent,
 * a fraction ending in 0, a fraction below 1e-6, or -0. Only lines with one take the slower lossless parse;
 * a match inside a string only costs that parse.
 */
const INEXACT_NUMBER = /[:,[]\s*(?:-0(?![.\d])|-?(?:[\d.]{16}|[\d.]+[eE]|\d+\.\d*0(?!\d)|0\.0{6}))/;

/**
 * A log line's event with every number as written: JSON.parse where that keeps every number, else a lossless
 * parse whose numbers that a double would change are LosslessNumbers (their text). The line must be valid JSON
 * (JSON.parse'd first); a repeated key keeps its last value, as JSON.parse does.
 */
export function parseExact(line: string, parsed: unknown): unknown {
  if (!INEXACT_NUMBER.test(line)) return parsed;
  return parse(line, null, { parseNumber: exactNumber, onDuplicateKey: ({ newValue }) => newValue });
}

const exactNumber = (text: string): number | LosslessNumber => (String(Number(text)) === text ? Number(text) : new LosslessNumber(text));

/** A JSON number's text as written; undefined for anything else. */
export function numberText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return isLosslessNumber(value) ? value.value : undefined;
}

/** Whole digits past any column's: DECIMAL holds 65 digits, BIGINT UNSIGNED 20. */
const MAX_WHOLE_DIGITS = 65;
/** Decimals past any column's: DECIMAL keeps 38 at most. */
const MAX_DECIMALS = 38;

/** A number past what any DECIMAL or integer column holds. */
export interface PlainFault {
  fault: 'too-large' | 'too-precise';
}

/**
 * A number's text in plain decimal form, exactly: sign, whole digits and a fraction without trailing zeros
 * (1.50e2 is 150, -0 is 0).
 */
export function plainDecimal(text: string): string | PlainFault {
  const { sign, digits, exponent } = splitNumber(text);
  if (/^0*$/.test(digits)) return '0';
  if (exponent >= MAX_WHOLE_DIGITS) return { fault: 'too-large' };
  if (digits.length - 1 - exponent > MAX_DECIMALS) return { fault: 'too-precise' };
  const point = exponent + 1;
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const fraction = point < 0 ? '0'.repeat(-point) + digits : digits.slice(Math.max(point, 0));
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Whether the whole number `text` (plain decimal) is exactly a float of `bits` significand bits (FLOAT 24, DOUBLE 53). */
export function exactInFloat(text: string, bits: number): boolean {
  let n = BigInt(text.replace(/^-/, ''));
  if (n === 0n) return true;
  while ((n & 1n) === 0n) n >>= 1n;
  return n < 1n << BigInt(bits);
}

/** FLOAT's largest finite value. */
const FLOAT_MAX = 3.4028234663852886e38;

/** Why a FLOAT (24 bits) or DOUBLE (53) cannot keep the nearest float of `text`: infinite, or 0 for a number that is not. */
export function floatFault(text: string, bits: number): 'too-large' | 'too-small' | undefined {
  const n = Number(text);
  if (!Number.isFinite(n) || (bits === 24 && Math.abs(n) > FLOAT_MAX)) return 'too-large';
  return (bits === 24 ? Math.fround(n) : n) === 0 && plainDecimal(text) !== '0' ? 'too-small' : undefined;
}

/** A number's value spelled one way (sign, significant digits, exponent), whatever its zeros and notation. */
function numberValue(text: string): string {
  const { sign, digits, exponent } = splitNumber(text);
  return /^0*$/.test(digits) ? '0' : `${sign}${digits}e${exponent}`;
}

const FEW_DIGITS = /^-?\d+(\.\d+)?$/;

/**
 * Whether a FLOAT (24 bits) or DOUBLE (53) gives back the number `text` as written: its nearest float, printed
 * in the fewest digits that read as that float again, is the same number (0.1 is; 9007199254740993 and 0.1e-400
 * are not). A finite text only (floatFault first).
 */
export function roundTripsInFloat(text: string, bits: number): boolean {
  // Any decimal of at most 15 digits is its double's shortest spelling (DBL_DIG): no need to spell it again.
  if (bits === 53 && text.length <= 17 && FEW_DIGITS.test(text) && text.length - (text[0] === '-' ? 1 : 0) - (text.includes('.') ? 1 : 0) <= 15) return true;
  const n = Number(text);
  if (bits === 53) return numberValue(String(n)) === numberValue(text);
  const float = Math.fround(n);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(float.toPrecision(digits));
    if (Math.fround(shortest) === float) return numberValue(String(shortest)) === numberValue(text);
  }
  return false;
}

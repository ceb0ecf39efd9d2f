import { compareNumber, isSafeNumber, splitNumber } from 'lossless-json';

/**
 * A constraint's JSON number that a double would change (an integer past 2^53, more than 15 significant digits),
 * kept as written so that limits compare exactly. A plain object, so that it survives the copy to a worker thread.
 */
export interface WrittenNumber {
  written: string;
}

export function isWrittenNumber(value: unknown): value is WrittenNumber {
  return typeof value === 'object' && value !== null && typeof (value as WrittenNumber).written === 'string' && Object.keys(value).length === 1;
}

/** A JSON number's text as the config holds it: a number when a double keeps it exactly, else a WrittenNumber. */
export function configNumber(text: string, value: number): number | WrittenNumber {
  return isSafeNumber(text) ? value : { written: text };
}

/** A limit as messages and hovers show it: written numbers as their text. */
export function plainLimit(limit: unknown): unknown {
  if (isWrittenNumber(limit)) return limit.written;
  return Array.isArray(limit) ? limit.map(plainLimit) : limit;
}

/** "+1", ".5" and "5." in the form lossless-json compares ("1", "0.5", "5."). */
const jsonForm = (text: string) => text.replace(/^\+/, '').replace(/^(-?)\./, '$10.');

/** The exact order of two decimal texts (signs, fractions and exponents allowed): -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  return compareNumber(jsonForm(a), jsonForm(b));
}

/**
 * Whether two texts with the same double may still differ: a double rounds past 15 significant digits, and past its
 * normal range (1e400 overflows to Infinity, 1e-400 underflows to 0, a subnormal keeps fewer digits).
 */
export function mayRound(text: string): boolean {
  const { digits, exponent } = splitNumber(jsonForm(text));
  return digits.length > 15 || exponent >= 308 || (exponent <= -308 && digits !== '0');
}

/** Past this exponent an integer limit is taken as infinite: 1e999999999 must not build a billion digits. */
const MAX_EXPONENT = 10_000;

/** An integer's exact value from its decimal text ("9007199254740993", "1e20"), or undefined for a fraction. */
export function exactInteger(text: string): number | bigint | undefined {
  const { sign, digits, exponent } = splitNumber(jsonForm(text));
  if (exponent > MAX_EXPONENT) return sign === '-' ? -Infinity : Infinity;
  if (digits.length - 1 > exponent) return undefined;
  const value = BigInt(`${sign}${digits}${'0'.repeat(exponent - digits.length + 1)}`);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

import { jsonTooDeep } from './jsonDepth';
import { jsonLoneSurrogate } from './jsonSurrogate';
import { byteLengthIn, unstorableCharacter } from './charsetFit';
import { sqlDatetime } from './civilTime';
import { exactInFloat, floatFault, numberText, plainDecimal, PlainFault } from './exactNumber';
import { ColumnMapping } from '../ingestMapping';
import { counted } from '../../text/counted';

/** Why a value cannot be stored; the line is rejected with it. */
export interface ValueFault {
  reason: string;
}

/**
 * A present (non-null) JSON value as the text LOAD DATA stores for the column's type, or why it does not fit.
 * Numbers may come as JSON strings, and are read as written (parseExact). A value is stored exactly or rejected:
 * only a `number` into FLOAT or DOUBLE becomes its nearest float. `label` names the value's path; `written` is
 * a `json` value's text as written in the line (jsonTextAt).
 */
export function columnValue(value: unknown, column: ColumnMapping, label: string, written: string): string | ValueFault {
  switch (column.type) {
    case 'string':
      return stringValue(value, column, label);
    case 'integer':
      return integerValue(value, column, label);
    case 'number':
      return numberValue(value, column, label);
    case 'boolean':
      if (value === true || value === 'true') return '1';
      if (value === false || value === 'false') return '0';
      return wrongType(label, 'true or false', value);
    case 'unix-seconds':
      return unixTime(value, column, label, 1);
    case 'unix-millis':
      return unixTime(value, column, label, 1000);
    case 'datetime':
      return datetimeValue(value, column, label);
    case 'date':
      return dateValue(value, column, label);
    case 'json':
      if (typeof value !== 'object') return wrongType(label, 'an object or an array', value);
      return jsonValue(written, column, label);
  }
}

function stringValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    // A whole number, as its plain digits: every digit of a long one (parseExact), and one spelling per number
    // (-0 is 0, 7.0 and 7e0 are 7), so that keys compare as the numbers do, as an `integer` key's do.
    const written = column.acceptNumbers ? numberText(value) : undefined;
    if (written === undefined) return wrongType(label, 'a string', value);
    const plain = plainDecimal(written);
    if (isTooLarge(plain)) return tooLarge(label, written);
    if (typeof plain !== 'string' || plain.includes('.'))
      return { reason: `${label} ${written} is not a whole number; ${column.column} takes numbers only as whole numbers, stored as their digits` };
    text = plain;
  }
  if (!text.isWellFormed()) return { reason: `${label} holds a lone UTF-16 surrogate, which ${column.column} cannot store` };
  return withinLimits(text, column, label);
}

/** JSON text for a `json` column: within its limits, and nothing the server's JSON_VALID refuses. */
export const jsonValue = (text: string, column: ColumnMapping, label: string): string | ValueFault =>
  jsonTooDeep(text, label) ?? jsonLoneSurrogate(text, label) ?? withinLimits(text, column, label);

export function withinLimits(text: string, column: ColumnMapping, label: string): string | ValueFault {
  const { maxChars, maxBytes, charset, unstorable: pattern, padded } = column.limits;
  if (padded && text.endsWith(' ')) return { reason: `${label} ${JSON.stringify(text)} ends in a space, which ${column.column} (CHAR) drops` };
  if (maxChars !== undefined && text.length > maxChars) {
    const chars = countCodePoints(text);
    if (chars > maxChars) return { reason: `${label} is ${counted(chars, 'character')}, more than ${column.column} holds (${maxChars})` };
  }
  if (maxBytes !== undefined && text.length > maxBytes / 4) {
    const bytes = byteLengthIn(text, charset, countCodePoints);
    if (bytes > maxBytes) return { reason: `${label} is ${counted(bytes, 'byte')}, more than ${column.column} holds (${maxBytes})` };
  }
  const unstorable = charset && unstorableCharacter(text, charset, pattern);
  if (unstorable) {
    const code = `U+${unstorable.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return { reason: `${label} holds ${JSON.stringify(unstorable)} (${code}), which ${column.column} (${charset}) cannot store` };
  }
  return text;
}

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function integerValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  let text: string;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) text = value;
  else {
    const written = numberText(value);
    if (written === undefined) return wrongType(label, 'an integer', value);
    const plain = plainDecimal(written);
    if (isTooLarge(plain)) return tooLarge(label, written);
    if (typeof plain !== 'string' || plain.includes('.')) return { reason: `${label} ${written} is not a whole number; ${column.column} stores integers` };
    text = plain;
  }
  const { integerRange: range, floatBits } = column.limits;
  if (range && !inIntegerRange(text, range)) return { reason: `${label} ${text} is outside the range of ${column.column} (${range.min} to ${range.max})` };
  if (floatBits && !exactInFloat(text, floatBits)) {
    const type = floatBits === 24 ? 'FLOAT' : 'DOUBLE';
    return {
      reason: `${label} ${text} would be rounded by ${column.column}: a ${type} holds whole numbers exactly only up to 2^${floatBits}; use a DECIMAL or BIGINT column`,
    };
  }
  return column.limits.decimal ? numberValue(text, column, label) : text;
}

const isTooLarge = (plain: string | PlainFault) => typeof plain !== 'string' && plain.fault === 'too-large';
const tooLarge = (label: string, text: string): ValueFault => ({ reason: `${label} ${text} is a number too large for any column` });

function inIntegerRange(text: string, range: { min: string; max: string }): boolean {
  if (text.length < 16) {
    const n = Number(text);
    return n >= Number(range.min) && n <= Number(range.max);
  }
  const n = BigInt(text);
  return n >= BigInt(range.min) && n <= BigInt(range.max);
}

function numberValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  const text = typeof value === 'string' ? (NUMBER_TEXT.test(value) ? value : undefined) : numberText(value);
  if (text === undefined) return wrongType(label, 'a number', value);
  const { decimal, integerRange, floatBits } = column.limits;
  if (decimal || integerRange) {
    const plain = plainDecimal(text);
    if (isTooLarge(plain)) return tooLarge(label, text);
    if (decimal) {
      const fault = typeof plain !== 'string' ? 'has more decimals than' : decimalFault(plain, decimal);
      if (fault) return { reason: `${label} ${text} ${fault} ${column.column} holds (DECIMAL(${decimal.precision},${decimal.scale}))` };
    }
    if (integerRange) {
      if (typeof plain !== 'string' || plain.includes('.')) return { reason: `${label} ${text} is not a whole number; ${column.column} stores integers` };
      if (!inIntegerRange(plain, integerRange))
        return { reason: `${label} ${text} is outside the range of ${column.column} (${integerRange.min} to ${integerRange.max})` };
    }
    return plain as string;
  }
  // A FLOAT or DOUBLE keeps the float nearest the written number, as any JSON reader would.
  const fault = floatFault(text, floatBits ?? 53);
  if (fault === 'too-large') return { reason: `${label} ${text} is a number too large for ${column.column} (${floatBits === 24 ? 'FLOAT' : 'DOUBLE'})` };
  if (fault) return { reason: `${label} ${text} is too close to zero for ${column.column}, which would store 0` };
  return text;
}

/** Why a plain decimal text does not fit DECIMAL(p, s) exactly, or undefined when it does. */
function decimalFault(plain: string, { precision, scale }: { precision: number; scale: number }): string | undefined {
  const [whole, fraction = ''] = plain.replace(/^-/, '').split('.');
  if (fraction.length > scale) return 'has more decimals than';
  if (whole.replace(/^0+/, '').length > precision - scale) return 'is larger than';
  return undefined;
}

/** The earliest and latest instants of the years 0000 to 9999, in milliseconds: what DATETIME and DATE hold. */
const YEAR_0000_MS = -62_167_219_200_000;
const YEAR_9999_END_MS = 253_402_300_799_999;

function unixTime(value: unknown, column: ColumnMapping, label: string, perSecond: 1 | 1000): string | ValueFault {
  const unit = perSecond === 1 ? 'seconds' : 'milliseconds';
  let written: string | undefined;
  let ms: number;
  if (Number.isSafeInteger(value)) {
    // The common case, without writing the number out: a double's safe integer is the number as written.
    written = String(value);
    ms = (value as number) * (1000 / perSecond);
  } else {
    written = typeof value === 'string' ? (/^\d+$/.test(value) ? value : undefined) : numberText(value);
    if (written === undefined) return wrongType(label, `unix ${unit} as a number or a string of digits`, value);
    const plain = plainDecimal(written);
    if (isTooLarge(plain)) return tooLarge(label, written);
    if (typeof plain !== 'string' || plain.includes('.')) return { reason: `${label} ${written} has a fraction; the column stores whole ${unit}` };
    ms = plain.length > 17 ? Infinity : Number(plain) * (1000 / perSecond);
  }
  const range = column.limits.secondsRange;
  if (range && !(ms >= range.min * 1000 && ms < (range.max + 1) * 1000)) {
    // Only TIMESTAMP has a seconds range; an existing column's own precision names it.
    const digits = column.limits.fractionDigits ?? 0;
    const type = digits > 0 ? `TIMESTAMP(${digits})` : 'TIMESTAMP';
    return { reason: `${label} ${written} is outside ${type}'s range (${range.min * perSecond} to ${latestTime(range.max, column, perSecond)} ${unit})` };
  }
  if (!(ms >= YEAR_0000_MS && ms <= YEAR_9999_END_MS)) return { reason: `${label} ${written} is outside the years 0000 to 9999, which ${column.column} holds` };
  return timeText(sqlDatetime(ms), column, label, written);
}

/**
 * The last unix time of `maxSeconds` that the column keeps, in seconds or millis: its last second, and in millis
 * that second's last fraction the column holds (2147483647999 into TIMESTAMP(3), 2147483647900 into TIMESTAMP(1)).
 */
function latestTime(maxSeconds: number, column: ColumnMapping, perSecond: 1 | 1000): number {
  if (perSecond === 1) return maxSeconds;
  const keptMillisDigits = Math.min(3, column.limits.fractionDigits ?? 6);
  return maxSeconds * 1000 + 1000 - 10 ** (3 - keptMillisDigits);
}

/** A UTC 'YYYY-MM-DD HH:MM:SS[.f]' with its fraction's trailing zeros dropped, or why the column would cut that fraction. */
function timeText(text: string, column: ColumnMapping, label: string, written: string): string | ValueFault {
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  const digits = text.slice(dot + 1).replace(/0+$/, '');
  const kept = column.limits.fractionDigits ?? 6;
  if (digits.length > kept) {
    const keeps = kept === 0 ? 'whole seconds' : counted(kept, 'fractional digit');
    return { reason: `${label} ${written} has ${counted(digits.length, 'fractional digit')} of a second, and ${column.column} keeps ${keeps}` };
  }
  return digits ? text.slice(0, dot + 1 + digits.length) : text.slice(0, dot);
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;
/** The furthest offsets in use: UTC-12:00 to UTC+14:00; ISO 8601 and MariaDB take up to ±14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** ISO 8601 with an offset, stored as UTC 'YYYY-MM-DD HH:MM:SS.ffffff'. */
function datetimeValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  const match = typeof value === 'string' ? ISO_DATETIME.exec(value) : null;
  if (!match) return wrongType(label, 'an ISO 8601 date and time with an offset (2024-05-01T12:00:00Z)', value);
  const text = match[0];
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  if (!isCalendarDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return { reason: `${label} "${text}" is not a real date and time` };
  const zoneMinutes = zone === 'Z' ? 0 : Number(zone.slice(-2));
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + zoneMinutes);
  if (zoneMinutes > 59 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES)
    return { reason: `${label} "${text}" has the offset ${zone}, outside -14:00 to +14:00` };
  const ms = utcMillis(+y, +mo, +d, +h * 3_600_000 + +mi * 60_000 + +s * 1000) - offsetMinutes * 60_000;
  const range = column.limits.secondsRange;
  if (range && (ms / 1000 < range.min || ms / 1000 >= range.max + 1)) return { reason: `${label} "${text}" is outside the range of ${column.column}` };
  if (ms < YEAR_0000_MS || ms > YEAR_9999_END_MS) return { reason: `${label} "${text}" is outside the years 0000 to 9999` };
  const stored = sqlDatetime(ms);
  if (stored.startsWith(NO_SUCH_SERVER_DAY)) return noSuchServerDay(label, `"${text}"`);
  return timeText(`${stored}${fraction ? `.${fraction}` : ''}`, column, label, `"${text}"`);
}

/**
 * The one day of the years 0000 to 9999 that MariaDB refuses (error 1265, data truncated): it counts the year 0000
 * as no leap year, where the proleptic Gregorian calendar (and the conversions here) count it as one.
 */
const NO_SUCH_SERVER_DAY = '0000-02-29';

const noSuchServerDay = (label: string, written: string): ValueFault => ({
  reason: `${label} ${written} falls on 0000-02-29, a day MariaDB does not store (it counts the year 0000 as no leap year)`,
});

/** Milliseconds since the epoch of a UTC day and time; any year (Date.UTC reads 0 to 99 as 1900 to 1999). */
function utcMillis(year: number, month: number, day: number, msInDay: number): number {
  const date = new Date(msInDay);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function dateValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return wrongType(label, 'a date as YYYY-MM-DD', value);
  if (!isCalendarDate(+match[1], +match[2], +match[3])) return { reason: `${label} "${match[0]}" is not a real date` };
  if (match[0] === NO_SUCH_SERVER_DAY) return noSuchServerDay(label, `"${match[0]}"`);
  // A date stored in an existing TIMESTAMP column is its midnight UTC.
  const range = column.limits.secondsRange;
  const seconds = utcMillis(+match[1], +match[2], +match[3], 0) / 1000;
  if (range && (seconds < range.min || seconds > range.max)) return { reason: `${label} "${match[0]}" is outside the range of ${column.column}` };
  return match[0];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function wrongType(label: string, expected: string, value: unknown): ValueFault {
  return { reason: `wrong type for ${label}: expected ${expected}, got ${describeType(value)}` };
}

function describeType(value: unknown): string {
  const number = numberText(value);
  if (number !== undefined) return `number ${number}`.slice(0, 60);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Characters as MySQL counts them in utf8mb4: code points, so an emoji is one. */
function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) count++;
  }
  return count;
}

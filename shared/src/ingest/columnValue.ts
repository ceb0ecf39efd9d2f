import { jsonTooDeep } from './jsonDepth';
import { ColumnMapping } from './mapping';

/** Why a value cannot be stored; the line is rejected with it. */
export interface ValueFault {
  reason: string;
}

/**
 * A present (non-null) JSON value as the text LOAD DATA stores for the column's type, or why it does not fit.
 * Numbers may come as JSON strings; nothing is coerced, truncated or rounded. `label` names the value's path.
 */
export function columnValue(value: unknown, column: ColumnMapping, label: string, line: string): string | ValueFault {
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
      // The whole line is stored as it was written; a part of it as JSON text.
      return jsonValue(label === '$' ? line : JSON.stringify(value), column, label);
  }
}

function stringValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (column.acceptNumbers && typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else return wrongType(label, 'a string', value);
  if (column.required && text.trim() === '') return { reason: `missing required field ${label}: it is empty` };
  if (!text.isWellFormed()) return { reason: `${label} holds a lone UTF-16 surrogate, which ${column.column} cannot store` };
  return withinLimits(text, column, label);
}

/** JSON text for a `json` column: within its limits, and no deeper than the server's JSON_VALID takes. */
export const jsonValue = (text: string, column: ColumnMapping, label: string): string | ValueFault =>
  jsonTooDeep(text, label) ?? withinLimits(text, column, label);

export function withinLimits(text: string, column: ColumnMapping, label: string): string | ValueFault {
  const { maxChars, maxBytes } = column.limits;
  if (maxChars !== undefined && text.length > maxChars) {
    const chars = countCodePoints(text);
    if (chars > maxChars) return { reason: `${label} is ${chars} characters, more than ${column.column} holds (${maxChars})` };
  }
  if (maxBytes !== undefined && text.length > maxBytes / 4) {
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes) return { reason: `${label} is ${bytes} bytes, more than ${column.column} holds (${maxBytes})` };
  }
  return text;
}

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function integerValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { reason: `${label} ${value} is not a whole number; ${column.column} stores integers` };
    if (!Number.isSafeInteger(value)) return { reason: `${label} ${value} is too large to be read exactly from JSON; send it as a string of digits` };
    text = String(value);
  } else if (typeof value === 'string' && INTEGER_TEXT.test(value)) text = value;
  else return wrongType(label, 'an integer', value);
  const range = column.limits.integerRange;
  if (range && !inIntegerRange(text, range)) return { reason: `${label} ${text} is outside the range of ${column.column} (${range.min} to ${range.max})` };
  return column.limits.decimal ? numberValue(text, column, label) : text;
}

function inIntegerRange(text: string, range: { min: string; max: string }): boolean {
  if (text.length < 16) {
    const n = Number(text);
    return n >= Number(range.min) && n <= Number(range.max);
  }
  const n = BigInt(text);
  return n >= BigInt(range.min) && n <= BigInt(range.max);
}

function numberValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  let text: string;
  if (typeof value === 'number') text = String(value);
  else if (typeof value === 'string' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value))) text = value;
  else return wrongType(label, 'a number', value);
  const { decimal, integerRange } = column.limits;
  if (decimal) {
    const fault = decimalFault(text, decimal);
    if (fault) return { reason: `${label} ${text} ${fault} ${column.column} holds (DECIMAL(${decimal.precision},${decimal.scale}))` };
  }
  if (integerRange) {
    if (!INTEGER_TEXT.test(text)) return { reason: `${label} ${text} is not a whole number; ${column.column} stores integers` };
    if (!inIntegerRange(text, integerRange))
      return { reason: `${label} ${text} is outside the range of ${column.column} (${integerRange.min} to ${integerRange.max})` };
  }
  return text;
}

/** Why a decimal text does not fit DECIMAL(p, s) exactly, or undefined when it does. */
function decimalFault(text: string, { precision, scale }: { precision: number; scale: number }): string | undefined {
  const plain = /e/i.test(text) ? expandExponent(text) : text;
  if (plain === undefined) return 'has more digits than';
  const [whole, fraction = ''] = plain.replace(/^-/, '').split('.');
  if (fraction.replace(/0+$/, '').length > scale) return 'has more decimals than';
  if (whole.replace(/^0+/, '').length > precision - scale) return 'is larger than';
  return undefined;
}

/** 1.5e3 as 1500; undefined past what a DECIMAL could hold anyway. */
function expandExponent(text: string): string | undefined {
  const n = Number(text);
  return Math.abs(n) < 1e21 && (n === 0 || Math.abs(n) >= 1e-6) ? n.toFixed(20).replace(/\.?0+$/, '') : undefined;
}

function unixTime(value: unknown, column: ColumnMapping, label: string, perSecond: 1 | 1000): string | ValueFault {
  const unit = perSecond === 1 ? 'seconds' : 'milliseconds';
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,15}$/.test(value)) n = Number(value);
  else return wrongType(label, `unix ${unit} as a number or a string of digits`, value);
  if (!Number.isInteger(n)) return { reason: `${label} ${value} has a fraction; the column stores whole ${unit}` };
  const range = column.limits.secondsRange;
  const seconds = n / perSecond;
  if (range && (seconds < range.min || seconds > range.max)) {
    const type = column.sqlType.split(' ')[0];
    return { reason: `${label} ${value} is outside ${type}'s range (${range.min * perSecond} to ${range.max * perSecond} ${unit})` };
  }
  if (perSecond === 1) return String(n);
  return `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`;
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with an offset, stored as UTC 'YYYY-MM-DD HH:MM:SS.ffffff'. */
function datetimeValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  const match = typeof value === 'string' ? ISO_DATETIME.exec(value) : null;
  if (!match) return wrongType(label, 'an ISO 8601 date and time with an offset (2024-05-01T12:00:00Z)', value);
  const text = match[0];
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  if (!isCalendarDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return { reason: `${label} "${text}" is not a real date and time` };
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000;
  const range = column.limits.secondsRange;
  if (range && (utc / 1000 < range.min || utc / 1000 > range.max)) return { reason: `${label} "${text}" is outside the range of ${column.column}` };
  const iso = new Date(utc).toISOString();
  if (iso.length !== 24) return { reason: `${label} "${text}" is outside the years 0000 to 9999` };
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}`;
}

function dateValue(value: unknown, column: ColumnMapping, label: string): string | ValueFault {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return wrongType(label, 'a date as YYYY-MM-DD', value);
  if (!isCalendarDate(+match[1], +match[2], +match[3])) return { reason: `${label} "${match[0]}" is not a real date` };
  // A date stored in an existing TIMESTAMP column is its midnight UTC.
  const range = column.limits.secondsRange;
  const seconds = Date.UTC(+match[1], +match[2] - 1, +match[3]) / 1000;
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

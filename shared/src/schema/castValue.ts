import { FieldOptions, FieldType } from './tableSchema';
import { readDecimal } from './readDecimal';
import { Cast, INVALID, temporalCast } from './temporal';

// How a cell's text becomes a value of its field's type, as the Table Schema spec says and, where it is
// silent, as frictionless-py v5 does (each such choice is marked "frictionless-py").

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// The spec's special values, in any case ("case need not be respected"), and Python Decimal's spellings of them.
const SPECIAL_NUMBERS = new Map<string, number>([
  ['nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
]);
// frictionless-py (bareNumber: false) strips what precedes the number and what follows it (a trailing "." too).
const NOT_BARE = /^[^-+0-9.]+|[^0-9]+$/g;
// A pragmatic address check: one @, no spaces, a dot in the domain (frictionless-py uses the `validators` package, which is close to this).
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
// RFC 3986: frictionless-py requires a scheme.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
// Python's uuid.UUID takes braces, a urn:uuid: prefix and missing hyphens; so does this.
const UUID = /^(?:urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
// Strict base64 with padding (Python's b64decode ignores stray characters; a contract that says binary means this).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const YEAR = /^\d{4}$/;
const YEARMONTH = /^(\d{4})-(\d{2})$/;
const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const GEOPOINT = /^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$/;

export const DEFAULT_TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
export const DEFAULT_FALSE_VALUES = ['false', 'False', 'FALSE', '0'];
const DEFAULT_LIST_DELIMITER = ',';

/** The formats each type accepts besides a strptime pattern (dates and times take those). */
export const FORMATS: Partial<Record<FieldType, string[]>> = {
  string: ['default', 'email', 'uri', 'uuid', 'binary'],
  geopoint: ['default', 'array', 'object'],
};

/**
 * Turns "1.234,5" (groupChar ".", decimalChar ",") into "1234.5", and strips currency signs when not bare.
 * Undefined for a "." left when the decimal mark is another character (frictionless-py, fields/number.py): in
 * European data it is an undeclared thousands separator, and "1.234" must not quietly read as 1.234.
 */
function numberText(options: FieldOptions): (raw: string) => string | undefined {
  const group = options.groupChar;
  const decimal = options.decimalChar ?? '.';
  const bare = options.bareNumber ?? true;
  if (!group && decimal === '.' && bare) return (raw) => raw;
  return (raw) => {
    let text = raw;
    if (!bare) text = text.replace(NOT_BARE, '');
    if (group && text.includes(group)) text = text.replaceAll(group, '');
    if (decimal !== '.') {
      if (text.includes('.')) return undefined;
      text = text.replace(decimal, '.');
    }
    return text;
  };
}

/** Python's int() and Decimal() read " 01 " as 1 (frictionless-py's tests); only a cell that starts or ends in a space is trimmed. */
function trimmed(raw: string): string {
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  return first <= 32 || last <= 32 || first === 0xa0 || last === 0xa0 || first >= 0x1680 || last >= 0x1680 ? raw.trim() : raw;
}

/** The character code of an option's one character, or -1 (longer group strings take the general path). */
const codeOf = (option: string | undefined, fallback = -1) => (option === undefined ? fallback : option.length === 1 ? option.charCodeAt(0) : -2);

function integerCast(options: FieldOptions): Cast<number | bigint> {
  const normalise = numberText(options);
  const group = codeOf(options.groupChar);
  return (raw) => {
    const quick = group === -2 ? undefined : readDecimal(raw, group, -1, false);
    if (quick !== undefined) return quick;
    const text = normalise(trimmed(raw));
    if (text === undefined || !INTEGER.test(text)) return INVALID;
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : BigInt(text);
  };
}

function numberCast(options: FieldOptions): Cast<number> {
  const normalise = numberText(options);
  const group = codeOf(options.groupChar);
  const decimal = codeOf(options.decimalChar, 46);
  const quick = group !== -2 && decimal !== -2;
  return (raw) => {
    const value = quick ? readDecimal(raw, group, decimal, true) : undefined;
    if (value !== undefined) return value;
    const cell = trimmed(raw);
    const text = normalise(cell);
    if (text === undefined) return INVALID;
    if (NUMBER.test(text)) return Number(text);
    return SPECIAL_NUMBERS.get(cell.toLowerCase()) ?? INVALID;
  };
}

/** A number cell's decimal text as the cast reads it (group marks out, "." as the decimal mark), for exact comparison; undefined for NaN and infinities. */
export function decimalText(options: FieldOptions): (raw: string) => string | undefined {
  const normalise = numberText(options);
  return (raw) => {
    const text = normalise(trimmed(raw));
    return text !== undefined && NUMBER.test(text) ? text : undefined;
  };
}

function booleanCast(options: FieldOptions): Cast<boolean> {
  const truths = new Set(options.trueValues ?? DEFAULT_TRUE_VALUES);
  const falsehoods = new Set(options.falseValues ?? DEFAULT_FALSE_VALUES);
  return (raw) => (truths.has(raw) ? true : falsehoods.has(raw) ? false : INVALID);
}

const matching =
  (regex: RegExp): Cast<string> =>
  (raw) =>
    regex.test(raw) ? raw : INVALID;

function stringCast(format: string | undefined): Cast<string> {
  switch (format) {
    case 'email':
      return matching(EMAIL);
    case 'uri':
      return matching(URI);
    case 'uuid':
      return matching(UUID);
    case 'binary':
      return matching(BASE64);
    default:
      return (raw) => raw;
  }
}

function jsonCast(kind: 'object' | 'array'): Cast<unknown> {
  return (raw) => {
    // frictionless-py: a JSON text of the right kind; the first character rules out most cells without a parse.
    if (raw.trimStart()[0] !== (kind === 'object' ? '{' : '[')) return INVALID;
    try {
      const value: unknown = JSON.parse(raw);
      return kind === 'array' ? (Array.isArray(value) ? value : INVALID) : value !== null && !Array.isArray(value) ? value : INVALID;
    } catch {
      return INVALID;
    }
  };
}

/** Durations compare by an approximate length in seconds (a month as 30 days, a year as 365), as isodate does for ordering. */
function durationCast(): Cast<number> {
  const scale = [365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1];
  return (raw) => {
    const match = DURATION.exec(raw);
    if (!match) return INVALID;
    let seconds = 0;
    for (let i = 0; i < scale.length; i++) if (match[i + 1]) seconds += Number(match[i + 1]) * scale[i];
    return seconds;
  };
}

function geopointCast(format: string | undefined): Cast<string> {
  const inRange = (lon: number, lat: number) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  // Values are "lon,lat" strings, so that uniqueness and enum compare points, however they were spelled.
  const point = (lon: number, lat: number) => (inRange(lon, lat) ? `${lon},${lat}` : INVALID);
  if (format === 'array' || format === 'object') {
    const json = jsonCast(format);
    return (raw) => {
      const value = json(raw);
      if (value === INVALID) return INVALID;
      // Exactly two items, or exactly the two keys lon and lat (the spec).
      const size = Array.isArray(value) ? value.length : Object.keys(value as object).length;
      const [lon, lat]: unknown[] = Array.isArray(value) ? (value as unknown[]) : [(value as { lon?: unknown }).lon, (value as { lat?: unknown }).lat];
      if (typeof lon !== 'number' || typeof lat !== 'number' || size !== 2) return INVALID;
      return point(lon, lat);
    };
  }
  return (raw) => {
    const match = GEOPOINT.exec(raw);
    return match ? point(Number(match[1]), Number(match[2])) : INVALID;
  };
}

function listCast(options: FieldOptions): Cast<unknown[]> {
  const delimiter = options.delimiter ?? DEFAULT_LIST_DELIMITER;
  const item = castFor({ type: options.itemType ?? 'string' });
  return (raw) => {
    const items: unknown[] = [];
    for (const part of raw.split(delimiter)) {
      const value = item(part);
      if (value === INVALID) return INVALID;
      items.push(value);
    }
    return items;
  };
}

/**
 * The cast for a field's type, format and options. No type is `string` (Table Schema v1's default; v2 says
 * `any`, which reads the same values but takes no pattern or length constraints, which header rules use).
 */
export function castFor(given: FieldOptions): Cast<unknown> {
  // v0 wrote temporal formats as "fmt:%d/%m/%Y"; the spec says to drop the prefix.
  const options = given.format?.startsWith('fmt:') ? { ...given, format: given.format.slice(4) } : given;
  switch (options.type ?? 'string') {
    case 'string':
      return stringCast(options.format);
    case 'integer':
      return integerCast(options);
    case 'number':
      return numberCast(options);
    case 'boolean':
      return booleanCast(options);
    case 'date':
      return temporalCast('date', options.format);
    case 'time':
      return temporalCast('time', options.format);
    case 'datetime':
      return temporalCast('datetime', options.format);
    case 'year':
      return (raw) => (YEAR.test(raw) ? Number(raw) : INVALID);
    case 'yearmonth':
      return (raw) => {
        const match = YEARMONTH.exec(raw);
        const month = match ? Number(match[2]) : 0;
        return match && month >= 1 && month <= 12 ? Number(match[1]) * 12 + month - 1 : INVALID;
      };
    case 'duration':
      return durationCast();
    case 'object':
      return jsonCast('object');
    case 'array':
      return jsonCast('array');
    case 'list':
      return listCast(options);
    case 'geopoint':
      return geopointCast(options.format);
    case 'any':
      return (raw) => raw;
  }
}

import { re2 } from './compilePattern';

/** What a cell that is not a value of its type casts to. */
export const INVALID: unique symbol = Symbol('invalid');
export type Cast<T> = (raw: string) => T | typeof INVALID;

/** Calendar fields read from a cell; what is absent takes strptime's defaults (1900-01-01 00:00:00). */
interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC, when the text had an offset. */
  offset: number | undefined;
  pm: boolean | undefined;
  hour12: boolean;
  yearDay: number | undefined;
}

/**
 * One Parts for every cell: a cast reads it, turns it into a number and is done before the next one starts
 * (the engine is synchronous), so a million dates allocate no object each.
 */
const scratch: Parts = {
  year: 1900,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  millis: 0,
  offset: undefined,
  pm: undefined,
  hour12: false,
  yearDay: undefined,
};

function freshParts(): Parts {
  scratch.year = 1900;
  scratch.month = 1;
  scratch.day = 1;
  scratch.hour = 0;
  scratch.minute = 0;
  scratch.second = 0;
  scratch.millis = 0;
  scratch.offset = undefined;
  scratch.pm = undefined;
  scratch.hour12 = false;
  scratch.yearDay = undefined;
  return scratch;
}

type Setter = (parts: Parts, text: string) => boolean;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const alternatives = (names: string[], short: boolean) => names.map((n) => (short ? n.slice(0, 3) : n)).join('|');
const nameIndex = (names: string[], text: string) => names.findIndex((n) => n.startsWith(text.toLowerCase()));

/**
 * Python's strptime directives (what Table Schema's date formats are written in), each as a pattern and what
 * it sets. Widths follow CPython: `%m`, `%d`, `%H`, `%M`, `%S` take one or two digits, `%y` pivots at 69.
 */
const DIRECTIVES: Record<string, { pattern: string; set: Setter }> = {
  Y: { pattern: '\\d{4}', set: (p, t) => ((p.year = +t), true) },
  y: { pattern: '\\d{2}', set: (p, t) => ((p.year = +t < 69 ? 2000 + +t : 1900 + +t), true) },
  m: { pattern: '\\d{1,2}', set: (p, t) => ((p.month = +t), true) },
  d: { pattern: '\\d{1,2}', set: (p, t) => ((p.day = +t), true) },
  H: { pattern: '\\d{1,2}', set: (p, t) => ((p.hour = +t), true) },
  I: { pattern: '\\d{1,2}', set: (p, t) => ((p.hour = +t), (p.hour12 = true), +t >= 1 && +t <= 12) },
  M: { pattern: '\\d{1,2}', set: (p, t) => ((p.minute = +t), true) },
  S: { pattern: '\\d{1,2}', set: (p, t) => ((p.second = +t), true) },
  f: { pattern: '\\d{1,6}', set: (p, t) => ((p.millis = +t.padEnd(6, '0') / 1000), true) },
  j: { pattern: '\\d{1,3}', set: (p, t) => ((p.yearDay = +t), +t >= 1 && +t <= 366) },
  p: { pattern: '[AaPp][Mm]', set: (p, t) => ((p.pm = t.toLowerCase() === 'pm'), true) },
  b: { pattern: alternatives(MONTHS, true), set: (p, t) => ((p.month = nameIndex(MONTHS, t) + 1), true) },
  B: { pattern: alternatives(MONTHS, false), set: (p, t) => ((p.month = nameIndex(MONTHS, t) + 1), true) },
  a: { pattern: alternatives(DAYS, true), set: () => true },
  A: { pattern: alternatives(DAYS, false), set: () => true },
  // Under 24 hours with minutes under 60, as Python's strptime and frictionless require.
  // Python ≥ 3.7 reads "Z" (upper case only, although the rest of the pattern ignores case) as UTC.
  z: {
    pattern: 'Z|[+-]\\d{2}:?\\d{2}',
    set: (p, t) => (t === 'Z' || t === 'z' ? ((p.offset = 0), t === 'Z') : ((p.offset = offsetMinutes(t)), Math.abs(p.offset) < 24 * 60 && +t.slice(-2) < 60)),
  },
};

function offsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const digits = text.replace(':', '');
  const minutes = +digits.slice(1, 3) * 60 + +digits.slice(3, 5);
  return text[0] === '-' ? -minutes : minutes;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Why a strptime pattern cannot be used, or undefined; parseConfig reports it at the format's position. */
export function checkStrptime(pattern: string): string | undefined {
  const seen = new Set<string>();
  for (const match of pattern.matchAll(/%(.?)/g)) {
    if (match[1] !== '%' && !(match[1] in DIRECTIVES)) {
      return `"%${match[1]}" is not a strptime directive Loadline knows; use ${Object.keys(DIRECTIVES)
        .map((d) => `%${d}`)
        .join(' ')} or %%`;
    }
    // Python's strptime (frictionless-py's) refuses a repeat ("redefinition of group name"): which would win?
    if (match[1] !== '%' && seen.has(match[1])) return `"%${match[1]}" appears twice: each directive may appear once (which of the two values would count?)`;
    seen.add(match[1]);
  }
  // strptime reads "%I" alone as a morning hour, so that 3 means 03:00 even for 3 in the afternoon: say which.
  if (/%I/.test(pattern.replaceAll('%%', '')) && !/%p/.test(pattern.replaceAll('%%', '')))
    return `"%I" is a 12-hour clock hour: add "%p" (AM or PM), or use "%H"`;
  return undefined;
}

/** A cell reader for a strptime pattern: the whole cell must match, and the date must exist. */
function compileStrptime(pattern: string): (raw: string) => Parts | undefined {
  const setters: Setter[] = [];
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(/%(.)/g)) {
    source += escapeRegExp(pattern.slice(last, match.index));
    last = match.index + 2;
    if (match[1] === '%') {
      source += '%';
      continue;
    }
    const directive = DIRECTIVES[match[1]] as (typeof DIRECTIVES)[string] | undefined;
    // parseConfig refuses unknown directives; an unchecked contract still must not crash the engine.
    if (!directive) {
      source += escapeRegExp(match[0]);
      continue;
    }
    source += `(${directive.pattern})`;
    setters.push(directive.set);
  }
  // strptime matches whitespace in the pattern with any run of whitespace.
  source = (source + escapeRegExp(pattern.slice(last))).replace(/\s+/g, '\\s+');
  const digitsOnly = digitReader(pattern);
  if (digitsOnly) return digitsOnly;
  // RE2, not a backtracking engine: 32 adjacent %m would otherwise try 2^32 ways to split a cell of digits.
  const RE2 = re2();
  const regex = RE2.compile(source, RE2.CASE_INSENSITIVE);
  return (raw) => {
    const match = regex.matcher(raw);
    if (!match.matches()) return undefined;
    const parts = freshParts();
    for (let i = 0; i < setters.length; i++) if (!setters[i](parts, match.group(i + 1)!)) return undefined;
    return finish(parts);
  };
}

/** What each numeric directive reads: how many digits, and which field it sets. */
const NUMERIC: Record<string, { min: number; max: number; field: 'year' | 'year2' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'micros' }> = {
  Y: { min: 4, max: 4, field: 'year' },
  y: { min: 2, max: 2, field: 'year2' },
  m: { min: 1, max: 2, field: 'month' },
  d: { min: 1, max: 2, field: 'day' },
  H: { min: 1, max: 2, field: 'hour' },
  M: { min: 1, max: 2, field: 'minute' },
  S: { min: 1, max: 2, field: 'second' },
  f: { min: 1, max: 6, field: 'micros' },
};

type Step = { literal: number } | { min: number; max: number; field: (typeof NUMERIC)[string]['field'] };

/**
 * A character-code reader for patterns made only of numeric directives separated by literal characters
 * (`%d/%m/%Y`, `%Y-%m-%d %H:%M`), the common ones: no regular expression, no match array. Digits are read
 * greedily, which is what strptime's match gives when a literal follows each directive. Undefined for other
 * patterns (names, %p, %z, %j, whitespace, non-ASCII literals, two directives back to back): the regular expression reads those.
 */
function digitReader(pattern: string): ((raw: string) => Parts | undefined) | undefined {
  const steps: Step[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 37) {
      const directive = NUMERIC[pattern[i + 1]];
      const previous = steps[steps.length - 1];
      if (!directive || (previous && !('literal' in previous))) return undefined;
      steps.push(directive);
      i++;
    } else if (code <= 32 || (code >= 48 && code <= 57) || code > 127) return undefined;
    else steps.push({ literal: code | (isLetter(code) ? 0x20 : 0) });
  }
  return (raw) => {
    const parts = freshParts();
    let at = 0;
    for (const step of steps) {
      if ('literal' in step) {
        // Letters match in either case, as in CPython's strptime (its pattern is compiled IGNORECASE) and the regular expression path.
        const code = raw.charCodeAt(at++);
        if ((isLetter(code) ? code | 0x20 : code) !== step.literal) return undefined;
        continue;
      }
      let value = 0;
      let count = 0;
      while (count < step.max) {
        const digit = raw.charCodeAt(at) - 48;
        if (!(digit >= 0 && digit <= 9)) break;
        value = value * 10 + digit;
        at++;
        count++;
      }
      if (count < step.min) return undefined;
      if (step.field === 'year2') parts.year = value < 69 ? 2000 + value : 1900 + value;
      else if (step.field === 'micros') parts.millis = (value * 10 ** (6 - count)) / 1000;
      else parts[step.field] = value;
    }
    return at === raw.length ? finish(parts) : undefined;
  };
}

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Applies %p and %j and checks ranges; undefined for a date that does not exist. */
function finish(parts: Parts): Parts | undefined {
  if (parts.hour12 && parts.pm !== undefined) parts.hour = (parts.hour % 12) + (parts.pm ? 12 : 0);
  if (parts.yearDay !== undefined) {
    const date = new Date(Date.UTC(parts.year, 0, parts.yearDay));
    if (date.getUTCFullYear() !== parts.year) return undefined;
    parts.month = date.getUTCMonth() + 1;
    parts.day = date.getUTCDate();
  }
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined;
  // CPython's strptime reads seconds up to 61, but frictionless-py builds a datetime, which takes 0-59 and years from 1.
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59 || parts.year < 1) return undefined;
  return parts;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (H. Hinnant's days_from_civil): no Date per cell. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const epochDay = (p: Parts) => daysFromCivil(p.year, p.month, p.day);
/** Milliseconds since the epoch, in UTC when the text had an offset (naive times compare as if in UTC). */
const epochMillis = (p: Parts) => epochDay(p) * DAY_MS + dayMillis(p);
const dayMillis = (p: Parts) => ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.millis - (p.offset ?? 0) * 60_000;

// The defaults, as frictionless-py v5 reads them: dates `%Y-%m-%d`; times `%H:%M:%S` with optional
// fraction and offset; datetimes ISO 8601 with `T`, optional fraction and optional `Z` or ±hh:mm.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;

function isoParts(match: RegExpExecArray | null, dateAt: number, timeAt: number): Parts | undefined {
  if (!match) return undefined;
  const parts = freshParts();
  if (dateAt > 0) {
    parts.year = +match[dateAt];
    parts.month = +match[dateAt + 1];
    parts.day = +match[dateAt + 2];
  }
  if (timeAt > 0) {
    parts.hour = +match[timeAt];
    parts.minute = +match[timeAt + 1];
    parts.second = +match[timeAt + 2];
    if (match[timeAt + 3]) parts.millis = +match[timeAt + 3].padEnd(6, '0') / 1000;
    if (match[timeAt + 4]) parts.offset = offsetMinutes(match[timeAt + 4]);
  }
  return finish(parts);
}

/** Two ASCII digits at `at` as a number, or -1. */
function digits2(raw: string, at: number): number {
  const a = raw.charCodeAt(at) - 48;
  const b = raw.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DD` (and, with `withTime`, `THH:MM:SS` and an optional `Z`) read by character codes: the common
 * spellings skip the regular expression and its match array. Undefined sends the cell to the full pattern.
 */
function fastIso(raw: string, withTime: boolean): Parts | undefined {
  const length = raw.length;
  if (withTime ? length !== 19 && !(length === 20 && raw.charCodeAt(19) === 90) : length !== 10) return undefined;
  const century = digits2(raw, 0);
  const year = digits2(raw, 2);
  if (century < 0 || year < 0 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
  const parts = freshParts();
  parts.year = century * 100 + year;
  parts.month = digits2(raw, 5);
  parts.day = digits2(raw, 8);
  if (withTime) {
    if (raw.charCodeAt(10) !== 84 || raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58) return undefined;
    parts.hour = digits2(raw, 11);
    parts.minute = digits2(raw, 14);
    parts.second = digits2(raw, 17);
    if (parts.hour < 0 || parts.minute < 0 || parts.second < 0) return undefined;
    if (length === 20) parts.offset = 0;
  }
  return parts.month < 0 || parts.day < 0 ? undefined : parts;
}

type TemporalType = 'date' | 'time' | 'datetime';

/**
 * A cast for a date, time or datetime field. Values are numbers so that constraints and uniqueness compare
 * them without allocating a Date: days since the epoch, milliseconds since midnight, milliseconds since the epoch.
 */
export function temporalCast(type: TemporalType, format: string | undefined): Cast<number> {
  const read: (raw: string) => Parts | undefined =
    format === undefined || format === 'default'
      ? type === 'date'
        ? (raw) => {
            const fast = fastIso(raw, false);
            return fast ? finish(fast) : isoParts(ISO_DATE.exec(raw), 1, 0);
          }
        : type === 'time'
          ? (raw) => isoParts(ISO_TIME.exec(raw), 0, 1)
          : (raw) => {
              const fast = fastIso(raw, true);
              return fast ? finish(fast) : isoParts(ISO_DATETIME.exec(raw), 1, 4);
            }
      : compileStrptime(format);
  const value = type === 'date' ? epochDay : type === 'time' ? dayMillis : epochMillis;
  return (raw) => {
    const parts = read(raw);
    return parts ? value(parts) : INVALID;
  };
}

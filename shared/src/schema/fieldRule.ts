import { castFor, decimalText } from './castValue';
import { compilePattern } from './compilePattern';
import { nativePattern } from './nativePattern';
import { ConstraintName, Constraints, DEFAULT_MISSING_VALUES, FieldType, onlyEmptyMissing, SchemaField } from './tableSchema';
import { watchRule, unwatchRule } from './ruleWatch';
import { Cast, INVALID } from './temporal';
import { compareDecimals, exactInteger, isWrittenNumber, mayRound, plainLimit } from './writtenNumber';

/** Which constraints each type supports (frictionless-py v5's field classes; Table Schema v2 adds the exclusive limits). */
const ORDERED = ['required', 'unique', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
const SIZED = ['required', 'unique', 'enum', 'minLength', 'maxLength'] as const;
const CONSTRAINTS_BY_TYPE: Record<FieldType, readonly ConstraintName[]> = {
  string: [...SIZED, 'pattern'],
  integer: ORDERED,
  number: ORDERED,
  boolean: ['required', 'enum'],
  date: ORDERED,
  time: ORDERED,
  datetime: ORDERED,
  year: ORDERED,
  yearmonth: ORDERED,
  duration: ORDERED,
  object: SIZED,
  array: SIZED,
  list: SIZED,
  geopoint: ['required', 'unique', 'enum'],
  any: ['required', 'unique', 'enum'],
};

const NUMERIC: ReadonlySet<FieldType> = new Set(['integer', 'number', 'year']);
const EXPONENT = /[eE]/;

/** One constraint a cast value broke, with the limit it broke, for the message and the diagnostic's data. */
export interface Violation {
  constraint: Exclude<ConstraintName, 'required' | 'unique'>;
  limit: unknown;
}

interface ValueCheck {
  violation: Violation;
  /** `raw`: the cell's text, for number limits that the cell's double ties with but its digits may not. */
  passes(value: unknown, raw: string): boolean;
}

/** A field compiled for the hot path: is the cell missing, what is its value, which constraint does it break. */
export interface FieldRule {
  field: SchemaField;
  type: FieldType;
  isMissing(raw: string): boolean;
  /** The cell texts isMissing takes: the field's missingValues, else the schema's. */
  missingValues: readonly string[];
  cast: Cast<unknown>;
  required: boolean;
  unique: boolean;
  /** The first value constraint the value (of the cell `raw`) breaks (constraints in the schema's order). */
  violation(value: unknown, raw: string): Violation | undefined;
  /** False when the field checks nothing beyond `required` (an untyped header rule): the hot path skips it. */
  typed: boolean;
}

/** Strings count code points, as Python's len() does; arrays and lists their items; objects their keys. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length < 0x10000 && !/[\ud800-\udfff]/.test(value) ? value.length : [...value].length;
  if (Array.isArray(value)) return value.length;
  return Object.keys(value as object).length;
}

/** Values compare as numbers, bigints or strings; objects by their JSON text (for enum). */
export function valueKey(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

/**
 * A constraint's own value read as the field's type (the spec: "values of the constraint are in the
 * field's physical representation" when given as strings). INVALID when it is not one.
 */
function castLimit(field: SchemaField, cast: Cast<unknown>, limit: unknown): unknown {
  const type = field.type ?? 'string';
  if (isWrittenNumber(limit)) {
    if (type === 'integer') return exactInteger(limit.written) ?? INVALID;
    return NUMERIC.has(type) || type === 'duration' ? Number(limit.written) : INVALID;
  }
  if (typeof limit === 'string') {
    const value = cast(limit);
    if (value !== INVALID) return value;
    // A date limit may be written in ISO form even when the cells use a strptime pattern.
    return field.format && (type === 'date' || type === 'time' || type === 'datetime') ? castFor({ type })(limit) : INVALID;
  }
  if (typeof limit === 'number' && type === 'integer') {
    // Cells past 2^53 cast to bigints: a limit there must be one too, or enum [9007199254740992] refuses that very cell.
    if (!Number.isInteger(limit)) return INVALID;
    return Number.isSafeInteger(limit) ? limit : BigInt(limit);
  }
  if (typeof limit === 'number') return NUMERIC.has(type) || type === 'duration' ? limit : INVALID;
  if (typeof limit === 'boolean') return type === 'boolean' ? limit : INVALID;
  if (typeof limit === 'object' && limit !== null) return type === 'object' || type === 'array' || type === 'any' ? limit : INVALID;
  return INVALID;
}

/** A fault in one of a field's constraints, named so that the config's diagnostic can point at it. */
export interface ConstraintFault {
  constraint: string;
  message: string;
}

/**
 * The order of a cell's value against a limit (-1, 0, 1; NaN when unordered). Doubles order a number cell, except
 * when they tie and either text has more digits than a double keeps: then the decimal texts are compared exactly.
 */
function orderer(field: SchemaField): (value: unknown, raw: string, bound: unknown, boundText: string | undefined) => number {
  const exactText = field.type === 'number' ? decimalText(field) : undefined;
  return (value, raw, bound, boundText) => {
    if ((value as number) < (bound as number)) return -1;
    if ((value as number) > (bound as number)) return 1;
    if (typeof value === 'number' && Number.isNaN(value)) return NaN;
    // A cell of 16 characters or fewer, with no exponent, has at most 15 significant digits after its sign or point,
    // well inside a double's range: its double is exact.
    if (!exactText || boundText === undefined || (!mayRound(boundText) && raw.length <= 16 && !EXPONENT.test(raw))) return 0;
    const cell = exactText(raw);
    // No decimal text: the cell is INF or -INF, beyond any finite limit, 1e400 included (both are Infinity as doubles).
    if (cell === undefined) return Math.sign(value as number);
    return compareDecimals(cell, boundText);
  };
}

function valueChecks(field: SchemaField, cast: Cast<unknown>, constraints: Constraints): { checks: ValueCheck[]; faults: ConstraintFault[] } {
  const checks: ValueCheck[] = [];
  const faults: ConstraintFault[] = [];
  const limitOf = (name: ConstraintName, limit: unknown) => {
    const value = castLimit(field, cast, limit);
    if (value === INVALID)
      faults.push({ constraint: name, message: `${name} ${JSON.stringify(plainLimit(limit))} is not a ${field.type ?? 'string'} value for this field` });
    return value;
  };
  const order = orderer(field);
  // A number limit's decimal text, for ties (a string limit is in the cells' own notation).
  const cellText = decimalText(field);
  const textOf = (limit: unknown) =>
    field.type !== 'number'
      ? undefined
      : isWrittenNumber(limit)
        ? limit.written
        : typeof limit === 'number'
          ? String(limit)
          : typeof limit === 'string'
            ? cellText(limit)
            : undefined;
  const bounds: Bound[] = [];
  for (const [name, limit] of Object.entries(constraints) as [ConstraintName, unknown][]) {
    if (limit === undefined || name === 'required' || name === 'unique') continue;
    const violation = { constraint: name, limit: plainLimit(limit) };
    switch (name) {
      case 'enum': {
        // Each allowed value's texts: a number cell whose double is allowed must still equal one of them.
        const texts = new Map<unknown, (string | undefined)[]>();
        for (const member of limit as unknown[]) {
          const key = valueKey(limitOf(name, member));
          const list = texts.get(key);
          if (list) list.push(textOf(member));
          else texts.set(key, [textOf(member)]);
        }
        checks.push({
          violation,
          passes: (v, raw) => {
            const list = texts.get(valueKey(v));
            return list !== undefined && (field.type !== 'number' || list.some((text) => order(v, raw, v, text) === 0));
          },
        });
        break;
      }
      case 'pattern': {
        // RE2 runs in time linear in the cell: a pasted pattern such as (a|a)* or (\w|\d)*x cannot hang the checker.
        const regex = compilePattern(limit as string);
        if ('reason' in regex) {
          const where = regex.at === undefined ? '' : ` (at character ${regex.at} of the pattern)`;
          faults.push({ constraint: name, message: `pattern is not a valid regular expression: ${regex.reason}${where}` });
          break;
        }
        const column = field.name;
        const native = nativePattern(limit as string);
        checks.push({
          violation,
          passes: (v) => {
            watchRule(column, name);
            // matches() is anchored at both ends: the spec's XML Schema patterns match the whole value.
            // String(): an unchecked contract may put a pattern on a cast value that is not a string.
            const matched = native ? native.test(String(v)) : regex.matches(String(v));
            unwatchRule();
            return matched;
          },
        });
        break;
      }
      case 'minLength':
        checks.push({ violation, passes: (v) => sizeOf(v) >= Number(plainLimit(limit)) });
        bounds.push({ name, limit, value: Number(plainLimit(limit)) });
        break;
      case 'maxLength':
        checks.push({ violation, passes: (v) => sizeOf(v) <= Number(plainLimit(limit)) });
        bounds.push({ name, limit, value: Number(plainLimit(limit)) });
        break;
      default: {
        const bound = limitOf(name, limit);
        if (bound === INVALID) break;
        const text = textOf(limit);
        bounds.push({ name, limit, value: bound, text });
        const passes: Record<typeof name, (v: unknown, raw: string) => boolean> = {
          minimum: (v, raw) => order(v, raw, bound, text) >= 0,
          maximum: (v, raw) => order(v, raw, bound, text) <= 0,
          exclusiveMinimum: (v, raw) => order(v, raw, bound, text) > 0,
          exclusiveMaximum: (v, raw) => order(v, raw, bound, text) < 0,
        };
        checks.push({ violation, passes: passes[name] });
      }
    }
  }
  return { checks, faults: [...faults, ...emptyRanges(bounds)] };
}

/** A lower or upper limit as read: its value in the field's type, and a number's decimal text for exact ties. */
interface Bound {
  name: ConstraintName;
  limit: unknown;
  value: unknown;
  text?: string;
}

const LOWER: readonly ConstraintName[] = ['minimum', 'exclusiveMinimum', 'minLength'];
const EXCLUSIVE: readonly ConstraintName[] = ['exclusiveMinimum', 'exclusiveMaximum'];

/**
 * A lower limit above an upper one (`minimum: 5, maximum: 1`), or equal to it with either exclusive, leaves no value
 * that could pass: the contract fails every row. frictionless-py accepts it; Loadline refuses it at the upper limit,
 * as one config error rather than an error on every row.
 */
function emptyRanges(bounds: Bound[]): ConstraintFault[] {
  const faults: ConstraintFault[] = [];
  for (const upper of bounds.filter((b) => !LOWER.includes(b.name)))
    for (const lower of bounds.filter((b) => LOWER.includes(b.name) && (b.name === 'minLength') === (upper.name === 'maxLength'))) {
      const order = compareBounds(lower, upper);
      if (order < 0 || (order === 0 && !EXCLUSIVE.includes(lower.name) && !EXCLUSIVE.includes(upper.name))) continue;
      const shown = (b: Bound) => `${b.name} ${isWrittenNumber(b.limit) ? b.limit.written : JSON.stringify(b.limit)}`;
      faults.push({ constraint: upper.name, message: `${shown(upper)} is ${order > 0 ? 'below' : 'equal to'} the ${shown(lower)}: no value can pass both` });
    }
  return faults;
}

/** Two limits' order: by value, and by their decimal texts when the values tie (1e400 and 2e400 are both Infinity). */
function compareBounds(a: Bound, b: Bound): number {
  if ((a.value as number) < (b.value as number)) return -1;
  if ((a.value as number) > (b.value as number)) return 1;
  return a.text !== undefined && b.text !== undefined ? compareDecimals(a.text, b.text) : 0;
}

/** Problems in a field's constraints that the JSON Schema cannot see: unsupported for the type, limits of the wrong type, bad patterns. */
export function constraintFaults(field: SchemaField): ConstraintFault[] {
  const type = field.type ?? 'string';
  const constraints = field.constraints ?? {};
  const unsupported = Object.keys(constraints)
    .filter((name) => !CONSTRAINTS_BY_TYPE[type].includes(name as ConstraintName))
    .map((name) => ({
      constraint: name,
      message: `The ${type} type does not support the ${name} constraint (it supports ${CONSTRAINTS_BY_TYPE[type].join(', ')})`,
    }));
  return unsupported.length > 0 ? unsupported : valueChecks(field, castFor(field), constraints).faults;
}

const TEMPORAL: ReadonlySet<FieldType> = new Set(['date', 'time', 'datetime']);

const hasStrptimeFormat = (field: SchemaField, type: FieldType) => TEMPORAL.has(type) && field.format !== undefined && field.format !== 'default';

/** Whether a test of the field's rules is watched (ruleWatch): its time depends on the contract's own text. */
export function watchesRules(field: SchemaField): boolean {
  return field.constraints?.pattern !== undefined || hasStrptimeFormat(field, field.type ?? 'string');
}

/** A strptime format costs more the longer it is, as a pattern does: its test is watched, so that a supervisor can name it. */
function watchedCast(field: SchemaField, type: FieldType, cast: Cast<unknown>): Cast<unknown> {
  if (!hasStrptimeFormat(field, type)) return cast;
  const column = field.name;
  return (raw) => {
    watchRule(column, 'format');
    const value = cast(raw);
    unwatchRule();
    return value;
  };
}

/**
 * Compiles a field. `schemaMissing` is the schema's missingValues; the field's own list replaces it
 * (Table Schema v2). `typed` says whether the contract asked for more than a filled cell.
 */
export function compileField(field: SchemaField, schemaMissing: readonly string[] = DEFAULT_MISSING_VALUES, typed = true): FieldRule {
  const type = field.type ?? 'string';
  const cast = castFor(field);
  const constraints = field.constraints ?? {};
  const { checks } = valueChecks(field, cast, constraints);
  const missingValues = field.missingValues ?? schemaMissing;
  const missing = new Set(missingValues);
  return {
    field,
    type,
    isMissing: onlyEmptyMissing(missingValues) ? (raw) => raw === '' : (raw) => missing.has(raw),
    missingValues,
    cast: watchedCast(field, type, cast),
    required: constraints.required === true,
    unique: constraints.unique === true,
    violation: (value, raw) => {
      for (let i = 0; i < checks.length; i++) if (!checks[i].passes(value, raw)) return checks[i].violation;
      return undefined;
    },
    typed: typed && (type !== 'string' || field.format !== undefined || checks.length > 0 || constraints.unique === true),
  };
}

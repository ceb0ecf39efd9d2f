import { KeyCollation, keyNormalizer } from './keyCollation';
import { ColumnMapping, IngestMapping } from '../../mapping/ingestMapping';
import type { RowValues } from '../../mapping/mapLine';
import { joinKeyParts } from '../../schema/joinKeyParts';

/**
 * A key column's value as the table compares it, so that two spellings of one value are one key in the file as
 * they are in the table: 0 and -0, 1, 1.0 and 1e0 in a number column, .5 and .500000 in a DATETIME(6), and
 * strings by the column's collation. Values arrive checked (`columnValue`, `csvValue`): an integer column's are
 * whole, a DECIMAL's within its scale.
 */
export function keyValueOf(column: Pick<ColumnMapping, 'type' | 'limits'>, collation: KeyCollation): (value: string) => string {
  const { decimal, integerRange } = column.limits;
  switch (column.type) {
    case 'integer':
    case 'number':
      if (decimal) return (value) => decimalKey(value, decimal.scale);
      if (integerRange) return integerKeyValue;
      // FLOAT keeps a double's nearest 32-bit float: 0.1 and 0.10000000149 are one key there.
      return collation.float ? (value) => floatKey(Math.fround(Number(value)), value) : (value) => floatKey(Number(value), value);
    case 'datetime':
    case 'unix-millis':
      return fractionKey;
    default:
      return keyNormalizer(collation);
  }
}

const integerKeyValue = (value: string) => (/^-0+$/.test(value) ? '0' : value);

/** The double (or float) a number column stores, spelled one way; -0 is 0, as the column's index compares it. */
function floatKey(n: number, value: string): string {
  if (Number.isNaN(n)) return value;
  return Object.is(n, -0) ? '0' : String(n);
}

/** '2024-05-01 12:00:00.500000' as '2024-05-01 12:00:00.5': a fraction's trailing zeros are not part of the time. */
const fractionKey = (value: string) => (value.includes('.') ? value.replace(/\.?0+$/, '') : value);

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * The value DECIMAL(p, s) stores, in its shortest spelling: exact (never through a double), rounded to `scale`
 * half away from zero as the server rounds, without leading or trailing zeros, and 0 for -0.
 */
function decimalKey(value: string, scale: number): string {
  const match = DECIMAL_TEXT.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  /** How many of `digits` are before the point. */
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const kept = digits.slice(0, point + scale).padEnd(point + scale, '0');
  const scaled = BigInt(kept || '0') + ((digits[point + scale] ?? '0') >= '5' ? 1n : 0n);
  if (scaled === 0n) return '0';
  const text = scaled.toString().padStart(scale + 1, '0');
  const wholePart = text.slice(0, text.length - scale);
  const fractionPart = text.slice(text.length - scale).replace(/0+$/, '');
  return `${sign === '-' ? '-' : ''}${wholePart}${fractionPart ? `.${fractionPart}` : ''}`;
}

/** A row's key as one string: each key column by its value as the table compares it (keyValueOf), joined unambiguously. */
export function rowKey(mapping: IngestMapping, collations: KeyCollation[]): (values: RowValues) => string {
  const positions = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column === k));
  const keyValues = positions.map((at, i) => keyValueOf(mapping.columns[at], collations[i]));
  if (positions.length === 1) {
    const [at] = positions;
    const [keyValue] = keyValues;
    return (values) => keyValue(values[at]!);
  }
  return (values) => joinKeyParts(positions.map((at, i) => keyValues[i](values[at]!)));
}

/**
 * A row's values of a unique set's `columns` as one string, each as the table compares it (keyValueOf by the
 * column's collation), or undefined when one is NULL: a NULL repeats nothing in a UNIQUE index.
 */
export function uniqueValueKey(mapping: IngestMapping, columns: number[], collations: KeyCollation[]): (values: RowValues) => string | undefined {
  const keyValues = columns.map((at) => keyValueOf(mapping.columns[at], collations[at]));
  return (values) => {
    const parts: string[] = [];
    for (let i = 0; i < columns.length; i++) {
      const value = values[columns[i]];
      if (value === null) return undefined;
      parts.push(keyValues[i](value));
    }
    return parts.length === 1 ? parts[0] : joinKeyParts(parts);
  };
}

import { FieldType } from '../schema/tableSchema';
import { INVALID } from '../schema/temporal';
import { columnValue, jsonValue, ValueFault, withinLimits } from './columnValue';
import { ColumnMapping } from './mapping';

const DAY_MS = 86_400_000;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const BIGINT_MIN = '-9223372036854775808';

/**
 * A CSV cell as its column stores it: the validator's cast value (`cast`, INVALID when it has none) in the SQL
 * spelling of the column's type. The validator has checked the value, so only the column's own limits (an
 * existing table's widths and ranges) are checked here, as for a JSON value. Null is SQL NULL.
 */
export function csvValue(raw: string | undefined, cast: unknown, fieldType: FieldType | undefined, column: ColumnMapping): string | null | ValueFault {
  const label = 'label' in column.source ? column.source.label : column.column;
  if (fieldType === undefined || cast === INVALID) {
    // An untyped column keeps its text; a missing or empty cell is NULL (Table Schema's default missingValues).
    if (fieldType !== undefined || raw === undefined || raw === '') return null;
    return withinLimits(raw, column, label);
  }
  const { limits } = column;
  switch (fieldType) {
    case 'integer':
    case 'year': {
      const text = typeof cast === 'bigint' ? cast.toString() : String(cast);
      // Every safe integer fits a BIGINT, the column a new table gets.
      const fits = typeof cast === 'number' && (limits.integerRange === undefined || limits.integerRange.min === BIGINT_MIN) && !limits.decimal;
      return fits ? text : columnValue(text, column, label, raw!);
    }
    case 'number': {
      // The cell's own digits when they are plain: the same number, without printing a double again.
      const text = PLAIN_NUMBER.test(raw!) ? raw! : String(cast);
      return limits.decimal || limits.integerRange ? columnValue(text, column, label, raw!) : text;
    }
    case 'boolean':
      return cast ? '1' : '0';
    case 'date': {
      const text = ISO_DATE.test(raw!) ? raw! : isoDate(cast as number);
      return limits.secondsRange ? columnValue(text, column, label, raw!) : text;
    }
    case 'datetime': {
      const text = sqlDatetime(cast as number);
      return limits.secondsRange ? columnValue(`${text.replace(' ', 'T')}Z`, column, label, raw!) : text;
    }
    case 'object':
    case 'array':
      return jsonValue(JSON.stringify(cast), column, label);
    default:
      // time, yearmonth, duration, list, geopoint, any and formatted strings: stored as written.
      return withinLimits(raw!, column, label);
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Days since 1970-01-01 as YYYY-MM-DD, in integer arithmetic (H. Hinnant's civil_from_days): no Date per cell. */
function isoDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return `${pad(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Milliseconds since the epoch (a fraction for microseconds) as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC. */
function sqlDatetime(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const inDay = ms - days * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const micros = Math.round((inDay - seconds * 1000) * 1000);
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return `${isoDate(days)} ${time}${micros === 0 ? '' : `.${pad(micros, 6)}`}`;
}

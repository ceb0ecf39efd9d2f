import { FieldType } from '../../schema/tableSchema';
import { INVALID } from '../../schema/temporal';
import { columnValue, jsonValue, ValueFault, withinLimits } from '../../mapping/columnValue';
import { isoDate, sqlDatetime } from '../../mapping/civilTime';
import { ColumnMapping } from '../../mapping/ingestMapping';

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
      // An existing table's column checks the range and the fractional digits it keeps.
      return limits.secondsRange || limits.fractionDigits !== undefined ? columnValue(`${text.replace(' ', 'T')}Z`, column, label, raw!) : text;
    }
    case 'object':
    case 'array':
      return jsonValue(JSON.stringify(cast), column, label);
    default:
      // time, yearmonth, duration, list, geopoint, any and formatted strings: stored as written.
      return withinLimits(raw!, column, label);
  }
}

import { FieldType } from '../../schema/tableSchema';
import { INVALID } from '../../schema/temporal';
import { columnValue, jsonValue, ValueFault, withinLimits } from '../../mapping/values/columnValue';
import { roundTripsInFloat } from '../../mapping/values/exactNumber';
import { isoDate, sqlDatetime, sqlTimeOfDay } from '../../mapping/values/civilTime';
import { ColumnMapping } from '../../mapping/ingestMapping';
import { canonicalInteger, shortDecimalValue } from './plainNumber';

/** A number as JSON writes it; a cell with group or decimal characters of its own is read through its cast value. */
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const BIGINT_MIN = '-9223372036854775808';
// Written once: a regular expression literal in the function would be a new object for every cell.
const LEADING_PLUS = /^\+/;
const LEADING_ZEROS = /^(-?)0+(?=\d)/;

/**
 * A CSV cell as its column stores it: the validator's cast value (`cast`, INVALID when it has none) in the SQL
 * spelling of the column's type. The validator has checked the value, so only the column's own limits (an
 * existing table's widths and ranges) are checked here, as for a JSON value. Null is SQL NULL.
 */
export function csvValue(raw: string | undefined, cast: unknown, fieldType: FieldType | undefined, column: ColumnMapping): string | null | ValueFault {
  const label = 'label' in column.source ? column.source.label : column.column;
  if (fieldType === undefined || cast === INVALID) {
    // An untyped column keeps its text (csvRowValues has made a missing cell NULL, by its field's missingValues).
    if (fieldType !== undefined || raw === undefined) return null;
    return withinLimits(raw, column, label);
  }
  const { limits } = column;
  switch (fieldType) {
    case 'integer':
    case 'year': {
      // Every safe integer fits a BIGINT, the column a new table gets.
      const fits = typeof cast === 'number' && (limits.integerRange === undefined || limits.integerRange.min === BIGINT_MIN) && !limits.decimal;
      // The cell itself when it is the cast's one spelling: no string printed again for every row.
      if (fits && canonicalInteger(raw!) === cast) return raw!;
      const text = typeof cast === 'bigint' ? cast.toString() : String(cast);
      return fits ? text : columnValue(text, column, label, raw!);
    }
    case 'number': {
      // Table Schema's NaN, INF and -INF are numbers, which no SQL number column holds (hp14 07); 1e400, also read as
      // an infinity, is a number too large, said below.
      if (typeof cast === 'number' && (Number.isNaN(cast) || (!Number.isFinite(cast) && /inf/i.test(raw!))))
        return {
          reason: `${label} ${raw} is ${Number.isNaN(cast) ? 'not a number' : 'an infinity'}, which no SQL number column holds; list it in the field's missingValues to load it as NULL, or declare the field a string`,
        };
      // A short plain decimal into a DOUBLE is stored as written (the checks below would all pass it): the cell itself.
      const double = column.type === 'number' && !limits.decimal && !limits.integerRange && (limits.floatBits ?? 53) === 53;
      if (double && shortDecimalValue(raw!) === cast) return raw!;
      // The cell's own digits when they are the cast's number as written: the same number, without printing a double
      // again. Not "1.500" read as 1500 (groupChar "."), which as written would be stored as 1.5.
      const written = raw!.replace(LEADING_PLUS, '').replace(LEADING_ZEROS, '$1');
      const text = NUMBER_TEXT.test(written) && Number(written) === cast ? written : String(cast);
      const value = columnValue(text, column, label, raw!);
      if (typeof value !== 'string' || limits.decimal || limits.integerRange) return value;
      // A DOUBLE (or FLOAT) would store another number: 9007199254740993 as …992, and one such key as another's.
      const bits = limits.floatBits ?? 53;
      return roundTripsInFloat(text, bits)
        ? value
        : {
            reason: `${label} ${raw} has more digits than a ${bits === 24 ? 'FLOAT' : 'DOUBLE'} holds; load it into a DECIMAL column, or declare the field a string`,
          };
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
    case 'time':
      // The time of day in UTC (the cell may have an offset or another format), as TIME(6) reads it.
      return sqlTimeOfDay(cast as number);
    case 'object':
    case 'array':
      // The cell's own JSON text, as a log's json value is stored (jsonTextAt): its numbers as written, never
      // re-serialised (12345678901234567890 stays, 1e400 is not null, -0 not 0). The cast has parsed it, so the only
      // space around it is JSON's, which trim() drops as jsonTextAt leaves it out.
      return jsonValue(raw!.trim(), column, label);
    default:
      // yearmonth, duration, list, geopoint, any and formatted strings: stored as written.
      return withinLimits(raw!, column, label);
  }
}

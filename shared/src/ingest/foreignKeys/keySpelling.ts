import { isoDate, sqlDatetime, sqlTimeOfDay } from '../../mapping/values/civilTime';
import { castFor } from '../../schema/castValue';
import { SchemaField } from '../../schema/tableSchema';
import { Cast } from '../../schema/temporal';

/**
 * A referencing key member as the referenced table's column holds it, to ask the table for it: the value (cast in
 * the referenced type) in the spelling a load stores (csvValue), so that the server compares like with like: a
 * boolean as 1 or 0, a date, a datetime (in UTC) and a time as DATE, DATETIME and TIME read them, not as the
 * numbers Loadline compares them as; a number as it reads; anything else as the cell wrote it.
 */
export function keySpelling(value: unknown, field: SchemaField, written: string): string {
  switch (field.type) {
    case 'boolean':
      return value ? '1' : '0';
    case 'date':
      return isoDate(value as number);
    case 'datetime':
      return sqlDatetime(value as number);
    case 'time':
      return sqlTimeOfDay(value as number);
    default:
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : written;
  }
}

/**
 * Reads the text the server gives for a referenced key column (CAST(column AS CHAR)) as the referenced field's
 * type, at its default format: a DATETIME's 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC, the session's zone) read as ISO.
 */
export function serverKeyCast(field: SchemaField): Cast<unknown> {
  const cast = castFor({ type: field.type });
  return field.type === 'datetime' ? (text) => cast(text.replace(' ', 'T')) : cast;
}

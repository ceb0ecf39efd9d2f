import { ColumnMapping } from '../ingestMapping';
import type { ValueFault } from './columnValue';

/**
 * Why a missing or null value of a column that is not required cannot be stored as its default (or NULL), or
 * undefined. Any NOT NULL column refuses a NULL (the server's 1048, a `server-rejected` reject), but a TIMESTAMP
 * NOT NULL one silently stores the current time, a value no line holds: such a line is rejected here instead,
 * whatever the table's DEFAULT (a load that maps the column sends every row's value).
 */
export function missingValueFault(column: ColumnMapping, label: string): ValueFault | undefined {
  if (column.defaultValue !== null || !column.limits.nullStoresNow) return undefined;
  return {
    reason:
      `missing ${label}: ${column.column} is TIMESTAMP NOT NULL, for which the server would store the current time ` +
      `instead; give every line a value, or let the column take NULL`,
  };
}

import { ColumnType, DEFAULT_STRING_LENGTH, DeclaredColumn, DeclaredMapping } from './declaredMapping';
import { ColumnLimits, ColumnMapping, IngestMapping, ValueSource } from './ingestMapping';
import { parseValuePath, PathSteps } from './valuePath';

/** What each type creates (docs/ingest.md, "Ingest mappings"), and what that column holds. */
const SQL_TYPES: Record<ColumnType, (column: DeclaredColumn) => { sql: string; limits: ColumnLimits }> = {
  string: (c) => ({ sql: `VARCHAR(${c.maxLength ?? DEFAULT_STRING_LENGTH})`, limits: { maxChars: c.maxLength ?? DEFAULT_STRING_LENGTH } }),
  integer: () => ({ sql: 'BIGINT', limits: { integerRange: { min: '-9223372036854775808', max: '9223372036854775807' } } }),
  number: () => ({ sql: 'DOUBLE', limits: { floatBits: 53 } }),
  boolean: () => ({ sql: 'BOOLEAN', limits: {} }),
  'unix-seconds': () => ({ sql: 'TIMESTAMP', limits: { secondsRange: TIMESTAMP_SECONDS, fractionDigits: 0 } }),
  'unix-millis': () => ({ sql: 'TIMESTAMP(3)', limits: { secondsRange: TIMESTAMP_SECONDS, fractionDigits: 3 } }),
  datetime: () => ({ sql: 'DATETIME(6)', limits: { fractionDigits: 6 } }),
  date: () => ({ sql: 'DATE', limits: {} }),
  json: () => ({ sql: 'JSON', limits: {} }),
};

/** TIMESTAMP's range: 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC. */
export const TIMESTAMP_SECONDS = { min: 1, max: 2147483647 };

/**
 * A column's definition in CREATE TABLE: its SQL type and, for a string, number or boolean column, its default.
 * `quote` makes a string a SQL literal (mysql2's `escape` on the server; the browser build has no driver).
 */
export function columnDefinition(column: Pick<ColumnMapping, 'sqlType' | 'type' | 'defaultValue'>, quote: (text: string) => string): string {
  const { defaultValue, type } = column;
  if (defaultValue === null || !['string', 'integer', 'number', 'boolean'].includes(type)) return column.sqlType;
  return `${column.sqlType} DEFAULT ${type === 'string' ? quote(defaultValue) : Number(defaultValue)}`;
}

/**
 * A declaration (checked by parseConfig: paths parse, keys and indexes name columns) as the workers use it.
 * Throws on a declaration parseConfig would have refused.
 */
export function compileMapping(declared: DeclaredMapping): IngestMapping {
  const key = typeof declared.key === 'string' ? [declared.key] : declared.key;
  const columns = Object.entries(declared.columns).map(([column, c]) => compileColumn(column, c, key.includes(column)));
  if (typeof declared.schema === 'string') throw new Error(`the schema "${declared.schema}" was not read: load the config through the contract service`);
  return {
    name: declared.name,
    builtIn: false,
    table: declared.table,
    ...(declared.when ? { when: { path: steps(declared.when.path), label: declared.when.path, values: declared.when.in } } : {}),
    key,
    columns,
    ...(declared.schema ? { schema: declared.schema } : {}),
    indexes: declared.indexes ?? [],
    onDuplicate: declared.onDuplicate ?? 'skip',
  };
}

/** How messages name a value: by its path, or for the whole line ("$", a path that names nothing) by its column too. */
const pathLabel = (column: string, from: string) => (from === '$' ? `${column} (the whole line, "$")` : from);

function compileColumn(column: string, declared: DeclaredColumn, inKey: boolean): ColumnMapping {
  const type = declared.type ?? 'string';
  const { sql, limits } = SQL_TYPES[type](declared);
  const required = declared.required ?? inKey;
  const defaultValue = declared.default === undefined ? null : defaultText(declared.default);
  const source: ValueSource =
    typeof declared.from === 'string'
      ? { path: steps(declared.from), label: pathLabel(column, declared.from) }
      : { byType: Object.fromEntries(Object.entries(declared.from).map(([when, from]) => [when, { path: steps(from), label: pathLabel(column, from) }])) };
  // Nullable TIMESTAMPs must say NULL: MariaDB gives a bare TIMESTAMP a default of CURRENT_TIMESTAMP.
  const nullability = required ? ' NOT NULL' : type.startsWith('unix-') ? ' NULL' : '';
  return {
    column,
    type,
    sqlType: `${sql}${nullability}`,
    source,
    required,
    defaultValue,
    acceptNumbers: declared.acceptNumbers ?? false,
    limits,
  };
}

const defaultText = (value: string | number | boolean) => (typeof value === 'boolean' ? (value ? '1' : '0') : String(value));

function steps(text: string): PathSteps {
  const parsed = parseValuePath(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

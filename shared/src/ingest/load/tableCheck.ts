import { TIMESTAMP_SECONDS } from '../../mapping/compileMapping';
import type { ColumnType } from '../../mapping/declaredMapping';
import { narrowCharset } from '../../mapping/values/charsetFit';
import { unstorablePattern } from './charsetRepertoire';
import { ColumnLimits, IngestMapping } from '../../mapping/ingestMapping';

/** One row of INFORMATION_SCHEMA.COLUMNS, as prepareDatabase reads it. */
export interface TableColumn {
  name: string;
  /** DATA_TYPE: varchar, int, decimal, … */
  dataType: string;
  /** COLUMN_TYPE: varchar(50), int(10) unsigned, decimal(8,2), … */
  columnType: string;
  nullable: boolean;
  hasDefault: boolean;
  /** auto_increment or a generated column: the server fills it. */
  serverFilled: boolean;
  /** A generated (virtual or stored) column: the server computes it, and never takes a value. */
  generated: boolean;
  maxChars: number | null;
  maxBytes: number | null;
  precision: number | null;
  scale: number | null;
  /** DATETIME_PRECISION: a time column's fractional digits. */
  fractionDigits: number | null;
  /** CHARACTER_SET_NAME of a text column. */
  charset: string | null;
  collation: string | null;
}

export interface TableFit {
  /** One sentence per way the table cannot take the mapping; empty when it can. */
  mismatches: string[];
  /** Per mapped column, in mapping order: what the table's column holds. */
  limits: ColumnLimits[];
}

const TEXT_TYPES = ['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext'];
const INTEGER_TYPES: Record<string, number> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, bigint: 64 };
const TIME_TYPES = ['timestamp', 'datetime'];

/** The column types each mapped type can go into without the server changing a value. */
const ACCEPTS: Record<ColumnType, (dataType: string) => boolean> = {
  string: (t) => TEXT_TYPES.includes(t),
  integer: (t) => t in INTEGER_TYPES || t === 'decimal' || t === 'double' || t === 'float',
  number: (t) => t === 'decimal' || t === 'double' || t === 'float',
  boolean: (t) => t in INTEGER_TYPES,
  'unix-seconds': (t) => TIME_TYPES.includes(t),
  'unix-millis': (t) => TIME_TYPES.includes(t),
  datetime: (t) => TIME_TYPES.includes(t),
  date: (t) => t === 'date' || TIME_TYPES.includes(t),
  // MariaDB's JSON is LONGTEXT with a JSON_VALID check.
  json: (t) => t === 'json' || TEXT_TYPES.includes(t),
};

/**
 * Whether the mapping creates a column of `dataType` itself: a CSV's time field is stored as a string of the time of
 * day into the TIME(6) it creates, which no mapped type names, and must fit the table it made.
 */
const createsType = (sqlType: string, dataType: string) => /^\w+/.exec(sqlType)![0].toLowerCase() === dataType;

/**
 * Whether an existing table can take the mapping's rows, and the limits its columns put on values
 * (VARCHAR(n) characters, an INT's range, DECIMAL(p,s)). `uniqueKeys` are the column sets of its PRIMARY and
 * UNIQUE keys.
 */
export function fitTable(mapping: IngestMapping, table: string, columns: TableColumn[], uniqueKeys: string[][], input: 'csv' | 'log' = 'log'): TableFit {
  // A CSV's columns come from its header, not from a mapping it could change.
  const filler = input === 'csv' ? 'the CSV' : 'the mapping';
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const mismatches: string[] = [];
  const limits = mapping.columns.map((mapped) => {
    const column = byName.get(mapped.column.toLowerCase());
    if (!column) {
      mismatches.push(`${table} has no column ${mapped.column}, which ${filler} fills`);
      return mapped.limits;
    }
    if (column.generated) {
      mismatches.push(`${table}.${column.name} is a generated column: the server computes it, so ${filler} cannot fill it`);
      return mapped.limits;
    }
    if (!ACCEPTS[mapped.type](column.dataType) && !createsType(mapped.sqlType, column.dataType)) {
      mismatches.push(`${table}.${column.name} is ${typeWords(column.columnType)}, which cannot hold ${filler}'s ${mapped.type} values`);
      return mapped.limits;
    }
    return limitsOf(column);
  });
  const mapped = new Set(mapping.columns.map((c) => c.column.toLowerCase()));
  for (const column of columns) {
    if (!mapped.has(column.name.toLowerCase()) && !column.nullable && !column.hasDefault && !column.serverFilled) {
      mismatches.push(`${table}.${column.name} is NOT NULL without a default, and ${filler} does not fill it`);
    }
  }
  if (!mapping.lineKey && !uniqueKeys.some((cols) => isMappingKey(mapping, cols))) {
    mismatches.push(`(${mapping.key.join(', ')}) is not a primary or unique key of ${table}, so duplicates could not be detected`);
  }
  return { mismatches, limits };
}

/** A PRIMARY or UNIQUE index part that holds only the first `length` characters (bytes in a binary column) of a column. */
export interface KeyPrefix {
  index: string;
  column: string;
  length: number;
}

/**
 * One sentence per unique index that holds only a prefix of a column the mapping fills. As the mapping's key,
 * keys that differ after the prefix would be counted as repeats; as another unique index, the server would skip
 * such rows with no 1062 Loadline could tell from a real repeat. Refused, so that every row stays accounted for.
 */
export function prefixMismatches(
  mapping: IngestMapping,
  table: string,
  columns: TableColumn[],
  uniqueKeys: string[][],
  indexNames: string[],
  prefixes: KeyPrefix[],
): string[] {
  const mapped = new Set(mapping.columns.map((c) => c.column.toLowerCase()));
  const isKey = (index: string) => isMappingKey(mapping, uniqueKeys[indexNames.indexOf(index)] ?? []);
  return prefixes
    .filter((p) => mapped.has(p.column.toLowerCase()))
    .map((p) => {
      const unit = columns.find((c) => c.name.toLowerCase() === p.column.toLowerCase())?.charset ? 'characters' : 'bytes';
      const [what, taken] = isKey(p.index)
        ? ['key index', 'keys that differ later would be taken as repeats']
        : ['unique index', 'rows that differ later would be refused as repeats'];
      return `the ${what} ${p.index} of ${table} holds only the first ${p.length} ${unit} of ${p.column}, so ${taken}; index the whole column`;
    });
}

/** What INFORMATION_SCHEMA.TABLES says of the target: a view, or a base table and its engine. */
export interface TableStorage {
  view: boolean;
  sequence: boolean;
  systemVersioned: boolean;
  engine: string | null;
  /** INFORMATION_SCHEMA.ENGINES.TRANSACTIONS of its engine (true for a table not there yet). */
  transactional: boolean;
}

/**
 * Why the table cannot be the target, or undefined. A range commits atomically with its ledger row, and a
 * range the server skipped rows in is rolled back and reloaded in parts: an engine that cannot roll back
 * (MyISAM, Aria, MEMORY) would keep the first attempt's rows and miscount them, or fail on SAVEPOINT.
 */
export function storageMismatch(table: string, storage: TableStorage): string | undefined {
  if (storage.view) return `${table} is a view; load into its base table`;
  if (storage.sequence) return `${table} is a sequence; load into a table`;
  if (storage.transactional) return undefined;
  return `${table} uses the ${storage.engine} engine, which cannot roll back a range; ALTER TABLE ${table} ENGINE=InnoDB, or load into an InnoDB table`;
}

/** Whether a PRIMARY or UNIQUE key's columns are the mapping's key, in any order. */
export function isMappingKey(mapping: Pick<IngestMapping, 'key'>, columns: string[]): boolean {
  const key = mapping.key.map((k) => k.toLowerCase()).sort();
  const sorted = columns.map((c) => c.toLowerCase()).sort();
  return sorted.length === key.length && sorted.every((c, i) => c === key[i]);
}

/** A COLUMN_TYPE with its type name in capitals and its values as declared: ENUM('a','b'), not ENUM('A','B'). */
const typeWords = (columnType: string) =>
  columnType.replace(/^\w+/, (name) => name.toUpperCase()).replace(/\)((?: \w+)+)$/, (_, words: string) => `)${words.toUpperCase()}`);

function limitsOf(column: TableColumn): ColumnLimits {
  const { dataType } = column;
  const charset = narrowCharset(column.charset);
  const unstorable = column.charset === null ? undefined : unstorablePattern(column.charset);
  const ofCharset = charset ? { charset } : unstorable ? { charset: column.charset!, unstorable } : {};
  if (dataType === 'char' || dataType === 'varchar') {
    const text = dataType === 'char' ? { padded: true as const, ...ofCharset } : ofCharset;
    return column.maxChars === null ? text : { maxChars: column.maxChars, ...text };
  }
  if (TEXT_TYPES.includes(dataType)) return column.maxBytes === null ? ofCharset : { maxBytes: column.maxBytes, ...ofCharset };
  if (dataType in INTEGER_TYPES) {
    const bits = INTEGER_TYPES[dataType];
    const unsigned = /unsigned/i.test(column.columnType);
    const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
    const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
    return { integerRange: { min: String(min), max: String(max) } };
  }
  if (dataType === 'decimal' && column.precision !== null) return { decimal: { precision: column.precision, scale: column.scale ?? 0 } };
  if (dataType === 'float' || dataType === 'double') return { floatBits: dataType === 'float' ? 24 : 53 };
  const fractionDigits = column.fractionDigits ?? 0;
  if (dataType === 'timestamp') return { secondsRange: TIMESTAMP_SECONDS, fractionDigits, ...(column.nullable ? {} : { nullStoresNow: true as const }) };
  if (dataType === 'datetime') return { fractionDigits };
  return {};
}

import { escapeId } from 'mysql2';
import { IngestMapping } from './mapping';

/** DDL generated from the mapping; identifiers always escaped (`from` and `timestamp` are keywords). */
export function createTableSql(mapping: IngestMapping): string {
  const columns = mapping.columns.map((c) => `  ${escapeId(c.column)} ${c.sqlType}${c.column === mapping.key ? ' PRIMARY KEY' : ''}`);
  const indexes = mapping.indexes.map((cols) => `  INDEX (${cols.map((c) => escapeId(c)).join(', ')})`);
  // utf8mb4_bin: ids compare exactly as JavaScript compares them, so in-file and in-table duplicates agree.
  return `CREATE TABLE IF NOT EXISTS ${escapeId(mapping.table)} (\n${[...columns, ...indexes].join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}

/** LOAD DATA for rows written by `toTsvRow`; unix-seconds columns pass through a variable into FROM_UNIXTIME. */
export function loadDataSql(mapping: IngestMapping, streamName: string): string {
  const targets = mapping.columns.map((c) => (c.kind === 'unix-seconds' ? `@${escapeId(c.column)}` : escapeId(c.column)));
  const sets = mapping.columns.filter((c) => c.kind === 'unix-seconds').map((c) => `${escapeId(c.column)} = FROM_UNIXTIME(@${escapeId(c.column)})`);
  return (
    `LOAD DATA LOCAL INFILE '${streamName}' IGNORE INTO TABLE ${escapeId(mapping.table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${targets.join(', ')})` +
    (sets.length > 0 ? ` SET ${sets.join(', ')}` : '')
  );
}

/** The multi-row INSERT IGNORE prefix for the fallback write path. */
export function insertPrefixSql(mapping: IngestMapping): string {
  return `INSERT IGNORE INTO ${escapeId(mapping.table)} (${mapping.columns.map((c) => escapeId(c.column)).join(', ')}) VALUES `;
}

/** One INSERT tuple; unix-seconds go through FROM_UNIXTIME like the LOAD DATA path. */
export function insertTupleSql(mapping: IngestMapping, values: string[], escape: (v: string) => string): string {
  return `(${values.map((v, i) => (mapping.columns[i].kind === 'unix-seconds' ? `FROM_UNIXTIME(${Number(v)})` : escape(v))).join(',')})`;
}

/** One TSV line for LOAD DATA's default escaping. */
export function toTsvRow(values: string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    line += /[\\\t\n\r\0]/.test(v) ? v.replace(/[\\\t\n\r\0]/g, escapeTsvChar) : v;
  }
  return line + '\n';
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };
const escapeTsvChar = (c: string) => TSV_ESCAPES[c];

import { escape, escapeId } from 'mysql2';
import { columnDefinition } from '../../mapping/compileMapping';
import { NEW_TABLE_COLLATION } from '../parse/keyCollation';
import { IngestMapping, ROW_ID_COLUMN } from '../../mapping/ingestMapping';
import { RowValues } from '../../mapping/mapLine';

/** DDL generated from the mapping; identifiers always escaped (`from` and `timestamp` are keywords). */
export function createTableSql(mapping: IngestMapping): string {
  const columns = mapping.columns.map((c) => `  ${escapeId(c.column)} ${columnDefinition(c, escape)}`);
  // A key-less CSV's rows are told apart by the server's own counter: its line is only an index, so another
  // file, or the same file loaded again, adds its rows as LOAD DATA would (the ledger keeps --resume exact).
  if (mapping.lineKey) columns.push(`  ${escapeId(ROW_ID_COLUMN)} BIGINT UNSIGNED NOT NULL AUTO_INCREMENT`);
  const primary = mapping.lineKey ? [ROW_ID_COLUMN] : mapping.key;
  const key = `  PRIMARY KEY (${primary.map((c) => escapeId(c)).join(', ')})`;
  const indexes = [...mapping.indexes, ...(mapping.lineKey ? [mapping.key] : [])].map((cols) => `  INDEX (${cols.map((c) => escapeId(c)).join(', ')})`);
  // Ids compare exactly as JavaScript compares them, so in-file and in-table duplicates agree.
  return `CREATE TABLE IF NOT EXISTS ${escapeId(mapping.table)} (\n${[...columns, key, ...indexes].join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${NEW_TABLE_COLLATION}`;
}

/** 'update' replaces the row of an earlier line with the same key; 'skip' and 'error' keep the first. */
const onDuplicateWord = (mapping: IngestMapping) => (mapping.onDuplicate === 'update' ? 'REPLACE' : 'IGNORE');

/** LOAD DATA for rows written by `toTsvRow`; times are UTC text, as the session's time zone reads them. */
export function loadDataSql(mapping: IngestMapping, streamName: string): string {
  return (
    `LOAD DATA LOCAL INFILE '${streamName}' ${onDuplicateWord(mapping)} INTO TABLE ${escapeId(mapping.table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${mapping.columns.map((c) => escapeId(c.column)).join(', ')})`
  );
}

/** The multi-row INSERT IGNORE (or REPLACE) prefix for the fallback write path. */
export function insertPrefixSql(mapping: IngestMapping): string {
  const verb = mapping.onDuplicate === 'update' ? 'REPLACE' : 'INSERT IGNORE';
  return `${verb} INTO ${escapeId(mapping.table)} (${mapping.columns.map((c) => escapeId(c.column)).join(', ')}) VALUES `;
}

/** One INSERT tuple. */
export function insertTupleSql(values: RowValues, escape: (v: string) => string): string {
  return `(${values.map((v) => (v === null ? 'NULL' : escape(v))).join(',')})`;
}

/** One TSV line for LOAD DATA's default escaping; \N is NULL. */
export function toTsvRow(values: RowValues): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    if (v === null) line += '\\N';
    else line += /[\\\t\n\r\0]/.test(v) ? v.replace(/[\\\t\n\r\0]/g, escapeTsvChar) : v;
  }
  return line + '\n';
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };
const escapeTsvChar = (c: string) => TSV_ESCAPES[c];

/** A plain INSERT of one row: a repeat on any UNIQUE key fails it (onDuplicate "update" on a table with other keys). */
export function insertRowSql(mapping: IngestMapping, values: RowValues, escape: (v: string) => string): string {
  return `INSERT INTO ${escapeId(mapping.table)} (${mapping.columns.map((c) => escapeId(c.column)).join(', ')}) VALUES ${insertTupleSql(values, escape)}`;
}

/**
 * An UPDATE of the row holding this row's key to its values. `=` compares as the key's index does (its collation),
 * and a NULL in a UNIQUE key matches nothing, as it repeats nothing there.
 */
export function updateRowSql(mapping: IngestMapping, values: RowValues, escape: (v: string) => string): string {
  const literal = (i: number) => `${escapeId(mapping.columns[i].column)} = ${values[i] === null ? 'NULL' : escape(values[i])}`;
  const keyAt = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column.toLowerCase() === k.toLowerCase()));
  return `UPDATE ${escapeId(mapping.table)} SET ${mapping.columns.map((_, i) => literal(i)).join(', ')} WHERE ${keyAt.map(literal).join(' AND ')}`;
}

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

/**
 * LOAD DATA for rows written by `toTsvRow`; times are UTC text, as the session's time zone reads them. IGNORE keeps
 * the first row of a key ('skip', 'error'); 'update' does not come here (LOAD DATA could only REPLACE).
 */
export function loadDataSql(mapping: IngestMapping, streamName: string): string {
  return (
    `LOAD DATA LOCAL INFILE '${streamName}' IGNORE INTO TABLE ${escapeId(mapping.table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${mapping.columns.map((c) => escapeId(c.column)).join(', ')})`
  );
}

/** The multi-row INSERT IGNORE (or, for 'update', INSERT) prefix; `insertSuffixSql` ends the statement. */
export function insertPrefixSql(mapping: IngestMapping): string {
  const verb = mapping.onDuplicate === 'update' ? 'INSERT' : 'INSERT IGNORE';
  return `${verb} INTO ${escapeId(mapping.table)} (${mapping.columns.map((c) => escapeId(c.column)).join(', ')}) VALUES `;
}

/**
 * 'update': the row holding the key is updated in place, only in the mapped columns. REPLACE deleted it and
 * inserted a new one: its ON DELETE CASCADE children went, its AUTO_INCREMENT moved, its unmapped columns were
 * reset. VALUES() rather than MySQL 8's row alias, which MariaDB lacks (MySQL's deprecation note is let through).
 */
export function insertSuffixSql(mapping: IngestMapping): string {
  if (mapping.onDuplicate !== 'update') return '';
  return ` ON DUPLICATE KEY UPDATE ${mapping.columns.map((c) => `${escapeId(c.column)} = VALUES(${escapeId(c.column)})`).join(', ')}`;
}

/**
 * The connection's escaping, a long value a piece at a time. The driver builds an escaped value one escaped
 * character at a time: a line of 7.5 Mi backslashes became a rope of millions of strings, past the worker's heap.
 * Escaping maps each character on its own, so the insides of the escaped pieces, joined, are the value escaped.
 */
export function escaperOf(connection: { escape(value: string): string }): (value: string) => string {
  return (value) => {
    if (value.length <= ESCAPE_PIECE) return connection.escape(value);
    const pieces: string[] = [];
    for (let at = 0; at < value.length; at += ESCAPE_PIECE) pieces.push(connection.escape(value.slice(at, at + ESCAPE_PIECE)).slice(1, -1));
    return `'${pieces.join('')}'`;
  };
}

const ESCAPE_PIECE = 1 << 16;

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
  const literal = columnEquals(mapping, values, escape);
  return `UPDATE ${escapeId(mapping.table)} SET ${mapping.columns.map((_, i) => literal(i)).join(', ')} WHERE ${keyWhere(mapping, values, escape)}`;
}

/** Whether the table holds a row with this row's key, compared as the key's index compares (its collation). */
export function keyExistsSql(mapping: IngestMapping, values: RowValues, escape: (v: string) => string): string {
  return `SELECT 1 FROM ${escapeId(mapping.table)} WHERE ${keyWhere(mapping, values, escape)} LIMIT 1`;
}

/**
 * Whether the table holds these values of `columns` (a CSV's unique set) in a row with another key than this
 * row's: `<=>` compares as the columns do (their collation), and a row never repeats its own value.
 */
export function valueHeldSql(mapping: IngestMapping, values: RowValues, columns: number[], escape: (v: string) => string): string {
  const held = columns.map((i) => `${escapeId(mapping.columns[i].column)} <=> ${values[i] === null ? 'NULL' : escape(values[i])}`);
  return `SELECT 1 FROM ${escapeId(mapping.table)} WHERE ${held.join(' AND ')} AND NOT (${keyWhere(mapping, values, escape)}) LIMIT 1`;
}

const columnEquals = (mapping: IngestMapping, values: RowValues, escape: (v: string) => string) => (i: number) =>
  `${escapeId(mapping.columns[i].column)} = ${values[i] === null ? 'NULL' : escape(values[i])}`;

function keyWhere(mapping: IngestMapping, values: RowValues, escape: (v: string) => string): string {
  const keyAt = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column.toLowerCase() === k.toLowerCase()));
  const literal = columnEquals(mapping, values, escape);
  // A FLOAT key holds the nearest 32-bit float, and `=` compares it with the double the text spells: 0.100000001 is
  // the FLOAT 0.1 in the index, yet not equal to it. Compare with the float the column would store.
  const keyEquals = (i: number) =>
    mapping.columns[i].limits.floatBits === 24 && values[i] !== null
      ? `${escapeId(mapping.columns[i].column)} = CAST(${escape(values[i])} AS FLOAT)`
      : literal(i);
  return keyAt.map(keyEquals).join(' AND ');
}

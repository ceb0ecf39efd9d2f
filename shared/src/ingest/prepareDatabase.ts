import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { IngestError } from './ingestError';
import { collationOf, EXACT_COLLATION, KeyCollation } from './keyCollation';
import { createLedgerSql } from './ledger';
import { IngestMapping } from './mapping';
import { classifyMysqlError, localInfileDisabled } from './mysqlErrors';
import { WriteMethod } from './report';
import { createTableSql } from './sql';
import { MysqlTarget } from './target';

export interface ServerSettings {
  localInfile: boolean;
  maxAllowedPacket: number;
  /** How the table's key column compares values. */
  keyCollation: KeyCollation;
}

/**
 * Creates the database, the table and the ledger when missing, and reads what shapes the load: the server's
 * settings and the key column's collation. An existing table whose key column is not a primary or unique key
 * is refused: duplicates could not be detected, and would be inserted and counted as new rows.
 */
export async function prepareDatabase(connection: Connection, target: MysqlTarget, mapping: IngestMapping): Promise<ServerSettings> {
  let settings: RowDataPacket;
  let key: RowDataPacket | undefined;
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(target.database)} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${escapeId(target.database)}`);
    await connection.query(createTableSql(mapping));
    await connection.query(createLedgerSql);
    [[settings]] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS localInfile, @@max_allowed_packet AS maxAllowedPacket');
    [[key]] = await connection.query<RowDataPacket[]>(
      `SELECT c.COLLATION_NAME AS collation,
        EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME AND s.NON_UNIQUE = 0
          GROUP BY s.INDEX_NAME HAVING COUNT(*) = 1 AND MAX(s.COLUMN_NAME) = c.COLUMN_NAME) AS isUnique
       FROM INFORMATION_SCHEMA.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?`,
      [mapping.table, mapping.key],
    );
  } catch (error) {
    throw classifyMysqlError(error, target);
  }
  const table = `${target.database}.${mapping.table}`;
  if (!key) throw new IngestError('table', `the table ${table} has no column ${mapping.key}`, { table, column: mapping.key, reason: 'no-key-column' });
  if (Number(key.isUnique) !== 1) {
    throw new IngestError('table', `the column ${mapping.key} of ${table} is not a primary or unique key, so duplicates could not be detected`, {
      table: mapping.table,
      column: mapping.key,
      reason: 'key-not-unique',
    });
  }
  return {
    localInfile: Number(settings.localInfile) === 1,
    maxAllowedPacket: Number(settings.maxAllowedPacket),
    // A numeric key column has no collation: its values compare as written.
    keyCollation: typeof key.collation === 'string' ? collationOf(key.collation) : EXACT_COLLATION,
  };
}

export type MethodChoice = { method: WriteMethod; fellBack: boolean };

/** 'auto' takes LOAD DATA when the server allows it and falls back to INSERT (the caller says so); 'infile' insists. */
export function chooseMethod(wanted: WriteMethod | 'auto', server: ServerSettings, target: MysqlTarget): MethodChoice {
  if (wanted === 'insert') return { method: 'insert', fellBack: false };
  if (server.localInfile) return { method: 'infile', fellBack: false };
  if (wanted === 'infile') throw localInfileDisabled(target);
  return { method: 'insert', fellBack: true };
}

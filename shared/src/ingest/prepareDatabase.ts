import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { ClusterInfo, readCluster } from './cluster';
import { Engine, EngineFacts, engineLimits, EngineLimits, engineOf, readEngineFacts } from './engine';
import { IngestError } from './ingestError';
import { collationOf, EXACT_COLLATION, KeyCollation } from './keyCollation';
import { createLedgerSql, LEDGER_TABLE, upgradeLedgerSql } from './ledger';
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
  /** The Galera cluster the server belongs to, if any. */
  cluster?: ClusterInfo;
  engine: Engine;
  limits: EngineLimits;
}

/**
 * Creates the database, the table and the ledger when missing, and reads what shapes the load: the server's
 * settings and the key column's collation. An existing table whose key column is not a primary or unique key
 * is refused: duplicates could not be detected, and would be inserted and counted as new rows.
 */
export async function prepareDatabase(connection: Connection, target: MysqlTarget, mapping: IngestMapping): Promise<ServerSettings> {
  let settings: RowDataPacket;
  let key: RowDataPacket | undefined;
  let cluster: ClusterInfo | undefined;
  let facts: EngineFacts;
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(target.database)} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${escapeId(target.database)}`);
    await connection.query(createTableSql(mapping));
    await connection.query(createLedgerSql);
    const [parts] = await connection.query<RowDataPacket[]>(
      "SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'rows_from'",
      [LEDGER_TABLE],
    );
    if (parts.length === 0) await connection.query(upgradeLedgerSql);
    [[settings]] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS localInfile, @@max_allowed_packet AS maxAllowedPacket');
    [[key]] = await connection.query<RowDataPacket[]>(
      `SELECT c.COLLATION_NAME AS collation,
        EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME AND s.NON_UNIQUE = 0
          GROUP BY s.INDEX_NAME HAVING COUNT(*) = 1 AND MAX(s.COLUMN_NAME) = c.COLUMN_NAME) AS isUnique
       FROM INFORMATION_SCHEMA.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?`,
      [mapping.table, mapping.key],
    );
    facts = await readEngineFacts(connection);
    if (facts.galera) cluster = await readCluster(connection);
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
  const engine = engineOf(facts);
  return {
    localInfile: Number(settings.localInfile) === 1,
    maxAllowedPacket: Number(settings.maxAllowedPacket),
    // A numeric key column has no collation: its values compare as written.
    keyCollation: typeof key.collation === 'string' ? collationOf(key.collation) : EXACT_COLLATION,
    ...(cluster ? { cluster } : {}),
    engine,
    limits: engineLimits(engine, facts),
  };
}

/** Why 'auto' took multi-row INSERT: local_infile is OFF, or the engine does not take LOAD DATA everywhere. */
export type FallbackReason = 'local-infile-off' | Engine;
export type MethodChoice = { method: WriteMethod; fellBack?: FallbackReason };

/** 'auto' takes LOAD DATA when the server allows it and falls back to INSERT (the caller says why); 'infile' insists. */
export function chooseMethod(wanted: WriteMethod | 'auto', server: ServerSettings, target: MysqlTarget): MethodChoice {
  if (wanted === 'insert') return { method: 'insert' };
  if (wanted === 'infile') {
    if (!server.localInfile) throw localInfileDisabled(target);
    return { method: 'infile' };
  }
  if (!server.limits.loadData) return { method: 'insert', fellBack: server.engine };
  return server.localInfile ? { method: 'infile' } : { method: 'insert', fellBack: 'local-infile-off' };
}

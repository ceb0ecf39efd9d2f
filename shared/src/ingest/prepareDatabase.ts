import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { createLedgerSql } from './ledger';
import { IngestMapping } from './mapping';
import { classifyMysqlError, localInfileDisabled } from './mysqlErrors';
import { WriteMethod } from './report';
import { createTableSql } from './sql';
import { MysqlTarget } from './target';

export interface ServerSettings {
  localInfile: boolean;
  maxAllowedPacket: number;
}

/** Creates the database, the table and the ledger when missing, and reads the settings that shape the load. */
export async function prepareDatabase(connection: Connection, target: MysqlTarget, mapping: IngestMapping): Promise<ServerSettings> {
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(target.database)} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${escapeId(target.database)}`);
    await connection.query(createTableSql(mapping));
    await connection.query(createLedgerSql);
    const [[settings]] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS localInfile, @@max_allowed_packet AS maxAllowedPacket');
    return { localInfile: Number(settings.localInfile) === 1, maxAllowedPacket: Number(settings.maxAllowedPacket) };
  } catch (error) {
    throw classifyMysqlError(error, target);
  }
}

export type MethodChoice = { method: WriteMethod; fellBack: boolean };

/** 'auto' takes LOAD DATA when the server allows it and falls back to INSERT (the caller says so); 'infile' insists. */
export function chooseMethod(wanted: WriteMethod | 'auto', server: ServerSettings, target: MysqlTarget): MethodChoice {
  if (wanted === 'insert') return { method: 'insert', fellBack: false };
  if (server.localInfile) return { method: 'infile', fellBack: false };
  if (wanted === 'infile') throw localInfileDisabled(target);
  return { method: 'insert', fellBack: true };
}

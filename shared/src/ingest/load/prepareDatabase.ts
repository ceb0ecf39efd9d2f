import type { Connection, RowDataPacket } from 'mysql2/promise';
import { escapeId } from 'mysql2';
import { ClusterInfo, lostQuorumStatus, readCluster } from './connect/cluster';
import { Engine, EngineFacts, engineLimits, EngineLimits, engineOf, readEngineFacts } from './connect/engine';
import { IngestError } from '../ingestError';
import { KeyCollation } from '../parse/keyCollation';
import { createLedgerSql, LEDGER_TABLE, upgradeLedgerSql } from './ledger';
import { IngestMapping } from '../../mapping/ingestMapping';
import { classifyMysqlError, localInfileDisabled, quorumLost } from './connect/mysqlErrors';
import { WriteMethod } from '../report';
import { collationFor, readTableKeys } from './readTableKeys';
import { createTableSql } from './sql';
import { TableKeys } from '../keys/tableKeys';
import { fitTable, isMappingKey, KeyPrefix, prefixMismatches, storageMismatch, TableColumn, TableFit, TableStorage } from './tableCheck';
import { createServerRejectsSql } from './skips/serverRejects';
import { describeServer, MysqlTarget } from './connect/target';

export interface ServerSettings {
  localInfile: boolean;
  maxAllowedPacket: number;
  /** How each key column compares values. */
  keyCollations: KeyCollation[];
  /** How each mapped column compares values, in the mapping's order. */
  columnCollations: KeyCollation[];
  /** The mapping with the table's own limits on its columns (VARCHAR widths, INT ranges, DECIMAL digits). */
  mapping: IngestMapping;
  /** The PRIMARY or UNIQUE indexes whose columns are the mapping's key: a 1062 on another one is a reject. */
  keyIndexes: string[];
  /** The table has PRIMARY or UNIQUE keys besides the mapping's: onDuplicate "update" cannot REPLACE (updateByKey). */
  otherUniqueKeys: boolean;
  /**
   * A table WITH SYSTEM VERSIONING: an update there also inserts a history row (and an unchanged row is updated),
   * so INSERT … ON DUPLICATE KEY UPDATE's counts cannot tell updates from inserts; onDuplicate "update" goes row by row.
   */
  systemVersioned: boolean;
  /** The table's BEFORE INSERT or UPDATE triggers: they may rewrite a row's key, so rows load one by one (loadRange). */
  beforeTriggers: string[];
  /** The columns the server weighs and the table's other UNIQUE indexes (tableKeys). */
  tableKeys: TableKeys;
  /**
   * The table takes the same rows alike in any order: no AUTO_INCREMENT column, no other UNIQUE key, no trigger and
   * no foreign key to itself (a CSV range may then load in file order: rawCsvLoadOf).
   */
  orderFree: boolean;
  /** Whether the table was there before (else it was created from the mapping). */
  tableExisted: boolean;
  /** The table held rows when the load set up: a CSV's unique values may be held by rows no line of the file put there. */
  tableHadRows?: boolean;
  /** The Galera cluster the server belongs to, if any. */
  cluster?: ClusterInfo;
  engine: Engine;
  limits: EngineLimits;
}

/**
 * Creates the database and the ledger when missing, and the table from the mapping. An existing table is
 * checked first (fitTable): a load it cannot take stops before anything is written, with every mismatch.
 * Reads what shapes the load: the server's settings, the table's limits and its key columns' collations, and how
 * the columns of a CSV's unique sets (`uniqueColumns`, the mapping's positions) compare.
 */
export async function prepareDatabase(
  connection: Connection,
  target: MysqlTarget,
  mapping: IngestMapping,
  uniqueColumns: number[],
  input: 'csv' | 'log',
): Promise<ServerSettings> {
  let settings: RowDataPacket;
  let cluster: ClusterInfo | undefined;
  let facts: EngineFacts;
  let table: Awaited<ReturnType<typeof readTable>>;
  let tableExisted: boolean;
  let tableHadRows = false;
  const name = `${target.database}.${mapping.table}`;
  let fit: TableFit;
  let tableKeys: TableKeys;
  let beforeTriggers: string[];
  let orderDependent: boolean;
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(target.database)} CHARACTER SET utf8mb4`);
    await connection.query(`USE ${escapeId(target.database)}`);
    table = await readTable(connection, mapping.table);
    tableExisted = table.columns.length > 0;
    if (!tableExisted) {
      await connection.query(createTableSql(mapping));
      table = await readTable(connection, mapping.table);
    }
    // Before anything else is written: a table that cannot take the load leaves the database as it was.
    fit = fitTable(mapping, name, table.columns, table.uniqueKeys, input);
    const storage = storageMismatch(name, table.storage);
    const mismatches =
      table.storage.view || table.storage.sequence
        ? [storage!]
        : [
            ...(storage ? [storage] : []),
            ...fit.mismatches,
            ...prefixMismatches(mapping, name, table.columns, table.uniqueKeys, table.indexNames, table.prefixes),
          ];
    if (mismatches.length > 0) {
      throw new IngestError('table', mismatches.join('\n'), { table: name, reason: 'mismatch', count: String(mismatches.length), input });
    }
    tableKeys = await readTableKeys(connection, mapping, name, table.columns, table.uniqueKeys, table.indexNames, uniqueColumns);
    if (tableExisted) tableHadRows = (await connection.query<RowDataPacket[]>(`SELECT 1 FROM ${escapeId(mapping.table)} LIMIT 1`))[0].length > 0;
    const [triggers] = await connection.query<RowDataPacket[]>(
      `SELECT TRIGGER_NAME AS name, ACTION_TIMING AS timing FROM INFORMATION_SCHEMA.TRIGGERS
       WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME`,
      [mapping.table],
    );
    beforeTriggers = triggers.filter((t) => t.timing === 'BEFORE').map((t) => String(t.name));
    const [selfReferences] = await connection.query<RowDataPacket[]>(
      `SELECT 1 FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME = ? LIMIT 1`,
      [mapping.table, mapping.table],
    );
    orderDependent = triggers.length > 0 || selfReferences.length > 0 || table.columns.some((c) => c.serverFilled && !c.generated);
    await connection.query(createLedgerSql);
    await connection.query(createServerRejectsSql);
    const [parts] = await connection.query<RowDataPacket[]>(
      "SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'rows_from'",
      [LEDGER_TABLE],
    );
    if (parts.length === 0) await connection.query(upgradeLedgerSql);
    [[settings]] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS localInfile, @@max_allowed_packet AS maxAllowedPacket');
    facts = await readEngineFacts(connection);
    if (facts.galera) cluster = await readCluster(connection);
  } catch (error) {
    // Error 1047 also comes from every node of a cluster that lost quorum: say that, not "wait for this node".
    const status = (error as { errno?: number }).errno === 1047 ? await lostQuorumStatus(connection) : undefined;
    throw status ? quorumLost(describeServer(target), status) : classifyMysqlError(error, target);
  }
  const columnNamed = (column: string) => table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  const engine = engineOf(facts);
  return {
    localInfile: Number(settings.localInfile) === 1,
    maxAllowedPacket: Number(settings.maxAllowedPacket),
    // A numeric key column has no collation: its values compare by their value (keyValueOf).
    keyCollations: mapping.key.map((column) => collationFor(columnNamed(column))),
    columnCollations: mapping.columns.map((c) => collationFor(columnNamed(c.column))),
    tableKeys,
    mapping: { ...mapping, columns: mapping.columns.map((c, i) => ({ ...c, limits: fit.limits[i] })) },
    keyIndexes: table.indexNames.filter((_, i) => isMappingKey(mapping, table.uniqueKeys[i])),
    otherUniqueKeys: table.uniqueKeys.some((columns) => !isMappingKey(mapping, columns)),
    systemVersioned: table.storage.systemVersioned,
    beforeTriggers,
    orderFree: !orderDependent && !table.uniqueKeys.some((columns) => !isMappingKey(mapping, columns)),
    tableExisted,
    tableHadRows,
    ...(cluster ? { cluster } : {}),
    engine,
    limits: engineLimits(engine, facts),
  };
}

/** The table's columns and the column sets of its PRIMARY and UNIQUE keys (and their names, in the same order); no columns when it does not exist. */
async function readTable(
  connection: Connection,
  table: string,
): Promise<{ columns: TableColumn[]; uniqueKeys: string[][]; indexNames: string[]; prefixes: KeyPrefix[]; storage: TableStorage }> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def,
       EXTRA AS extra, CHARACTER_MAXIMUM_LENGTH AS maxChars, CHARACTER_OCTET_LENGTH AS maxBytes, NUMERIC_PRECISION AS \`precision\`,
       NUMERIC_SCALE AS scale, DATETIME_PRECISION AS fsp, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
     FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const [keys] = await connection.query<RowDataPacket[]>(
    `SELECT INDEX_NAME AS name, COLUMN_NAME AS col, SUB_PART AS part FROM INFORMATION_SCHEMA.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [table],
  );
  const uniqueKeys = new Map<string, string[]>();
  for (const k of keys) uniqueKeys.set(String(k.name), [...(uniqueKeys.get(String(k.name)) ?? []), String(k.col)]);
  const prefixes = keys.filter((k) => k.part !== null).map((k) => ({ index: String(k.name), column: String(k.col), length: Number(k.part) }));
  const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    columns: rows.map((r) => ({
      name: String(r.name),
      dataType: String(r.dataType).toLowerCase(),
      columnType: String(r.columnType),
      nullable: r.nullable === 'YES',
      // MariaDB writes a column without a default as NULL, and one whose default is NULL as the text 'NULL'.
      hasDefault: r.def !== null,
      serverFilled: /auto_increment|GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(String(r.extra)),
      generated: /GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(String(r.extra)),
      maxChars: numberOrNull(r.maxChars),
      maxBytes: numberOrNull(r.maxBytes),
      precision: numberOrNull(r.precision),
      scale: numberOrNull(r.scale),
      fractionDigits: numberOrNull(r.fsp),
      charset: r.charset === null ? null : String(r.charset),
      collation: r.collation === null ? null : String(r.collation),
    })),
    uniqueKeys: [...uniqueKeys.values()],
    indexNames: [...uniqueKeys.keys()],
    prefixes,
    storage: await readStorage(connection, table),
  };
}

/** What INFORMATION_SCHEMA says of the table's kind and engine (a real run's and a dry run's refusal: storageMismatch). */
export async function readStorage(connection: Connection, table: string): Promise<TableStorage> {
  const [kinds] = await connection.query<RowDataPacket[]>(
    `SELECT t.TABLE_TYPE AS type, t.ENGINE AS engine, e.TRANSACTIONS AS transactions FROM INFORMATION_SCHEMA.TABLES t
       LEFT JOIN INFORMATION_SCHEMA.ENGINES e ON e.ENGINE = t.ENGINE
     WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = ?`,
    [table],
  );
  const kind = kinds[0] ?? { type: null, engine: null, transactions: null };
  return {
    view: kind.type === 'VIEW',
    sequence: kind.type === 'SEQUENCE',
    systemVersioned: kind.type === 'SYSTEM VERSIONED',
    engine: kind.engine === null ? null : String(kind.engine),
    transactional: kind.engine === null || kind.transactions === 'YES',
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

import type { Connection, RowDataPacket } from 'mysql2/promise';

/** The MySQL-protocol engines whose rules shape a load (docs/ingest-reference.md, "Other MySQL-protocol engines"). */
export type Engine = 'mariadb' | 'mysql' | 'galera' | 'group-replication' | 'tidb' | 'vitess';

/** What a server says about itself. */
export interface EngineFacts {
  version: string;
  versionComment: string;
  /** wsrep_on is ON. */
  galera: boolean;
  /** group_replication_transaction_size_limit, where the server has Group Replication (0: no limit). */
  groupReplicationLimit?: number;
}

/** TiDB's txn-total-size-limit by default; a server setting SQL cannot read. */
const TIDB_TRANSACTION_BYTES = 100 * 1024 * 1024;

export function engineOf(facts: EngineFacts): Engine {
  if (/tidb/i.test(facts.version)) return 'tidb';
  if (/vitess/i.test(`${facts.version} ${facts.versionComment}`)) return 'vitess';
  if (facts.galera) return 'galera';
  if (facts.groupReplicationLimit !== undefined) return 'group-replication';
  return /mariadb/i.test(facts.version) ? 'mariadb' : 'mysql';
}

/** What an engine lets a load do: LOAD DATA LOCAL or not, and how many bytes one transaction may carry. */
export interface EngineLimits {
  loadData: boolean;
  maxTransactionBytes?: number;
}

export function engineLimits(engine: Engine, facts: EngineFacts): EngineLimits {
  switch (engine) {
    // Since v7.0 a LOAD DATA is one transaction, under txn-total-size-limit.
    case 'tidb':
      return { loadData: true, maxTransactionBytes: TIDB_TRANSACTION_BYTES };
    // vtgate runs LOAD DATA only in unsharded keyspaces: multi-row INSERT works everywhere.
    case 'vitess':
      return { loadData: false };
    case 'group-replication':
      return facts.groupReplicationLimit ? { loadData: true, maxTransactionBytes: facts.groupReplicationLimit } : { loadData: true };
    // Galera's limits are in rows and bytes of the write set: cluster.ts reads them.
    default:
      return { loadData: true };
  }
}

/** Reads the facts: @@version and @@version_comment, wsrep_on, and Group Replication's transaction limit. */
export async function readEngineFacts(connection: Connection): Promise<EngineFacts> {
  const [[about]] = await connection.query<RowDataPacket[]>('SELECT @@version AS version, @@version_comment AS versionComment');
  const [variables] = await connection.query<RowDataPacket[]>(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'group_replication_transaction_size_limit')",
  );
  const value = (name: string) => variables.find((v) => String(v.Variable_name).toLowerCase() === name)?.Value as string | undefined;
  const limit = value('group_replication_transaction_size_limit');
  return {
    version: String(about.version),
    versionComment: String(about.versionComment ?? ''),
    galera: value('wsrep_on') === 'ON',
    ...(limit === undefined ? {} : { groupReplicationLimit: Number(limit) }),
  };
}

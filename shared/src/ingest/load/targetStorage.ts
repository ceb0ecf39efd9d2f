import { Connection, createConnection } from './connect/connection';
import { IngestError } from '../ingestError';
import { classifyMysqlError } from './connect/mysqlErrors';
import { connectionOptions, MysqlTarget } from './connect/target';
import { readStorage } from './prepareDatabase';
import { storageMismatch } from './tableCheck';

/** MariaDB's ER_BAD_DB_ERROR: the database is not there, so neither is the table. */
const UNKNOWN_DATABASE_ERRNO = 1049;

/**
 * A dry run given a database: refuses a target a real run would refuse before loading (a view, an engine without
 * transactions: storageMismatch, the same words), reading only, so that the dry run does not pass what the load fails.
 */
export async function refuseTargetStorage(target: MysqlTarget, password: string | undefined, table: string): Promise<void> {
  let connection: Connection;
  try {
    connection = await createConnection(connectionOptions(target, password));
  } catch (error) {
    if ((error as { errno?: number }).errno === UNKNOWN_DATABASE_ERRNO) return;
    throw classifyMysqlError(error, target);
  }
  connection.on('error', () => undefined);
  const name = `${target.database}.${table}`;
  let mismatch: string | undefined;
  try {
    mismatch = storageMismatch(name, await readStorage(connection, table));
  } catch (error) {
    throw classifyMysqlError(error, target);
  } finally {
    await connection.end().catch(() => undefined);
  }
  if (mismatch) throw new IngestError('table', mismatch, { table: name, reason: 'mismatch', count: '1' });
}

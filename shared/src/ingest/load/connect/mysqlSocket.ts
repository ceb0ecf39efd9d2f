import { Socket } from 'net';
import type { Connection } from 'mysql2/promise';

/**
 * The net.Socket a mysql2 promise connection writes to. mysql2 does not expose it, but LOAD DATA's
 * backpressure needs it: this is the one place that reaches into mysql2's internals (tested in
 * test/integration/mysqlSocket.test.ts, which fails if a mysql2 release moves it).
 */
export function socketOf(connection: Connection): Socket {
  const stream = (connection as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  if (!(stream instanceof Socket))
    throw new Error('mysql2 no longer exposes its socket at connection.connection.stream; update shared/src/ingest/load/connect/mysqlSocket.ts');
  return stream;
}

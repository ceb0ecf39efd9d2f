import type { Connection, QueryOptions, ResultSetHeader, RowDataPacket } from 'mysql2/promise';

/** One statement, its first result; mysql2 fails it (and the connection) past `timeout`, and the range is retried. */
export type Query = <T extends ResultSetHeader | RowDataPacket[]>(options: QueryOptions) => Promise<T>;

export function timedQuery(connection: Connection, timeout: number): Query {
  return async <T extends ResultSetHeader | RowDataPacket[]>(options: QueryOptions) => (await connection.query<T>({ ...options, timeout }))[0];
}

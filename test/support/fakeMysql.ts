// A scripted stand-in for the MySQL servers of a run, for unit tests of the range worker: connections that answer
// the statements a load sends (into chat_messages and the ledger), keep what a COMMIT commits, and fail, hang or
// lose their reply where a test's fault says.
import type { Connection } from '../../shared/src/ingest/load/connect/connection';
import type { Connect } from '../../shared/src/ingest/run/rangeWorkerCore';

/** One statement as a connection received it. */
export interface SentStatement {
  sql: string;
  /** host:port of the node the connection went to. */
  node: string;
  /** Rows the statement's transaction holds so far (before this statement). */
  rowsInTransaction: number;
}

/** What a fault does to a statement: throw `error` (after the statement took effect, when `landed`), or never answer. */
export type FaultAction = { error: Error; landed?: boolean } | 'hang';
export type Fault = (statement: SentStatement) => FaultAction | undefined;

export interface LedgerRow {
  range_index: number;
  rows_from: number;
  rows_to: number;
  final: number;
  lines: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  blank: number;
}

/** The errors a driver gives, as mysql2 shapes them. */
export const driverError = (fields: { code?: string; errno?: number; message?: string; fatal?: boolean }) =>
  Object.assign(new Error(fields.message ?? fields.code ?? String(fields.errno)), fields);

export class FakeMysql {
  readonly sent: SentStatement[] = [];
  /** The node of each connection opened, in order. */
  readonly connects: string[] = [];
  /** Committed ledger rows, and the rows committed into the table. */
  readonly ledger: LedgerRow[] = [];
  committedRows = 0;
  /** Connections that were destroyed (by the worker: a retry or a stop). */
  destroyed = 0;
  private fault: Fault = () => undefined;

  /** Makes statements fail as `fault` says (undefined: answer normally). */
  failWhen(fault: Fault): void {
    this.fault = fault;
  }

  readonly connect: Connect = (options) => {
    const node = `${options.host}:${options.port}`;
    this.connects.push(node);
    return Promise.resolve(new FakeConnection(this, node, this.connects.length) as unknown as Connection);
  };

  /** The statement's answer, as `connection.query` resolves it; throws or hangs where the fault says. */
  answer(connection: FakeConnection, sql: string, values: unknown[]): Promise<unknown> {
    const statement = { sql, node: connection.node, rowsInTransaction: connection.pendingRows };
    this.sent.push(statement);
    const action = this.fault(statement);
    if (action === 'hang') return new Promise(() => undefined);
    if (action && !action.landed) return Promise.reject(action.error);
    const result = this.apply(connection, sql, values);
    return action ? Promise.reject(action.error) : Promise.resolve(result);
  }

  private apply(connection: FakeConnection, sql: string, values: unknown[]): unknown {
    if (/^(SET|USE)\b/.test(sql) || sql.startsWith('SELECT SCHEMA_NAME')) return [[], []];
    if (sql.startsWith('SELECT CONNECTION_ID()')) return [[{ id: connection.id }], []];
    if (sql.startsWith('SHOW GLOBAL')) return [[], []];
    // keyWeights: one weight per value and level (rowsAsArray); folding case stands in for a collation.
    if (sql.includes('WEIGHT_STRING(')) {
      const rows = JSON.parse(values[0] as string) as (string | null)[][];
      return [rows.map((row) => row.map((v) => (v === null ? null : Buffer.from(v.toLowerCase())))), []];
    }
    if (sql === 'START TRANSACTION' || sql === 'ROLLBACK') {
      connection.discard();
      return [{ affectedRows: 0, warningStatus: 0 }, []];
    }
    if (sql.startsWith('INSERT IGNORE INTO `chat_messages`')) {
      const rows = sql.split('),(').length;
      connection.pendingRows += rows;
      return [{ affectedRows: rows, warningStatus: 0 }, []];
    }
    if (sql.startsWith('INSERT INTO `loadline_ingest_ledger`')) {
      const [, range_index, rows_from, rows_to, final, , , lines, inserted, duplicates, rejected, blank] = values as number[];
      connection.pendingLedger.push({ range_index, rows_from, rows_to, final, lines, inserted, duplicates, rejected, blank });
      return [{ affectedRows: 1, warningStatus: 0 }, []];
    }
    if (sql === 'COMMIT') {
      this.committedRows += connection.pendingRows;
      this.ledger.push(...connection.pendingLedger);
      connection.discard();
      return [{ affectedRows: 0, warningStatus: 0 }, []];
    }
    if (sql.startsWith('SELECT range_index, rows_to') && sql.includes('AND range_index = ?')) {
      return [this.ledger.filter((row) => row.range_index === values[1]), []];
    }
    throw new Error(`FakeMysql has no answer for: ${sql.slice(0, 80)}`);
  }
}

/** The part of a mysql2 connection the worker and loadRange use. */
class FakeConnection {
  pendingRows = 0;
  pendingLedger: LedgerRow[] = [];
  private closed = false;

  constructor(
    private readonly server: FakeMysql,
    readonly node: string,
    readonly id: number,
  ) {}

  query(options: string | { sql: string; values?: unknown[] }, values?: unknown[]): Promise<unknown> {
    const sql = typeof options === 'string' ? options : options.sql;
    if (this.closed) return Promise.reject(driverError({ message: "Can't add new command when connection is in closed state", fatal: true }));
    return this.server.answer(this, sql, (typeof options === 'string' ? values : options.values) ?? []);
  }

  escape(value: string): string {
    return `'${value.replace(/[\\']/g, '\\$&')}'`;
  }

  discard(): void {
    this.pendingRows = 0;
    this.pendingLedger = [];
  }

  on(): this {
    return this;
  }

  /** The server rolls back what the connection had not committed. */
  destroy(): void {
    if (!this.closed) this.server.destroyed++;
    this.closed = true;
    this.discard();
  }

  end(): Promise<void> {
    this.closed = true;
    this.discard();
    return Promise.resolve();
  }
}

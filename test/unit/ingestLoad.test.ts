// The load room's pieces (shared/src/ingest/load/) without MariaDB: the engine behind a URL, a cluster's
// write-set limits, the MySQL error table, a range on a connection that never answers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Connection } from 'mysql2/promise';
import { averageLineBytes, rangeBytesWithinLimits } from '../../shared/src/ingest/load/connect/cluster';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { Engine, EngineFacts, engineLimits, EngineLimits, engineOf } from '../../shared/src/ingest/load/connect/engine';
import { EXACT_COLLATION } from '../../shared/src/ingest/parse/keyCollation';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { classifyMysqlError, isNodeFailure, isRetryable, isWriteSetTooLarge } from '../../shared/src/ingest/load/connect/mysqlErrors';
import { WorkerConfig } from '../../shared/src/ingest/run/protocol';
import { loadRange } from '../../shared/src/ingest/load/loadRange';
import { sortByKey } from '../../shared/src/ingest/parse/sortByKey';
import { chooseMethod, ServerSettings } from '../../shared/src/ingest/load/prepareDatabase';
import { MysqlTarget } from '../../shared/src/ingest/load/connect/target';
import { NO_TABLE_KEYS } from '../../shared/src/ingest/keys/tableKeys';

describe('the engine behind a MySQL URL', () => {
  const facts = (over: Partial<EngineFacts>): EngineFacts => ({ version: '8.0.36', versionComment: 'MySQL Community Server - GPL', galera: false, ...over });
  // Server answers as each engine documents them; only MariaDB and Galera run here (the integration tests).
  const cases: [string, EngineFacts, Engine, EngineLimits][] = [
    ['MySQL', facts({}), 'mysql', { loadData: true }],
    ['MariaDB', facts({ version: '10.11.19-MariaDB-0+deb12u1', versionComment: 'Debian 12' }), 'mariadb', { loadData: true }],
    ['MariaDB Galera', facts({ version: '10.11.19-MariaDB', galera: true }), 'galera', { loadData: true }],
    ['TiDB (LOAD DATA is one transaction since v7.0)', facts({ version: '8.0.11-TiDB-v7.5.1' }), 'tidb', { loadData: true, maxTransactionBytes: 100 << 20 }],
    ['Vitess (LOAD DATA only in unsharded keyspaces)', facts({ version: '8.0.30-Vitess', versionComment: 'Vitess' }), 'vitess', { loadData: false }],
    ['Group Replication', facts({ groupReplicationLimit: 150000000 }), 'group-replication', { loadData: true, maxTransactionBytes: 150000000 }],
    ['Group Replication without a limit', facts({ groupReplicationLimit: 0 }), 'group-replication', { loadData: true }],
  ];
  for (const [name, given, engine, limits] of cases) {
    it(`${name}: ${engine}, ${JSON.stringify(limits)}`, () => {
      assert.equal(engineOf(given), engine);
      assert.deepEqual(engineLimits(engine, given), limits);
    });
  }

  it("'auto' takes multi-row INSERT where LOAD DATA is off or the engine takes it only in places; 'infile' insists", () => {
    const target: MysqlTarget = { host: 'db', port: 3306, user: 'u', database: 'd' };
    const server = (over: Partial<ServerSettings>): ServerSettings => ({
      localInfile: true,
      maxAllowedPacket: 1 << 26,
      keyCollations: [EXACT_COLLATION],
      columnCollations: [],
      mapping: CHAT_MESSAGES,
      keyIndexes: ['PRIMARY'],
      otherUniqueKeys: false,
      systemVersioned: false,
      beforeTriggers: [],
      orderFree: true,
      tableKeys: NO_TABLE_KEYS,
      tableExisted: false,
      engine: 'mariadb',
      limits: { loadData: true },
      ...over,
    });
    assert.deepEqual(chooseMethod('auto', server({}), target), { method: 'infile' });
    assert.deepEqual(chooseMethod('auto', server({ localInfile: false }), target), { method: 'insert', fellBack: 'local-infile-off' });
    assert.deepEqual(chooseMethod('auto', server({ engine: 'vitess', limits: { loadData: false } }), target), { method: 'insert', fellBack: 'vitess' });
    assert.deepEqual(chooseMethod('infile', server({ engine: 'vitess', limits: { loadData: false } }), target), { method: 'infile' });
    assert.deepEqual(chooseMethod('insert', server({}), target), { method: 'insert' });
    assert.throws(
      () => chooseMethod('infile', server({ localInfile: false }), target),
      (e: IngestError) => e.kind === 'local-infile',
    );
  });
});

describe("a cluster's write-set limits", () => {
  const cluster = { name: 'c', size: 3, status: 'Primary', nodeState: 'Synced', maxWriteSetRows: 0, maxWriteSetBytes: 0 };
  it('cap the range size: half of wsrep_max_ws_rows (less the ledger row) in average lines, half of wsrep_max_ws_size', () => {
    assert.equal(rangeBytesWithinLimits(cluster, 200), undefined, 'no limits');
    assert.equal(rangeBytesWithinLimits({ ...cluster, maxWriteSetRows: 1001 }, 200), 500 * 200);
    assert.equal(rangeBytesWithinLimits({ ...cluster, maxWriteSetBytes: 1 << 20 }, 200), 1 << 19);
    assert.equal(rangeBytesWithinLimits({ ...cluster, maxWriteSetRows: 1001, maxWriteSetBytes: 50_000 }, 200), 25_000);
    assert.equal(rangeBytesWithinLimits({ ...cluster, maxWriteSetRows: 2 }, 200), 200, 'at least a line');
  });

  it('are sized from the average line of the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-avg-')), 'log.jsonl');
    fs.writeFileSync(file, 'x'.repeat(99) + '\n' + 'y'.repeat(299) + '\n');
    assert.equal(averageLineBytes(file), 200);
    fs.writeFileSync(file, '');
    assert.equal(averageLineBytes(file), 1);
  });
});

describe('the MySQL error table', () => {
  const target: MysqlTarget = { host: 'db', port: 3307, user: 'ann', database: 'logs' };
  const cases: [string, object, boolean, string, RegExp][] = [
    ['a deadlock', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }, true, 'server', /deadlocks/],
    ['a lock wait timeout', { errno: 1205 }, true, 'server', /timing out on locks/],
    ['a lost connection', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, true, 'connection-lost', /^the connection to MySQL at db:3307 was lost/],
    ['a closed connection reused', { message: "Can't add new command when connection is in closed state", fatal: true }, true, 'connection-lost', /was lost/],
    ['server gone away', { errno: 2006 }, true, 'connection-lost', /was lost/],
    ['a reset', { code: 'ECONNRESET' }, true, 'connection-lost', /was lost/],
    ['a refused connection', { code: 'ECONNREFUSED' }, true, 'unreachable', /^cannot connect to MySQL at db:3307: connection refused$/],
    ['no answer', { code: 'ETIMEDOUT' }, true, 'unreachable', /no answer$/],
    [
      'a statement timeout',
      { code: 'PROTOCOL_SEQUENCE_TIMEOUT', message: 'Query inactivity timeout' },
      true,
      'unreachable',
      /stopped answering \(statement timeout\)$/,
    ],
    ['an unknown host', { code: 'ENOTFOUND' }, false, 'unreachable', /unknown host db$/],
    ['a Galera node not ready', { code: 'ER_UNKNOWN_COM_ERROR', errno: 1047 }, true, 'unreachable', /^MySQL at db:3307 is not ready for writes \(WSREP/],
    ['a certification conflict', { errno: 1213, message: 'wsrep aborted transaction' }, true, 'server', /deadlocks/],
    [
      'a wrong password',
      { code: 'ER_ACCESS_DENIED_ERROR', fatal: true },
      false,
      'auth',
      /^MySQL at db:3307 refused user 'ann': wrong password or no such user$/,
    ],
    ['no access to the database', { code: 'ER_DBACCESS_DENIED_ERROR' }, false, 'database-access', /user 'ann' may not use database 'logs' at db:3307/],
    ['local_infile off', { code: 'ER_CLIENT_LOCAL_FILES_DISABLED' }, false, 'local-infile', /^local_infile is disabled on MySQL at db:3307$/],
    ['anything else', { code: 'ER_BAD_FIELD_ERROR', message: "Unknown column 'x'\nmore" }, false, 'server', /^MySQL at db:3307 said: Unknown column 'x'$/],
    [
      "Loadline's own exception",
      new TypeError("Cannot read properties of null (reading 'length')"),
      false,
      'internal',
      /^Loadline failed, not the server: Cannot read properties of null/,
    ],
  ];
  for (const [name, error, retry, kind, message] of cases) {
    it(`${name}: ${retry ? 'retried' : 'not retried'}, kind ${kind}`, () => {
      assert.equal(isRetryable(error), retry);
      const classified = classifyMysqlError(error, target);
      assert.equal(classified.kind, kind);
      assert.match(classified.message, message);
      assert.doesNotMatch(classified.message, /MYSQL_PWD|--resume|Re-enter/, 'the core states facts; adapters word fixes');
    });
  }
  it('moves to another node on a node failure, not on a conflict; splits a range on a write set too large', () => {
    for (const gone of [{ code: 'ECONNREFUSED' }, { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, { errno: 1047 }, { code: 'ETIMEDOUT' }]) {
      assert.equal(isNodeFailure(gone), true, JSON.stringify(gone));
    }
    for (const stay of [{ errno: 1213 }, { errno: 1205 }, { code: 'ENOTFOUND' }, { code: 'ER_ACCESS_DENIED_ERROR' }, { errno: 1180 }]) {
      assert.equal(isNodeFailure(stay), false, JSON.stringify(stay));
    }
    assert.equal(isWriteSetTooLarge({ errno: 1180, code: 'ER_ERROR_DURING_COMMIT' }), true);
    assert.equal(isWriteSetTooLarge({ errno: 1213 }), false);
    assert.equal(isRetryable({ errno: 1180 }), false, 'a split, not a retry of the same transaction');
  });

  it('an IngestError is never retried and passes through unchanged', () => {
    const error = new IngestError('values-changed', 'x');
    assert.equal(isRetryable(error), false);
    assert.equal(classifyMysqlError(error, target), error);
  });
});

describe('loadRange on a connection whose statement never gets an answer', () => {
  /**
   * A stand-in for mysql2's connection, which runs one command at a time: a command starts (and starts its
   * timeout) only once the one before it has its answer. Its COMMIT is never answered, as in a stalled cluster.
   */
  function stalledConnection() {
    const sent: string[] = [];
    let previous: Promise<unknown> = Promise.resolve();
    const connection = {
      escape: (value: string) => `'${value}'`,
      query(options: { sql: string; timeout?: number }) {
        const started = previous.then(() => sent.push(options.sql));
        const answered = started.then(() => (options.sql === 'COMMIT' ? new Promise(() => undefined) : [{ affectedRows: 1, warningStatus: 0 }]));
        previous = answered;
        return started.then(
          () =>
            new Promise((resolve, reject) => {
              const timer = setTimeout(
                () => reject(Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' })),
                options.timeout,
              );
              void answered.then((result) => {
                clearTimeout(timer);
                resolve(result);
              });
            }),
        );
      },
    };
    return { connection: connection as unknown as Connection, sent };
  }

  it('fails with the timeout instead of waiting for a ROLLBACK that could only follow the COMMIT', { timeout: 5000 }, async () => {
    const { connection, sent } = stalledConnection();
    const parsed = {
      counts: { lines: 1, inserted: 0, duplicates: 0, rejected: 0, blank: 0 },
      rejects: [],
      rowLines: [1],
      rows: sortByKey([['a', 'b', 'message', '1', '', '1']], ['a']),
    };
    const config = { mapping: CHAT_MESSAGES, method: 'insert', runKey: 'run', batchBytes: 1 << 20, statementTimeoutMs: 50 } as WorkerConfig;
    await assert.rejects(
      loadRange(connection, config, { index: 0, start: 0, end: 10 }, parsed, { from: 0, to: 1 }, () => false, false),
      (error: { code?: string }) => error.code === 'PROTOCOL_SEQUENCE_TIMEOUT',
    );
    assert.deepEqual(
      sent.map((sql) => sql.split(' ')[0]),
      ['START', 'INSERT', 'INSERT', 'COMMIT'],
    );
  });
});

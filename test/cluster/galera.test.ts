// Loads into a real three-node MariaDB Galera cluster (scripts/galera.sh, started by test/run.sh): the counts
// stay exact and every node holds the same table when a node, the node the workers write to, or Loadline itself
// is killed mid-load, and when the cluster refuses transactions as large as a range.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterReport, IngestReport } from '../../shared/src/ingest/report';
import { cluster } from '../support/galera';
import { assertSameCounts, ingest, ingestInProcess, ingestWorkspace, validIdsOf } from '../support/ingestFixtures';
import { COMPILED_INGEST_WORKER } from '../support/run';
import { ingestFile, IngestOptions } from '../../shared/src/ingest/ingestFile';
import { parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';

const NODES = [1, 2, 3];

describe('ingest into a three-node Galera cluster', () => {
  const { database, writeGeneratedLog } = ingestWorkspace();
  const databases: string[] = [];
  let file: string;
  /** The same file loaded into the single local MariaDB: what every cluster load must report. */
  let single: Record<string, unknown>;
  let expected: { valid: number; ids: number };

  /** A fresh database of the cluster, at the URL of the cluster led by node `first`. */
  const clusterDatabase = (first = 1) => {
    const name = `gc_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    return { name, url: cluster.databaseUrl(cluster.urlLedBy(first), name) };
  };
  const load = (url: string, options: Partial<IngestOptions> = {}) =>
    ingestFile({ file, target: parseMysqlUrl(url), password: cluster.password(), workerScript: COMPILED_INGEST_WORKER, ...options });
  // Galera applies write sets on the other nodes a moment after the commit: reads wait for them (wsrep_sync_wait).
  const causal = (node: number, query: string) => cluster.sql(node, `SET SESSION wsrep_sync_wait = 1; SELECT 1 FROM DUAL; ${query}`).split('\n').at(-1)!;
  const checksums = (db: string, nodes = NODES) => nodes.map((n) => causal(n, `CHECKSUM TABLE ${db}.chat_messages`).split('\t')[1]);
  const rowsOn = (node: number, db: string) => Number(causal(node, `SELECT COUNT(*) FROM ${db}.chat_messages`));
  /** Runs `act` once, when the load has read `fraction` of the file. */
  const at = (fraction: number, act: () => void): Partial<IngestOptions> => {
    let done = false;
    return {
      onProgress: (p) => {
        if (!done && p.bytesDone >= fraction * p.totalBytes) {
          done = true;
          act();
        }
      },
    };
  };
  const assertExact = (report: IngestReport | Record<string, unknown>, db: string, node = 1) => {
    assertSameCounts(report, single);
    assert.equal(report.balanced, true);
    assert.equal(rowsOn(node, db), expected.ids, 'one row per distinct valid id');
  };

  before(() => {
    file = writeGeneratedLog('cluster.jsonl', 300000, 41, 0.01);
    expected = validIdsOf(file);
    const reference = database();
    const result = ingest(file, reference.url);
    assert.equal(result.status, 0, result.stderr);
    single = result.report!;
    assert.equal(single.inserted, expected.ids);
    assert.equal(single.duplicates, expected.valid - expected.ids);
    assert.ok(Number(single.rejected) > 0 && Number(single.duplicates) > 0, 'the file has bad lines and duplicates');
  });

  after(() => {
    for (const db of databases) cluster.sql(1, `DROP DATABASE IF EXISTS ${db}`);
  });

  it('loads 300,000 lines: the report equals a single server, and every node has the same table', () => {
    const db = clusterDatabase();
    const result = ingest(file, db.url, [], cluster.password());
    assert.equal(result.status, 0, result.stderr);
    assertExact(result.report!, db.name);
    const [first, ...others] = checksums(db.name);
    assert.ok(first);
    assert.deepEqual(others, [first, first]);
    const report = result.report!.cluster as ClusterReport;
    assert.equal(report.name, 'loadline');
    assert.equal(report.size, 3);
    assert.equal(report.status, 'Primary');
    assert.deepEqual(report.nodesUsed, [cluster.node(1)], 'every worker on the first node that answers');
    assert.deepEqual(report.nodesFailed, []);
  });

  it('goes on when node 2 is killed at 40%; node 2 rejoins with the same table', async () => {
    const db = clusterDatabase();
    const report = await load(
      db.url,
      at(0.4, () => cluster.kill(2)),
    );
    assertExact(report, db.name);
    cluster.restart(2);
    const [first, ...others] = checksums(db.name);
    assert.deepEqual(others, [first, first], 'node 2 caught up');
  });

  it('moves the workers to a surviving node when the node they write to is killed', async () => {
    const db = clusterDatabase();
    try {
      const report = await load(
        db.url,
        at(0.4, () => cluster.kill(1)),
      );
      assertExact(report, db.name, 2);
      assert.deepEqual(report.cluster!.nodesFailed, [cluster.node(1)]);
      assert.ok(report.cluster!.nodesUsed.includes(cluster.node(2)), report.cluster!.nodesUsed.join());
    } finally {
      cluster.restart(1);
    }
    const [first, ...others] = checksums(db.name);
    assert.deepEqual(others, [first, first]);
  });

  it('resumes through another node after Loadline itself is killed', async () => {
    const db = clusterDatabase();
    const child = fork(path.join(__dirname, '..', 'support', 'ingestChild.js'), [file, db.url, String(1 << 20)], {
      env: { ...process.env, MYSQL_PWD: cluster.password() },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: { type: string; rangesDone: number }) => {
        if (message.type === 'progress' && message.rangesDone >= 3) {
          child.kill('SIGKILL');
          resolve();
        } else if (message.type !== 'progress') reject(new Error(`the load ended before the kill: ${JSON.stringify(message)}`));
      });
    });
    await exited;
    const throughNode3 = cluster.databaseUrl(cluster.urlLedBy(3), db.name);
    const resumed = ingest(file, throughNode3, ['--resume'], cluster.password());
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(Number(resumed.report!.resumedRanges) >= 3);
    assertExact(resumed.report!, db.name, 3);
    assert.deepEqual((resumed.report!.cluster as ClusterReport).nodesUsed, [cluster.node(3)]);
  });

  describe('under a small wsrep_max_ws_rows', () => {
    const limit = 2000;
    before(() => NODES.forEach((n) => cluster.sql(n, `SET GLOBAL wsrep_max_ws_rows = ${limit}`)));
    after(() => NODES.forEach((n) => cluster.sql(n, 'SET GLOBAL wsrep_max_ws_rows = 0')));

    it('plans ranges that fit in one transaction each', async () => {
      const db = clusterDatabase();
      let ranges = 0;
      const report = await load(db.url, { onProgress: (p) => (ranges = p.rangesTotal) });
      assertExact(report, db.name);
      assert.equal(report.cluster!.splitRanges, 0);
      assert.ok(ranges >= expected.valid / limit, `${ranges} ranges for ${expected.valid} rows`);
    });

    it('commits a range too large for one transaction in parts (error 1180), with exact counts', async () => {
      const db = clusterDatabase();
      const report = await load(db.url, { rangeBytes: 4 << 20 });
      assertExact(report, db.name);
      assert.ok(report.cluster!.splitRanges > 0, 'ranges were split');
      const [first, ...others] = checksums(db.name);
      assert.deepEqual(others, [first, first]);
    });
  });

  describe('under a small wsrep_max_ws_size (error 1105 during the statement, not 1180 at commit)', () => {
    const limit = 1 << 20;
    let small: string;
    let smallExpected: { valid: number; ids: number };
    const setLimit = (bytes: number) => NODES.forEach((n) => cluster.sql(n, `SET GLOBAL wsrep_max_ws_size = ${bytes}`));
    before(() => {
      small = writeGeneratedLog('writeset.jsonl', 20000, 43, 0.01);
      smallExpected = validIdsOf(small);
    });
    after(() => setLimit(2147483647));
    const loadSmall = (url: string, options: Partial<IngestOptions> = {}) =>
      ingestFile({ file: small, target: parseMysqlUrl(url), password: cluster.password(), workerScript: COMPILED_INGEST_WORKER, ...options });
    const assertSmallExact = (report: IngestReport | Record<string, unknown>, db: string) => {
      assert.equal(report.balanced, true);
      assert.equal(report.inserted, smallExpected.ids);
      assert.equal(report.duplicates, smallExpected.valid - smallExpected.ids);
      assert.equal(rowsOn(1, db), smallExpected.ids, 'one row per distinct valid id');
      const [first, ...others] = checksums(db);
      assert.deepEqual(others, [first, first]);
    };

    for (const method of ['infile', 'insert'] as const) {
      it(`--method ${method}: splits a range past the limit and goes on, with exact counts`, async () => {
        setLimit(limit);
        const db = clusterDatabase();
        const report = await loadSmall(db.url, { rangeBytes: 4 << 20, method });
        assertSmallExact(report, db.name);
        assert.ok(report.cluster!.splitRanges > 0, 'ranges were split');
      });
    }

    for (const method of ['infile', 'insert'] as const) {
      it(`--method ${method}, onDuplicate "update": splits a range past the limit and updates every row in place`, async () => {
        setLimit(2147483647);
        const db = clusterDatabase();
        assertSmallExact(await loadSmall(db.url), db.name);
        // Unmapped: an update in place keeps it (REPLACE reset it to its default). Changed times: an update that
        // changes nothing writes nothing, and the write sets must grow past the limit.
        cluster.sql(
          1,
          `ALTER TABLE ${db.name}.chat_messages ADD COLUMN note INT NOT NULL DEFAULT 7; UPDATE ${db.name}.chat_messages SET note = 1, \`timestamp\` = '2000-01-01'`,
        );
        setLimit(limit);
        // A second run of the file into the same table: the first run's rejects file is not replaced, so its own.
        const rejectsFile = `${small}.${db.name}.update.rejects.jsonl`;
        const report = await loadSmall(db.url, { rangeBytes: 4 << 20, method, onDuplicate: 'update', rejectsFile });
        assert.equal(report.balanced, true);
        assert.deepEqual([report.inserted, report.updated, report.duplicates], [0, smallExpected.valid, 0]);
        assert.ok(report.cluster!.splitRanges > 0, 'ranges were split');
        assert.equal(Number(causal(2, `SELECT COUNT(*) FROM ${db.name}.chat_messages WHERE note = 1`)), smallExpected.ids, 'every row kept its note');
        const [first, ...others] = checksums(db.name);
        assert.deepEqual(others, [first, first]);
      });
    }

    it('--resume of a checkpoint planned under a larger limit commits its ranges in parts', async () => {
      setLimit(2147483647);
      const db = clusterDatabase();
      const controller = new AbortController();
      const first = await loadSmall(db.url, {
        rangeBytes: 2 << 20,
        workers: 1,
        signal: controller.signal,
        onProgress: (p) => p.rangesDone >= 1 && controller.abort(),
      });
      assert.equal(first.cancelled, true);
      // Far below the planned ranges, whichever of them are left.
      setLimit(limit / 4);
      const resumed = await loadSmall(db.url, { rangeBytes: 2 << 20, resume: true });
      assert.ok(resumed.resumedRanges >= 1);
      assertSmallExact(resumed, db.name);
      assert.ok(resumed.cluster!.splitRanges > 0, 'ranges were split');
    });
  });

  describe('when the cluster has lost quorum', () => {
    const statusOf = (node: number) => cluster.sql(node, "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_status'").split('\t')[1];
    /** Waits (each check is a round trip to the node) until every node reports `status`. */
    const untilEvery = (status: (s: string) => boolean) => {
      for (let i = 0; i < 600 && !NODES.every((n) => status(statusOf(n))); i++) cluster.status();
      assert.ok(
        NODES.every((n) => status(statusOf(n))),
        'the cluster reached the expected state',
      );
    };
    before(() => {
      NODES.forEach((n) => cluster.sql(n, "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'"));
      untilEvery((s) => s !== 'Primary');
    });
    after(() => {
      NODES.forEach((n) => cluster.sql(n, "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'"));
      try {
        cluster.sql(1, "SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES'");
      } catch {
        // The nodes formed a primary component again on their own: the server refuses a bootstrap then.
      }
      untilEvery((s) => s === 'Primary');
      for (let i = 0; i < 600 && !/^(node \d .*: Synced, wsrep_cluster_size=3\n?){3}$/.test(cluster.status()); i++);
    });

    it('names the lost quorum, not a node to wait for or locks', () => {
      const result = ingest(file, clusterDatabase().url, [], cluster.password());
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, /lost quorum \(wsrep_cluster_status is non-Primary\)/);
      assert.doesNotMatch(result.stderr, /timing out on locks|not ready for writes/);
    });
  });
});

// The local MariaDB is not a cluster: its report has none.
describe('a single server', () => {
  it('reports no cluster', async () => {
    const { database, writeGeneratedLog } = ingestWorkspace();
    const report = await ingestInProcess(writeGeneratedLog('single.jsonl', 100, 1), database().url);
    assert.equal(report.cluster, undefined);
  });
});

// The ingest engine's pieces without MariaDB and without threads: key gate, key digests, the ordered
// rejects-and-checkpoint journal, checkpoint checks, the MySQL error table, the progress meter, the pool.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Connection } from 'mysql2/promise';
import { Checkpoint, checkResumable, defaultCheckpointPath, mappingFingerprint, RunIdentity } from '../../shared/src/ingest/journal/checkpoint';
import { averageLineBytes, rangeBytesWithinLimits } from '../../shared/src/ingest/load/cluster';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { digestsMeet, keyDigest } from '../../shared/src/ingest/keys/keyDigest';
import { Engine, EngineFacts, engineLimits, EngineLimits, engineOf } from '../../shared/src/ingest/load/engine';
import { KeyGate } from '../../shared/src/ingest/keys/keyGate';
import { KeyIndex } from '../../shared/src/ingest/keys/keyIndex';
import { EXACT_COLLATION } from '../../shared/src/ingest/parse/keyCollation';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { classifyMysqlError, isNodeFailure, isRetryable, isWriteSetTooLarge } from '../../shared/src/ingest/load/mysqlErrors';
import { ProgressMeter } from '../../shared/src/ingest/run/progressMeter';
import { Reject } from '../../shared/src/ingest/reject';
import { FromWorker, ToWorker, WorkerConfig } from '../../shared/src/ingest/run/protocol';
import { loadRange } from '../../shared/src/ingest/load/loadRange';
import { sortByKey } from '../../shared/src/ingest/parse/parseRange';
import { IngestProgress, LineCounts } from '../../shared/src/ingest/report';
import { JournalIo } from '../../shared/src/ingest/journal/journalIo';
import { RunJournal } from '../../shared/src/ingest/journal/runJournal';
import { chooseMethod, ServerSettings } from '../../shared/src/ingest/load/prepareDatabase';
import { checkOutputPaths } from '../../shared/src/ingest/run/startRun';
import { MysqlTarget, parseMysqlUrl } from '../../shared/src/ingest/load/target';
import { PoolWorker, runPool } from '../../shared/src/ingest/run/workerPool';

const digest = (...keys: string[]) => keyDigest(keys);

describe('keyDigest', () => {
  it('gives two 32-bit hashes per key, sorted, and is the same for the same keys in any order', () => {
    const a = digest('x', 'y', 'z');
    assert.equal(a.length, 6);
    assert.deepEqual(a, digest('z', 'x', 'y'));
    for (let i = 2; i < a.length; i += 2) assert.ok(a[i - 2] < a[i] || (a[i - 2] === a[i] && a[i - 1] <= a[i + 1]), 'sorted by first hash, then second');
  });

  it('meets exactly when the key sets share a key', () => {
    assert.equal(digestsMeet(digest('a', 'b'), digest('c', 'b')), true);
    assert.equal(digestsMeet(digest('a', 'b'), digest('c', 'd')), false);
    assert.equal(digestsMeet(digest(), digest('a')), false);
    assert.equal(digestsMeet(digest('é'), digest('é')), true);
    assert.equal(digestsMeet(digest('abc'), digest('abc ')), false, 'exact strings: a trailing space is another key');
  });

  it('keeps 20,000 random ids of two ranges apart and finds the one they share', () => {
    const ids = (prefix: string) => Array.from({ length: 10000 }, (_, i) => `${prefix}-${i}-${(i * 2654435761) % 1000003}`);
    const left = ids('l');
    const right = ids('r');
    assert.equal(digestsMeet(keyDigest(left), keyDigest(right)), false);
    assert.equal(digestsMeet(keyDigest(left), keyDigest([...right, left[4242]])), true);
  });
});

describe('sortByKey (the order a range is loaded in)', () => {
  const ordered = (keys: string[]) => [...sortByKey([], keys).order];

  it('sorts integer keys as numbers, as the key column orders them, with ties in file order', () => {
    // As strings these went in as 1, 10, 100, 2: the order of the file, scattered.
    assert.deepEqual(ordered(['10', '2', '100', '1', '2', '-3']), [5, 3, 1, 4, 0, 2]);
    assert.deepEqual(ordered(['1', '2', '3', '10', '100']), [0, 1, 2, 3, 4]);
  });

  it("sorts other keys as strings; one key that is no integer's one spelling makes them all strings", () => {
    assert.deepEqual(ordered(['b', 'a', 'c', 'a']), [1, 3, 0, 2]);
    assert.deepEqual(ordered(['10', '9', '09']), [2, 0, 1]);
  });

  it('is a permutation in key order with ties in file order, for any keys', () => {
    const key = fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('a', 'b', '007', '1e3', ''));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        const order = ordered(keys);
        assert.deepEqual(
          [...order].sort((a, b) => a - b),
          keys.map((_, i) => i),
        );
        const numeric = keys.every((k) => /^(?:0|-?[1-9]\d*)$/.test(k));
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1], order[i]];
          const compared = numeric ? Number(keys[a]) - Number(keys[b]) : keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
          assert.ok(compared < 0 || (compared === 0 && a < b), `${keys[a]} (row ${a}) before ${keys[b]} (row ${b})`);
        }
      }),
    );
  });
});

describe('KeyIndex (every key of a file with its first line)', () => {
  it('returns the first line of a repeated key and 0 for a new one', () => {
    const index = new KeyIndex();
    assert.equal(index.add('7', 2), 0);
    assert.equal(index.add('07', 3), 0, '"07" is not the key "7"');
    assert.equal(index.add('abc', 4), 0);
    assert.equal(index.add('7', 5), 2);
    assert.equal(index.add('abc', 6), 4);
    assert.equal(index.add('07', 7), 3);
    assert.equal(index.add('1234567890123456', 8), 0, 'past 15 digits a key stays a string');
    assert.equal(index.add('1234567890123457', 9), 0);
    assert.equal(index.add('1234567890123456', 10), 8);
  });

  it('agrees with a Map of the key strings on any sequence of keys', () => {
    const key = fc.oneof(fc.nat(40).map(String), fc.constantFrom('-1', '-0', '00', 'x', 'X', ' 1', ''));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), (keys) => {
        const index = new KeyIndex();
        const firstLines = new Map<string, number>();
        keys.forEach((k, i) => {
          const line = i + 1;
          assert.equal(index.add(k, line), firstLines.get(k) ?? 0, `key ${JSON.stringify(k)} at line ${line}`);
          if (!firstLines.has(k)) firstLines.set(k, line);
        });
      }),
    );
  });
});

describe('KeyGate (first one wins across ranges)', () => {
  it('admits a range at once when no earlier range is in flight', () => {
    const gate = new KeyGate();
    gate.open(0);
    assert.equal(gate.admit(0, digest('a')), true);
  });

  it('holds a later range whose keys meet an earlier one in flight, and lets it go on release', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.equal(gate.admit(0, digest('a', 'b')), true);
    assert.equal(gate.admit(1, digest('b', 'c')), false, 'collides on b');
    assert.deepEqual(gate.release(0), [1]);
    assert.deepEqual(gate.release(1), []);
  });

  it('lets a later range with other keys pass an earlier one', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.equal(gate.admit(1, digest('x')), false, 'range 0 is not parsed yet: its keys are unknown');
    assert.deepEqual(gate.release(0), [1]);
    const second = new KeyGate();
    second.open(0);
    second.open(1);
    assert.equal(second.admit(0, digest('a')), true);
    assert.equal(second.admit(1, digest('x')), true);
  });

  it('never holds an earlier range for a later one', () => {
    const gate = new KeyGate();
    gate.open(0);
    gate.open(1);
    assert.equal(gate.admit(1, digest('k')), false);
    assert.equal(gate.admit(0, digest('k')), true, 'range 0 comes first, whatever range 1 holds');
  });

  it('releases waiting ranges in order, each only once every blocker is gone', () => {
    const gate = new KeyGate();
    for (let i = 0; i < 4; i++) gate.open(i);
    assert.equal(gate.admit(0, digest('a')), true);
    assert.equal(gate.admit(1, digest('b')), true);
    assert.equal(gate.admit(3, digest('a', 'b')), false);
    assert.equal(gate.admit(2, digest('b')), false);
    assert.deepEqual(gate.release(0), [], 'range 3 still meets range 1 and 2, range 2 meets 1');
    assert.deepEqual(gate.release(1), [2]);
    assert.deepEqual(gate.release(2), [3]);
  });
});

/** Files in memory; `failAppendAfter` makes the next append write that many characters and then throw. */
class MemoryIo implements JournalIo {
  files = new Map<string, string>();
  saved: Checkpoint[] = [];
  failAppendAfter?: number;
  append(file: string, text: string): void {
    if (this.failAppendAfter !== undefined) {
      this.files.set(file, (this.files.get(file) ?? '') + text.slice(0, this.failAppendAfter));
      this.failAppendAfter = undefined;
      throw new Error('crash mid-write');
    }
    this.files.set(file, (this.files.get(file) ?? '') + text);
  }
  truncate(file: string, bytes: number): void {
    const text = this.files.get(file) ?? '';
    assert.ok(bytes <= Buffer.byteLength(text), 'never grows a file (that would pad it with NUL bytes)');
    if (bytes === 0) this.files.delete(file);
    else this.files.set(file, Buffer.from(text).subarray(0, bytes).toString());
  }
  size(file: string): number {
    return Buffer.byteLength(this.files.get(file) ?? '');
  }
  saveCheckpoint(checkpoint: Checkpoint): void {
    this.saved.push(structuredClone(checkpoint));
  }
}

const counts = (lines: number, rejected: number): LineCounts => ({ lines, inserted: lines - rejected, duplicates: 0, rejected, blank: 0 });
const reject = (line: number): Reject => ({ line, reason: 'bad', text: `line ${line}` });
const plan = (ranges: number, over: Partial<Checkpoint> = {}): Checkpoint => ({
  version: 1,
  runKey: 'run',
  file: '/in.jsonl',
  size: 100,
  mtimeMs: 1,
  target: 't',
  table: 'chat_messages',
  mapping: 'm1',
  ranges: Array.from({ length: ranges }, (_, i) => [i * 10, i * 10 + 10]),
  committed: {},
  rejectsFile: '/in.rejects.jsonl',
  rejectsPrefix: 0,
  rejectsBytes: 0,
  ...over,
});
const linesIn = (io: MemoryIo) =>
  (io.files.get('/in.rejects.jsonl') ?? '')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { line: number }).line);

describe('RunJournal (ordered rejects and the checkpoint)', () => {
  it('writes rejects in file order with file-wide line numbers, whatever order ranges commit in', () => {
    const io = new MemoryIo();
    const journal = new RunJournal(plan(3), io);
    journal.commit(2, counts(5, 1), [reject(2)]);
    journal.commit(1, counts(4, 2), [reject(1), reject(4)]);
    assert.deepEqual(linesIn(io), [], 'range 0 is not committed: no line number is known yet');
    journal.commit(0, counts(10, 1), [reject(7)]);
    assert.deepEqual(linesIn(io), [7, 11, 14, 16]);
    assert.equal(journal.complete, true);
    assert.deepEqual(journal.totals(), { lines: 19, inserted: 15, duplicates: 0, rejected: 4, blank: 0 });
    assert.equal(io.saved.at(-1)!.rejectsBytes, io.size('/in.rejects.jsonl'));
  });

  it('after a crash mid-write, cuts the partial line and asks for that range to be parsed again', () => {
    const io = new MemoryIo();
    const journal = new RunJournal(plan(2), io);
    journal.commit(0, counts(3, 1), [reject(1)]);
    const checkpoint = structuredClone(io.saved.at(-1)!);
    io.failAppendAfter = 7;
    assert.throws(() => journal.commit(1, counts(3, 1), [reject(3)]), /crash mid-write/);
    // The process died here; the checkpoint on disk is the last one saved, and the ledger says range 1 committed.
    const resumed = new RunJournal({ ...checkpoint, committed: { 0: counts(3, 1), 1: counts(3, 1) } }, io);
    assert.equal(io.size('/in.rejects.jsonl'), checkpoint.rejectsBytes, 'the half-written line is gone');
    assert.deepEqual(resumed.rangesMissingRejects(), [1]);
    resumed.addRejects(1, [reject(3)]);
    assert.deepEqual(linesIn(io), [1, 6]);
    assert.equal(resumed.complete, true);
  });

  it('rewrites every reject when the rejects file is shorter than recorded (cut or replaced), never padding it', () => {
    const io = new MemoryIo();
    const journal = new RunJournal(plan(2), io);
    journal.commit(0, counts(3, 1), [reject(1)]);
    journal.commit(1, counts(3, 1), [reject(2)]);
    const checkpoint = structuredClone(io.saved.at(-1)!);
    io.files.set('/in.rejects.jsonl', '{"li');
    const resumed = new RunJournal(checkpoint, io);
    assert.equal(io.size('/in.rejects.jsonl'), 0);
    assert.deepEqual(resumed.rangesMissingRejects(), [0, 1]);
    resumed.addRejects(1, [reject(2)]);
    resumed.addRejects(0, [reject(1)]);
    assert.deepEqual(linesIn(io), [1, 5]);
  });

  it('records a range the ledger knows of but no worker reported, and leaves its rejects to a second parse', () => {
    const io = new MemoryIo();
    const journal = new RunJournal(plan(3), io);
    journal.commit(0, counts(3, 1), [reject(1)]);
    journal.recordCommitted(1, counts(4, 2));
    journal.recordCommitted(2, counts(5, 0));
    assert.equal(journal.totals().lines, 12);
    assert.deepEqual(linesIn(io), [1]);
    assert.deepEqual(journal.rangesMissingRejects(), [1]);
    assert.deepEqual(Object.keys(io.saved.at(-1)!.committed), ['0', '1', '2'], 'the checkpoint has them');
    assert.equal(journal.complete, false, 'range 1 still owes its rejects');
  });

  it('moves its written prefix past committed ranges without rejects, with no second parse', () => {
    const io = new MemoryIo();
    const resumed = new RunJournal(plan(2, { committed: { 0: counts(3, 0), 1: counts(2, 0) } }), io);
    assert.deepEqual(resumed.rangesMissingRejects(), []);
    assert.equal(resumed.complete, true);
  });

  it('a fresh plan removes an old rejects file', () => {
    const io = new MemoryIo();
    io.files.set('/in.rejects.jsonl', 'old\n');
    new RunJournal(plan(1), io);
    assert.equal(io.files.has('/in.rejects.jsonl'), false);
  });
});

describe('checkResumable', () => {
  const identity: RunIdentity = { file: '/in.jsonl', size: 100, mtimeMs: 1, target: 't', table: 'chat_messages', mapping: 'm1' };
  const reasonOf = (over: Partial<RunIdentity>) => {
    try {
      checkResumable(plan(1), { ...identity, ...over }, '/in.cp.json');
      return 'resumable';
    } catch (error) {
      assert.ok(error instanceof IngestError);
      assert.equal(error.kind, 'checkpoint');
      return error.data.reason;
    }
  };

  it('accepts the same file, unchanged, into the same table', () => assert.equal(reasonOf({}), 'resumable'));
  it('refuses another file', () => assert.equal(reasonOf({ file: '/other.jsonl' }), 'other-file'));
  it('refuses a changed file (size or mtime)', () => {
    assert.equal(reasonOf({ size: 101 }), 'file-changed');
    assert.equal(reasonOf({ mtimeMs: 2 }), 'file-changed');
  });
  it('refuses another target or table', () => {
    assert.equal(reasonOf({ target: 'u' }), 'other-target');
    assert.equal(reasonOf({ table: 'other' }), 'other-target');
  });
  it('refuses a changed mapping, and takes a checkpoint written before mappings were kept', () => {
    assert.equal(reasonOf({ mapping: 'm2' }), 'mapping-changed');
    const older = { ...plan(1), mapping: undefined };
    assert.doesNotThrow(() => checkResumable(older, { ...identity, mapping: 'm2' }, '/in.cp.json'));
  });
  it('fingerprints what decides a row: the mapping, its overrides, and a CSV contract', () => {
    const base = mappingFingerprint(CHAT_MESSAGES);
    assert.equal(mappingFingerprint({ ...CHAT_MESSAGES }), base);
    assert.notEqual(mappingFingerprint({ ...CHAT_MESSAGES, onDuplicate: 'update' }), base);
    assert.notEqual(mappingFingerprint({ ...CHAT_MESSAGES, key: ['id', 'site_id'] }), base);
  });
});

describe('defaultCheckpointPath', () => {
  it('is one per log, target and table, so that another load of the log never discards a pending one', () => {
    const target = { host: 'db', port: 3306, user: 'u', database: 'logs' };
    const paths = new Set([
      defaultCheckpointPath('/d/chat.jsonl', target, 'chat_messages'),
      defaultCheckpointPath('/d/chat.jsonl', target, 'other'),
      defaultCheckpointPath('/d/chat.jsonl', { ...target, database: 'prod' }, 'chat_messages'),
      defaultCheckpointPath('/d/chat.jsonl', { ...target, port: 3307 }, 'chat_messages'),
    ]);
    assert.equal(paths.size, 4);
    assert.equal(defaultCheckpointPath('/d/chat.jsonl', target, 'chat_messages'), defaultCheckpointPath('/d/chat.jsonl', { ...target }, 'chat_messages'));
    assert.match(defaultCheckpointPath('/d/chat.jsonl', target, 'chat_messages'), /^\/d\/chat\.jsonl\.chat_messages\.[0-9a-f]{8}\.loadline-checkpoint\.json$/);
  });

  it('is the same for a cluster whatever node comes first, so a run resumes through another node', () => {
    const cluster = parseMysqlUrl('mysql://u@n1:3306,n2:3306,n3:3306/logs');
    const reordered = parseMysqlUrl('mysql://u@n3:3306,n1:3306,n2:3306/logs');
    assert.equal(defaultCheckpointPath('/d/c.jsonl', cluster, 't'), defaultCheckpointPath('/d/c.jsonl', reordered, 't'));
    assert.notEqual(defaultCheckpointPath('/d/c.jsonl', cluster, 't'), defaultCheckpointPath('/d/c.jsonl', parseMysqlUrl('mysql://u@n1:3306/logs'), 't'));
  });
});

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
      mapping: CHAT_MESSAGES,
      keyIndexes: ['PRIMARY'],
      otherUniqueKeys: false,
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

describe('checkOutputPaths', () => {
  it('refuses an output equal to the input or to another output', () => {
    assert.throws(
      () => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/cp.json', rejects: '/d/in.jsonl' }),
      /the rejects file \/d\/in\.jsonl is the input file/,
    );
    assert.throws(() => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/x', rejects: '/d/./x' }), /the rejects file \/d\/\.\/x is the checkpoint file/);
    assert.doesNotThrow(() => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/cp.json', rejects: '/d/r.jsonl' }));
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

describe('ProgressMeter', () => {
  it('reports at most every 200 ms of its clock, counting in-flight lines in rows/s', () => {
    let now = 1000;
    const reports: IngestProgress[] = [];
    const meter = new ProgressMeter(
      100,
      (p) => reports.push(p),
      () => now,
    );
    meter.alreadyDone(0, 20);
    meter.read(1, 30, 300);
    now = 2000;
    meter.tick(counts(0, 0), 1, 3);
    meter.read(1, 10, 100);
    now = 2100;
    meter.tick(counts(0, 0), 1, 3);
    assert.equal(reports.length, 1, 'the second tick came 100 ms later');
    meter.committed(1, 40, 400);
    now = 3000;
    meter.tick(counts(400, 0), 2, 3, true);
    assert.deepEqual(
      reports.map((r) => [r.bytesDone, r.rowsPerSecond, r.rangesDone]),
      [
        [50, 300, 1],
        [60, 200, 2],
      ],
    );
  });
});

class FakeWorker extends EventEmitter implements PoolWorker {
  received: ToWorker[] = [];
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): Promise<number> {
    queueMicrotask(() => this.emit('exit', 0));
    return Promise.resolve(0);
  }
  say(message: FromWorker): void {
    this.emit('message', message);
  }
}

describe('runPool', () => {
  it('feeds each idle worker the next task, lets it go when there is none, and resolves when all exited', async () => {
    const workers: FakeWorker[] = [];
    const tasks: ToWorker[] = [1, 2, 3].map((i) => ({ type: 'range', range: { index: i, start: 0, end: 1 }, rejectsOnly: false }));
    const seen: string[] = [];
    const pool = runPool(2, () => (workers.push(new FakeWorker()), workers.at(-1)!), {
      next: () => tasks.shift(),
      message: (_worker, message) => seen.push(message.type),
      crashed: () => assert.fail('no crash'),
    });
    workers[0].say({ type: 'ready' });
    workers[1].say({ type: 'ready' });
    workers[0].say({ type: 'committed', index: 1, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    workers[1].say({ type: 'committed', index: 2, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    workers[0].say({ type: 'committed', index: 3, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    await pool.done;
    assert.deepEqual(
      workers.map((w) => w.received.map((m) => (m.type === 'range' ? m.range.index : m.type))),
      [[1, 3], [2]],
    );
    assert.deepEqual(seen, ['ready', 'ready', 'committed', 'committed', 'committed']);
  });

  it('broadcasts a stop to the workers still running and lets a failed one go', async () => {
    const workers: FakeWorker[] = [];
    const pool = runPool(2, () => (workers.push(new FakeWorker()), workers.at(-1)!), {
      next: () => undefined,
      message: () => undefined,
      crashed: () => undefined,
    });
    pool.broadcast({ type: 'stop' });
    assert.deepEqual(
      workers.map((w) => w.received),
      [[{ type: 'stop' }], [{ type: 'stop' }]],
    );
    workers[0].say({ type: 'failed', kind: 'server', message: 'x', data: {} });
    workers[1].say({ type: 'cancelled' });
    await pool.done;
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

import assert from 'node:assert/strict';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import * as fs from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { planChunks } from '../../shared/src/ingest/plan/planChunks';
import {
  assertSameCounts,
  cancelAfter,
  chatEvent,
  checkpointOf,
  checksum,
  countRows,
  ingest,
  ingestInProcess,
  ingestWorkspace,
  loadRejectsPath,
  rejectsOf,
  rowsOf,
  validIdsOf,
} from '../support/ingestFixtures';
import { localMariadb, sql } from '../support/mariadb';
import { REPO_ROOT } from '../support/run';

const { dir, database, writeLog, writeGeneratedLog } = ingestWorkspace();

describe('loadline ingest against the local MariaDB', () => {
  it('applies every mapping rule and accounts for every line', () => {
    const db = database();
    const lines = [
      chatEvent('m1'),
      chatEvent('s1', { type: 'status', from: 'operator3', site_id: 2, timestamp: '1554000060', data: { status: 'online' } }),
      '',
      chatEvent('t1', { type: 'typing' }),
      '{"id": "broken",',
      chatEvent('x1', { from: undefined }),
      chatEvent('x2', { site_id: ['7'] }),
      chatEvent('x3', { timestamp: 'soon' }),
      chatEvent('x4', { id: 42 }),
      chatEvent('long', { data: { message: 'x'.repeat(301) } }),
      '   ',
      chatEvent('m2', { data: {} }),
    ];
    const file = writeLog('rules.jsonl', lines.join('\n') + '\n');
    const result = ingest(file, db.url);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      { ...result.report, seconds: 0, rowsPerSecond: 0 },
      { ...result.report, seconds: 0, rowsPerSecond: 0, lines: 12, inserted: 3, duplicates: 0, rejected: 7, blank: 2, balanced: true },
    );
    assert.deepEqual(rowsOf(db.name), [
      ['m1', 'visitor1', 'message', '7', 'text of m1', '1554000000'],
      ['m2', 'visitor1', 'message', '7', '', '1554000000'],
      ['s1', 'operator3', 'status', '2', 'online', '1554000060'],
    ]);
    assert.equal(sql("SET time_zone = '+00:00'; SELECT `timestamp` FROM chat_messages WHERE id = 'm1'", db.name).trim(), '2019-03-31 02:40:00');

    const rejects = rejectsOf(loadRejectsPath(file));
    assert.deepEqual(
      rejects.map((r) => [r.line, r.code]),
      [
        [4, 'unsupported-event'],
        [5, 'invalid-json'],
        [6, 'required'],
        [7, 'value-error'],
        [8, 'value-error'],
        [9, 'value-error'],
        [10, 'value-error'],
      ],
    );
    assert.match(rejects[0].reason, /unsupported type "typing"/);
    assert.match(rejects[1].reason, /^invalid JSON/);
    assert.equal(rejects[2].reason, 'missing required field from');
    assert.match(rejects[3].reason, /wrong type for site_id/);
    assert.match(rejects[4].reason, /wrong type for timestamp/);
    assert.match(rejects[5].reason, /wrong type for id/);
    assert.equal(rejects[6].reason, 'data.message is 301 characters, more than data holds (255)');
    assert.equal(rejects[1].text, '{"id": "broken",');
    assert.equal(sql("SELECT COUNT(*) FROM chat_messages WHERE id = 'long'", db.name).trim(), '0', 'never truncated into the table');
  });

  it('skips duplicates inside the file (the first wins) and those already in the table', () => {
    const db = database();
    const file = writeLog('dups.jsonl', [chatEvent('a'), chatEvent('b'), chatEvent('a', { data: { message: 'second a' } }), chatEvent('c')].join('\n') + '\n');
    const first = ingest(file, db.url, ['--workers', '1']);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual([first.report!.inserted, first.report!.duplicates], [3, 1]);
    assert.equal(sql("SELECT data FROM chat_messages WHERE id = 'a'", db.name).trim(), 'text of a');

    const second = ingest(file, db.url);
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual([second.report!.lines, second.report!.inserted, second.report!.duplicates], [4, 0, 4]);
    assert.equal(countRows(db.name), 3);
  });

  it('reads CRLF, a BOM, a last line without a line break, unicode, emoji and a 1 MB line', () => {
    const db = database();
    const big = chatEvent('big', { padding: 'p'.repeat(1 << 20) });
    const emoji = '😀'.repeat(255);
    const content =
      '\ufeff' +
      [
        chatEvent('crlf'),
        chatEvent('uni', { from: 'Zoë Ångström', data: { message: 'naïve café — 日本語' } }),
        chatEvent('emoji', { data: { message: emoji } }),
        big,
        chatEvent('last'),
      ].join('\r\n');
    const file = writeLog('dialects.jsonl', content);
    const result = ingest(file, db.url, ['--range-bytes', '4096']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual([result.report!.lines, result.report!.inserted, result.report!.rejected], [5, 5, 0]);
    assert.deepEqual(
      rowsOf(db.name, 'id, `from`, data').map((r) => r[0]),
      ['big', 'crlf', 'emoji', 'last', 'uni'],
    );
    assert.equal(sql("SELECT `from`, data FROM chat_messages WHERE id = 'uni'", db.name).trim(), 'Zoë Ångström\tnaïve café — 日本語');
    assert.equal(sql("SELECT data FROM chat_messages WHERE id = 'emoji'", db.name).trim(), emoji);
  });

  it('lets the first of two different lines with one id win even when they fall in different ranges', () => {
    const db = database();
    const rangeBytes = 4 << 20;
    // Range 0: thousands of rows that end with X; range 1: X again with other content, then one huge line,
    // so range 1 parses and loads far sooner than range 0.
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < rangeBytes - 4096; i++) {
      const line = chatEvent(`r0-${i}`);
      lines.push(line);
      size += line.length + 1;
    }
    const first = chatEvent('X', { data: { message: 'first' }, padding: 'p'.repeat(rangeBytes - size + 100) });
    const later = chatEvent('X', { data: { message: 'later' } });
    const file = writeLog('cross-range.jsonl', [...lines, first, later, chatEvent('big', { padding: 'q'.repeat(3 << 20) })].join('\n') + '\n');
    const result = ingest(file, db.url, ['--workers', '2', '--range-bytes', String(rangeBytes)]);
    assert.equal(result.status, 0, result.stderr);
    const fd = fs.openSync(file, 'r');
    const ranges = planChunks(fd, fs.statSync(file).size, rangeBytes);
    fs.closeSync(fd);
    assert.equal(ranges.length, 2);
    assert.equal(ranges[1].start, Buffer.byteLength([...lines, first].join('\n') + '\n'), 'the two X lines sit in different ranges');
    assert.deepEqual([result.report!.inserted, result.report!.duplicates], [lines.length + 2, 1]);
    assert.equal(sql("SELECT data FROM chat_messages WHERE id = 'X'", db.name).trim(), 'first');
  });

  it('gives identical tables with --workers 1 and --workers 4', () => {
    const one = database();
    const four = database();
    const file = writeGeneratedLog('workers.jsonl', 20000, 11, 0.01);
    const a = ingest(file, one.url, ['--workers', '1', '--range-bytes', '65536']);
    const b = ingest(file, four.url, ['--workers', '4', '--range-bytes', '65536']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(b.report!.workers, 4);
    assertSameCounts(b.report!, a.report!);
    assert.equal(countRows(four.name), a.report!.inserted);
    assert.equal(checksum(four.name), checksum(one.name));
  });

  it('loads the same rows with --method insert as with LOAD DATA', () => {
    const infile = database();
    const insert = database();
    const file = writeGeneratedLog('methods.jsonl', 5000, 5, 0.02);
    const a = ingest(file, infile.url, ['--method', 'infile']);
    const b = ingest(file, insert.url, ['--method', 'insert', '--range-bytes', '65536']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(b.report!.method, 'insert');
    assert.deepEqual([b.report!.inserted, b.report!.duplicates, b.report!.rejected], [a.report!.inserted, a.report!.duplicates, a.report!.rejected]);
    assert.equal(checksum(insert.name), checksum(infile.name));
  });

  it('cancels through an AbortSignal, then --resume loads the rest with nothing lost or doubled', async () => {
    const db = database();
    const file = writeGeneratedLog('cancel.jsonl', 60000, 21, 0.01);
    const first = await ingestInProcess(file, db.url, { rangeBytes: 256 << 10, ...cancelAfter(2) });
    assert.equal(first.cancelled, true);
    assert.ok(first.inserted > 0 && first.lines < 60000, `partly loaded: ${first.lines} lines`);
    assert.equal(first.balanced, true);
    assert.equal(countRows(db.name), first.inserted, 'only committed ranges are in the table');
    assert.ok(fs.existsSync(checkpointOf(file, db.url)));

    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const expected = ingest(file, database().url);
    assertSameCounts(resumed.report!, expected.report!);
    assert.equal(countRows(db.name), expected.report!.inserted);
    assert.equal(rejectsOf(resumed.report!.rejectsFile as string).length, expected.report!.rejected);
    assert.ok(!fs.existsSync(checkpointOf(file, db.url)), 'a finished run removes its checkpoint');
  });

  it('--resume rewrites rejects that a crash kept from the rejects file, each exactly once', async () => {
    const db = database();
    const file = writeGeneratedLog('repair.jsonl', 40000, 55, 0.02);
    const fresh = writeLog('repair-fresh.jsonl', fs.readFileSync(file));
    const expected = ingest(fresh, database().url);
    const first = await ingestInProcess(file, db.url, { rangeBytes: 256 << 10, ...cancelAfter(3) });
    assert.equal(first.cancelled, true);
    assert.ok(first.rejected > 0);
    // As if the process died after its ranges committed but before their rejects reached the file.
    const checkpointFile = checkpointOf(file, db.url);
    const checkpoint = JSON.parse(fs.readFileSync(checkpointFile, 'utf8'));
    fs.writeFileSync(checkpointFile, JSON.stringify({ ...checkpoint, rejectsPrefix: 0, rejectsBytes: 0 }));
    fs.rmSync(loadRejectsPath(file), { force: true });

    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(resumed.report!.rejected, expected.report!.rejected);
    assert.equal(fs.readFileSync(loadRejectsPath(file), 'utf8'), fs.readFileSync(loadRejectsPath(fresh), 'utf8'));
  });

  it('retries a range whose connection is killed mid-load, and still counts every line exactly once', async () => {
    const db = database();
    const file = writeGeneratedLog('retry.jsonl', 100000, 44, 0.01);
    const { host, port, user, password } = localMariadb();
    const admin = await createConnection({ host, port, user, password });
    const loads = new Map<number, number>();
    let kill: Promise<unknown> | undefined;
    try {
      // The engine says which server connection starts each range's transaction: kill the second range's, once.
      const report = await ingestInProcess(file, db.url, {
        rangeBytes: 2 << 20,
        workers: 2,
        onRangeLoading: (range, connectionId) => {
          loads.set(range, (loads.get(range) ?? 0) + 1);
          if (range === 1 && !kill) kill = admin.query(`KILL CONNECTION ${connectionId}`);
        },
      });
      await kill;
      assert.ok(
        [...loads.values()].some((n) => n >= 2),
        `a range was loaded again on a new connection: ${JSON.stringify([...loads])}`,
      );
      const expected = ingest(file, database().url);
      assertSameCounts(report, expected.report!);
      assert.equal(countRows(db.name), expected.report!.inserted);
    } finally {
      await admin.end();
    }
  });

  it('after SIGKILL mid-run, --resume gives exactly the right rows and counts', async () => {
    const db = database();
    const file = writeGeneratedLog('kill.jsonl', 150000, 33, 0.01);
    // A child process runs the engine and reports progress over IPC; it is killed once 3 ranges have committed.
    const child = fork(path.join(__dirname, '..', 'support', 'ingestChild.js'), [file, db.url, '262144'], {
      env: { ...process.env, MYSQL_PWD: localMariadb().password },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const killedAt = await new Promise<{ rangesDone: number; rangesTotal: number }>((resolve, reject) => {
      child.on('message', (message: { type: string; rangesDone: number; rangesTotal: number; message?: string }) => {
        if (message.type === 'progress' && message.rangesDone >= 3) {
          child.kill('SIGKILL');
          resolve(message);
        } else if (message.type !== 'progress') reject(new Error(`the load ended before the kill: ${JSON.stringify(message)}`));
      });
    });
    await exited;
    const checkpoint = JSON.parse(fs.readFileSync(checkpointOf(file, db.url), 'utf8'));
    const committedAtKill = Object.keys(checkpoint.committed).length;
    assert.ok(
      committedAtKill >= 3 && committedAtKill < checkpoint.ranges.length,
      `killed mid-run (${committedAtKill} of ${killedAt.rangesTotal} ranges committed)`,
    );

    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(Number(resumed.report!.resumedRanges) >= 3);
    const { ids, valid } = validIdsOf(file);
    assert.equal(countRows(db.name), ids);
    assert.equal(resumed.report!.inserted, ids);
    assert.equal(resumed.report!.duplicates, valid - ids);
    assert.equal(resumed.report!.lines, 150000);
    assert.equal(resumed.report!.balanced, true);
    assert.equal(rejectsOf(loadRejectsPath(file)).length, resumed.report!.rejected, 'rejects neither lost nor doubled');
  });
});

describe('loadline ingest errors: one clear line, no stack trace', () => {
  const file = writeLog('one.jsonl', chatEvent('only') + '\n');
  const oneLine = (stderr: string) => {
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /\s+at .+:\d+:\d+/);
  };

  it('a wrong password', () => {
    const result = ingest(file, localMariadb().url, [], 'not-the-password');
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^loadline: MySQL at 127\.0\.0\.1:\d+ refused user 'loadline': wrong password or no such user\. Set the right password in MYSQL_PWD/,
    );
    oneLine(result.stderr);
    assert.ok(!result.stderr.includes('not-the-password') && !result.stdout.includes('not-the-password'), 'the password is never printed');
  });

  it('a stopped server (a second throwaway MariaDB, started and then shut down)', () => {
    const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-stopped-db-'));
    const script = path.join(REPO_ROOT, 'scripts', 'mariadb.sh');
    const env = { ...process.env, LOADLINE_DB_DIR: dbDir };
    try {
      const url = execFileSync('bash', [script, 'start'], { env, encoding: 'utf8' }).trim();
      const password = fs.readFileSync(path.join(dbDir, 'password'), 'utf8').trim();
      assert.equal(ingest(file, url, [], password).status, 0, 'it worked while running');
      execFileSync('bash', [script, 'stop'], { env });
      const result = ingest(file, url, [], password);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^loadline: cannot connect to MySQL at 127\.0\.0\.1:\d+: connection refused\. Is the server running\?/);
      oneLine(result.stderr);
    } finally {
      spawnSync('bash', [script, 'stop'], { env });
      fs.rmSync(dbDir, { recursive: true, force: true });
    }
  });

  it('a server that is not running (nothing listens on the port)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    const result = ingest(file, `mysql://loadline@127.0.0.1:${port}/x`);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`^loadline: cannot connect to MySQL at 127\\.0\\.0\\.1:${port}: connection refused\\. Is the server running\\?`));
    oneLine(result.stderr);
  });

  it('local_infile disabled: --method infile names the fix, auto falls back to INSERT', () => {
    const db = database();
    sql('SET GLOBAL local_infile = 0');
    try {
      const strict = ingest(file, db.url, ['--method', 'infile']);
      assert.equal(strict.status, 1);
      assert.match(strict.stderr, /local_infile is disabled on MySQL at .*SET GLOBAL local_infile = ON/);
      oneLine(strict.stderr);
      const auto = ingest(file, db.url);
      assert.equal(auto.status, 0, auto.stderr);
      assert.equal(auto.report!.method, 'insert');
      assert.match(auto.stderr, /local_infile is OFF .* multi-row INSERT/);
      assert.equal(countRows(db.name), 1);
    } finally {
      sql('SET GLOBAL local_infile = 1');
    }
  });

  it('a small max_allowed_packet: both write paths send smaller batches and load every row', () => {
    const small = writeGeneratedLog('small-packet.jsonl', 5000, 12, 0.01);
    const reference = ingest(small, database().url);
    assert.equal(reference.status, 0, reference.stderr);
    assert.equal(reference.report!.engine, 'mariadb');
    sql('SET GLOBAL max_allowed_packet = 16384');
    try {
      for (const method of ['infile', 'insert']) {
        const db = database();
        const result = ingest(small, db.url, ['--method', method]);
        assert.equal(result.status, 0, result.stderr);
        assertSameCounts(result.report!, reference.report!);
        assert.equal(countRows(db.name), reference.report!.inserted, method);
      }
    } finally {
      sql('SET GLOBAL max_allowed_packet = 67108864');
    }
  });

  const usage: { name: string; file: string; url?: string; args?: string[]; pattern: RegExp }[] = [
    { name: 'a missing file', file: path.join(dir, 'nope.jsonl'), pattern: /^loadline: cannot read .*nope\.jsonl: no such file$/ },
    { name: 'a password in the URL', file, url: 'mysql://u:secret@127.0.0.1/x', pattern: /^loadline: put the password in MYSQL_PWD/ },
    { name: 'a URL that is not MySQL', file, url: 'http://example.invalid/x', pattern: /^loadline: not a MySQL URL/ },
    { name: '--workers 0', file, args: ['--workers', '0'], pattern: /^loadline: option '--workers <n>' argument '0' is invalid/ },
  ];
  for (const { name, file: input, url, args, pattern } of usage) {
    it(`exits 2 for ${name}`, () => {
      const result = ingest(input, url ?? localMariadb().url, args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr.trim(), pattern);
      oneLine(result.stderr);
    });
  }
});

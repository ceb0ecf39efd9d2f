// The ingest fault suite (issue 12): each case ends with exact counts, or with one clear line and exit 1,
// and no input is ever lost.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lockOutput } from '../../shared/src/ingest/journal/outputLock';
import {
  assertSameCounts,
  chatEvent,
  checkpointOf,
  countRows,
  databaseExists,
  ingest,
  ingestAsync,
  ingestInProcess,
  ingestWorkspace,
  loadRejectsPath,
  rejectsOf,
  rowsOf,
} from '../support/ingestFixtures';
import { localMariadb, rootSql, sql } from '../support/mariadb';
import { CLI, REPO_ROOT } from '../support/run';

const { dir, database, writeLog, writeGeneratedLog } = ingestWorkspace();
const MARIADB = path.join(REPO_ROOT, 'scripts', 'mariadb.sh');
const serverPid = () => Number(fs.readFileSync(path.join(path.dirname(localMariadb().passwordFile), 'mysqld.pid'), 'utf8').trim());
const oneLine = (stderr: string) => {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /\s+at .+:\d+:\d+/, 'no stack trace');
};
const sha = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];

describe('ingest faults: the user files', () => {
  it('refuses an output path equal to the input, or to the other output, and leaves the input alone', () => {
    const db = database();
    const file = writeGeneratedLog('same.jsonl', 200, 1, 0.1);
    const before = sha(file);
    for (const args of [
      ['--rejects', file],
      ['--checkpoint', file],
      ['--rejects', path.join(dir, 'x.json'), '--checkpoint', path.join(dir, 'x.json')],
    ]) {
      const result = ingest(file, db.url, args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^loadline: the (rejects|checkpoint) file .* is the (input file|checkpoint file): choose another --(rejects|checkpoint)\n$/);
      oneLine(result.stderr);
    }
    assert.equal(sha(file), before, 'the input is intact');
    assert.equal(databaseExists(db.name), false, 'refused before connecting');
  });

  it('refuses --table a.b and an empty --table', () => {
    const file = writeLog('t.jsonl', chatEvent('a') + '\n');
    for (const table of ['other.chat', '']) {
      const result = ingest(file, database().url, ['--table', table]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^loadline: option '--table <name>' argument '.*' is invalid\. expected a table name/);
    }
  });

  it('a second run on the same files is refused while the first holds them, in one line', () => {
    const db = database();
    const file = writeGeneratedLog('locked.jsonl', 500, 2);
    return lockOutput(checkpointOf(file, db.url), 'checkpoint', () => undefined).then(async (release) => {
      try {
        const second = await ingestAsync(file, db.url);
        assert.equal(second.status, 1);
        assert.match(
          second.stderr,
          /^loadline: another loadline ingest is writing the checkpoint file .*locked\.jsonl\.chat_messages\.[0-9a-f]{8}\.loadline-checkpoint\.json: wait for it to finish/,
        );
        oneLine(second.stderr);
        assert.equal(databaseExists(db.name), false, 'refused before connecting');
      } finally {
        await release();
      }
    });
  });

  it('two runs started together on one file: each ends cleanly and the rejects file is never doubled or cut', async () => {
    const db = database();
    const file = writeGeneratedLog('together.jsonl', 60000, 3, 0.01);
    const expected = ingest(writeLog('together-alone.jsonl', fs.readFileSync(file)), database().url);
    const results = await Promise.all([ingestAsync(file, db.url), ingestAsync(file, db.url)]);
    // The later run is refused while the first holds the files, or, once the first has finished, by its rejects file.
    for (const { status, stderr } of results) {
      const refused =
        (status === 1 && /another loadline ingest is writing/.test(stderr)) || (status === 2 && /holds the rejects of an earlier run/.test(stderr));
      assert.ok(status === 0 || refused, `exit ${status}: ${stderr}`);
      assert.doesNotMatch(stderr, /\s+at .+:\d+:\d+/);
    }
    assert.ok(results.some((r) => r.status === 0));
    assert.equal(countRows(db.name), expected.report!.inserted);
    assert.equal(rejectsOf(loadRejectsPath(file)).length, expected.report!.rejected);
  });

  it('an unwritable rejects path: one line, exit 1, refused before loading, and a run with a corrected --rejects is exact', () => {
    const db = database();
    const file = writeGeneratedLog('unwritable.jsonl', 20000, 4, 0.05);
    const expected = ingest(writeLog('unwritable-alone.jsonl', fs.readFileSync(file)), database().url);
    const notAFolder = writeLog('not-a-folder', 'x');
    const failed = ingest(file, db.url, ['--rejects', path.join(notAFolder, 'rejects.jsonl')]);
    assert.equal(failed.status, 1, failed.stderr);
    assert.match(failed.stderr, /^loadline: cannot (write|lock) the rejects file .*not-a-folder\/rejects\.jsonl.*(ENOTDIR|choose another --rejects)/);
    oneLine(failed.stderr);
    assert.equal(databaseExists(db.name), false, 'the rejects file is locked before anything is loaded');
    const resumed = ingest(file, db.url, ['--rejects', path.join(dir, 'unwritable-fixed.jsonl')]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assertSameCounts(resumed.report!, expected.report!);
    assert.equal(rejectsOf(path.join(dir, 'unwritable-fixed.jsonl')).length, expected.report!.rejected);
  });

  it('a full disk for the rejects (a 64 KiB tmpfs): one line, exit 1, then --resume elsewhere is exact', (t) => {
    const mount = path.join(dir, 'tiny');
    fs.mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (error) {
      t.skip(`SKIPPED: cannot mount a tmpfs here (${String(error).split('\n')[0]})`);
      return;
    }
    try {
      const db = database();
      const file = writeGeneratedLog('full.jsonl', 30000, 5, 0.2);
      const expected = ingest(writeLog('full-alone.jsonl', fs.readFileSync(file)), database().url);
      const failed = ingest(file, db.url, ['--rejects', path.join(mount, 'rejects.jsonl')]);
      assert.equal(failed.status, 1, failed.stderr);
      assert.match(
        failed.stderr,
        /^loadline: cannot write the rejects file .*: the disk is full\. Free some space, or choose another --rejects or --checkpoint\. Committed ranges are kept; continue with: loadline ingest /,
      );
      oneLine(failed.stderr);
      const resumed = ingest(file, db.url, ['--resume', '--rejects', path.join(dir, 'full-fixed.jsonl')]);
      assert.equal(resumed.status, 0, resumed.stderr);
      assertSameCounts(resumed.report!, expected.report!);
      assert.deepEqual(rejectsOf(path.join(dir, 'full-fixed.jsonl')), rejectsOf(loadRejectsPath(path.join(dir, 'full-alone.jsonl'))));
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('a rejects file shortened before --resume is rewritten, never padded with NUL bytes', async () => {
    const db = database();
    const file = writeGeneratedLog('shortened.jsonl', 40000, 6, 0.02);
    const expected = ingest(writeLog('shortened-alone.jsonl', fs.readFileSync(file)), database().url);
    const controller = new AbortController();
    await ingestInProcess(file, db.url, { rangeBytes: 256 << 10, signal: controller.signal, onProgress: (p) => p.rangesDone >= 4 && controller.abort() });
    const rejects = loadRejectsPath(file);
    fs.truncateSync(rejects, Math.floor(fs.statSync(rejects).size / 2));
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(!fs.readFileSync(rejects).includes(0), 'no NUL bytes');
    assert.equal(fs.readFileSync(rejects, 'utf8'), fs.readFileSync(loadRejectsPath(path.join(dir, 'shortened-alone.jsonl')), 'utf8'));
    assertSameCounts(resumed.report!, expected.report!);
  });

  it('an input appended to during the load: the run fails in one line instead of passing mixed counts', async () => {
    const db = database();
    const file = writeGeneratedLog('growing.jsonl', 40000, 7);
    let appended = false;
    await assert.rejects(
      ingestInProcess(file, db.url, {
        rangeBytes: 256 << 10,
        onProgress: () => {
          if (appended) return;
          appended = true;
          fs.appendFileSync(file, chatEvent('late') + '\n');
        },
      }),
      /growing\.jsonl changed while it was loading/,
    );
  });
});

describe('ingest faults: a huge line', () => {
  it('a 60 MB line is rejected unread, with the next lines loaded, in under 200 MB of memory', () => {
    const db = database();
    const file = writeLog(
      'huge-line.jsonl',
      [chatEvent('before'), chatEvent('huge', { data: { message: 'x'.repeat(60 << 20) } }), chatEvent('after')].join('\n') + '\n',
    );
    const result = spawnSync(
      process.execPath,
      ['--require', path.join(REPO_ROOT, 'out', 'test', 'bench', 'reportRss.js'), CLI, 'ingest', file, '--mysql', db.url, '--json'],
      {
        // The limit is the product's: coverage keeps the bundle's source map in memory (tens of MB), and that
        // process's coverage is of dist/, which the report leaves out. child_process would copy it if left unnamed.
        env: { ...process.env, MYSQL_PWD: localMariadb().password, NODE_V8_COVERAGE: '' },
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { inserted: number; rejected: number };
    assert.deepEqual([report.inserted, report.rejected], [2, 1]);
    assert.match(rejectsOf(loadRejectsPath(file))[0].reason, /^the line is 60\.0 MiB, more than the 16\.0 MiB a line may have/);
    const rss = Number(/LOADLINE_RSS_MB=([\d.]+)/.exec(result.stderr)![1]);
    assert.ok(rss < 200, `peak RSS ${rss} MB`);
  });
});

describe('ingest faults: the target table', () => {
  it('a user without DELETE: a complete load exits 0 and says its ledger rows were kept', () => {
    const db = database();
    const user = `nodelete_${db.name}`;
    const password = 'a-test-password';
    rootSql(
      `CREATE DATABASE ${db.name}; CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'; ` +
        `GRANT SELECT, INSERT, CREATE, INDEX, FILE ON *.* TO '${user}'@'127.0.0.1'; GRANT SELECT, INSERT, CREATE, INDEX ON ${db.name}.* TO '${user}'@'127.0.0.1'`,
    );
    try {
      const file = writeLog('nodelete.jsonl', [chatEvent('a'), chatEvent('b'), chatEvent('a')].join('\n') + '\n');
      const result = ingest(file, db.url.replace('//loadline@', `//${user}@`), [], password);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual([result.report!.inserted, result.report!.duplicates], [2, 1]);
      assert.match(
        result.stderr,
        /^loadline: the load is complete, but its rows in loadline_ingest_ledger \(run [0-9a-f-]+\) could not be deleted: .*DELETE command denied/m,
      );
      assert.equal(fs.existsSync(checkpointOf(file, db.url.replace('//loadline@', `//${user}@`))), false, 'the checkpoint is gone: nothing to resume');
    } finally {
      rootSql(`DROP USER '${user}'@'127.0.0.1'`);
    }
  });

  it('an existing table without a primary or unique key on the key column is refused before loading', () => {
    const db = database();
    sql(
      `CREATE DATABASE ${db.name}; CREATE TABLE ${db.name}.chat_messages (id VARCHAR(255), \`from\` VARCHAR(255), type VARCHAR(50), site_id VARCHAR(50), data VARCHAR(255), \`timestamp\` TIMESTAMP)`,
    );
    const result = ingest(writeLog('nokey.jsonl', [chatEvent('a'), chatEvent('a')].join('\n') + '\n'), db.url);
    assert.equal(result.status, 1);
    // One line says what, one line per mismatch, one line the fix; no stack trace.
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `loadline: the table ${db.name}.chat_messages cannot take this load, so nothing was loaded:`,
      `  (id) is not a primary or unique key of ${db.name}.chat_messages, so duplicates could not be detected`,
      'Change the table or the mapping in .loadline.json, or load into a new --table.',
    ]);
    assert.equal(countRows(db.name), 0);
  });

  for (const method of ['infile', 'insert']) {
    it(`a narrower existing table (${method}): its width is the limit, so a longer value is rejected, never truncated`, () => {
      const db = database();
      sql(
        `CREATE DATABASE ${db.name}; CREATE TABLE ${db.name}.chat_messages (id VARCHAR(255) PRIMARY KEY, \`from\` VARCHAR(255), type VARCHAR(50), site_id VARCHAR(50), data VARCHAR(10), \`timestamp\` TIMESTAMP)`,
      );
      const file = writeLog(
        `narrow-${method}.jsonl`,
        [chatEvent('short', { data: { message: 'fits' } }), chatEvent('long', { data: { message: 'far too long for ten' } })].join('\n') + '\n',
      );
      const result = ingest(file, db.url, ['--method', method]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(rowsOf(db.name, 'id, data'), [['short', 'fits']]);
      assert.deepEqual(
        rejectsOf(loadRejectsPath(file)).map((r) => [r.line, r.reason]),
        [[2, 'data.message is 20 characters, more than data holds (10)']],
      );
    });
  }

  it("first one wins under a PAD SPACE key collation: 'abc ' and 'abc' are one key, in one range or two", async () => {
    for (const rangeBytes of [1 << 20, 300]) {
      const db = database();
      const lines = [
        chatEvent('abc ', { data: { message: 'first' } }),
        ...Array.from({ length: 6 }, (_, i) => chatEvent(`pad${i}`)),
        chatEvent('abc', { data: { message: 'second' } }),
      ];
      const report = await ingestInProcess(writeLog(`pad-${rangeBytes}.jsonl`, lines.join('\n') + '\n'), db.url, { rangeBytes, workers: 2 });
      assert.equal(report.duplicates, 1);
      assert.deepEqual(
        rowsOf(db.name, 'data').filter(([d]) => d === 'first' || d === 'second'),
        [['first']],
        `range bytes ${rangeBytes}`,
      );
    }
  });

  it('first one wins under a case-insensitive key collation of an existing table', async () => {
    const db = database();
    sql(
      `CREATE DATABASE ${db.name}; CREATE TABLE ${db.name}.chat_messages (id VARCHAR(255) COLLATE utf8mb4_general_ci PRIMARY KEY, \`from\` VARCHAR(255), type VARCHAR(50), site_id VARCHAR(50), data VARCHAR(255), \`timestamp\` TIMESTAMP) DEFAULT CHARSET=utf8mb4`,
    );
    const lines = [chatEvent('ABC', { data: { message: 'first' } }), chatEvent('x'), chatEvent('abc', { data: { message: 'second' } })];
    for (const rangeBytes of [1 << 20, 200]) {
      sql(`DELETE FROM ${db.name}.chat_messages`);
      const report = await ingestInProcess(writeLog(`ci-${rangeBytes}.jsonl`, lines.join('\n') + '\n'), db.url, { rangeBytes, workers: 2 });
      assert.equal(report.duplicates, 1);
      assert.deepEqual(
        rowsOf(db.name, 'data').filter(([d]) => d !== 'text of x'),
        [['first']],
      );
    }
  });
});

describe('ingest faults: the server', () => {
  it('frozen with SIGSTOP for 20 s, then thawed: statements time out and retry, and the counts are exact', async () => {
    const db = database();
    const file = writeGeneratedLog('frozen.jsonl', 30000, 8, 0.01);
    const expected = ingest(writeLog('frozen-alone.jsonl', fs.readFileSync(file)), database().url);
    const pid = serverPid();
    let frozen: Promise<void> | undefined;
    const report = await ingestInProcess(file, db.url, {
      rangeBytes: 512 << 10,
      statementTimeoutMs: 3000,
      onRangeLoading: () => {
        // The fault lasts 20 s by design: this timer is the fault, not a wait for a result.
        frozen ??= new Promise((resolve) => {
          process.kill(pid, 'SIGSTOP');
          setTimeout(() => (process.kill(pid, 'SIGCONT'), resolve()), 20000);
        });
      },
    }).finally(() => frozen);
    assertSameCounts(report, expected.report!);
    assert.equal(countRows(db.name), expected.report!.inserted);
  });

  it('frozen, and cancelled: the run ends at once instead of waiting for the server', async () => {
    const db = database();
    const file = writeGeneratedLog('frozen-cancel.jsonl', 30000, 9);
    const pid = serverPid();
    const controller = new AbortController();
    let thaw: (() => void) | undefined;
    const started = Date.now();
    try {
      const report = await ingestInProcess(file, db.url, {
        rangeBytes: 512 << 10,
        signal: controller.signal,
        onRangeLoading: () => {
          if (thaw) return;
          process.kill(pid, 'SIGSTOP');
          thaw = () => process.kill(pid, 'SIGCONT');
          setImmediate(() => controller.abort());
        },
      });
      assert.equal(report.cancelled, true);
      assert.ok(Date.now() - started < 10000, 'a bound, not a benchmark: waiting for the 60 s statement timeout would be a hang');
    } finally {
      thaw?.();
    }
  });

  it('restarted mid-load: the run finishes without --resume, exit 0, exact counts', async () => {
    const db = database();
    const file = writeGeneratedLog('restart.jsonl', 60000, 10, 0.01);
    const expected = ingest(writeLog('restart-alone.jsonl', fs.readFileSync(file)), database().url);
    let restarted: Promise<void> | undefined;
    const child = spawn(process.execPath, [CLI, 'ingest', file, '--mysql', db.url, '--json', '--range-bytes', '262144'], {
      env: { ...process.env, MYSQL_PWD: localMariadb().password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Restart as soon as the first range has committed (the checkpoint then names it).
    const checkpoint = checkpointOf(file, db.url);
    const watcher = fs.watch(dir, () => {
      if (restarted) return;
      try {
        if (Object.keys((JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { committed: object }).committed).length === 0) return;
      } catch {
        return;
      }
      restarted = new Promise((resolve) => {
        execFileSync('bash', [MARIADB, 'stop']);
        execFileSync('bash', [MARIADB, 'start']);
        resolve();
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    watcher.close();
    await restarted;
    assert.ok(restarted, 'the server was restarted mid-load');
    assert.equal(code, 0, stderr);
    assertSameCounts(JSON.parse(stdout), expected.report!);
    assert.equal(countRows(db.name), expected.report!.inserted);
  });
});

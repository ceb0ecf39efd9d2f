// Hostile probe of issue 21 (h32): --resume trusts neither a log rewritten with its size and mtime put back, nor a
// file put at the rejects path since the killed run (a hard link to a victim, a foreign file of the same size).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { chatEvent, checkpointOf, ingest, ingestWorkspace, killIngestAfter, loadRejectsPath } from '../support/ingestFixtures';

const { dir, database, writeLog } = ingestWorkspace();
const RANGE_BYTES = 64 << 10;

/** Many ranges, each with a broken line, so that the rejects file exists once the first range commits. */
const logLines = () => Array.from({ length: 20000 }, (_, i) => (i % 500 === 7 ? '{"broken' : chatEvent(`m${String(i).padStart(6, '0')}`))).join('\n') + '\n';

const killAfter = (file: string, url: string, ranges: number) => killIngestAfter(file, url, ranges, { rangeBytes: RANGE_BYTES });

async function killedLoad(name: string) {
  const db = database();
  const file = writeLog(name, logLines());
  await killAfter(file, db.url, 2);
  assert.ok(fs.existsSync(checkpointOf(file, db.url)), 'killed mid-run: the checkpoint is there');
  return { db, file, rejects: loadRejectsPath(file) };
}

const resume = (file: string, url: string) => ingest(file, url, ['--resume', '--workers', '1', '--range-bytes', String(RANGE_BYTES)]);

describe('--resume after a kill', () => {
  it('refuses a log rewritten in place with its size and mtime put back (exit 1)', async () => {
    const { db, file } = await killedLoad('rewritten.jsonl');
    const reference = path.join(dir, 'rewritten.times');
    fs.writeFileSync(reference, '');
    execFileSync('touch', ['-r', file, reference]);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('m019990', 'Z019990'));
    execFileSync('touch', ['-r', reference, file]);
    const result = resume(file, db.url);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /rewritten\.jsonl changed since its checkpoint/);
  });

  it('refuses a log replaced by a copy of the same size and mtime (another inode)', async () => {
    const { db, file } = await killedLoad('replaced.jsonl');
    const copy = `${file}.copy`;
    fs.copyFileSync(file, copy);
    execFileSync('touch', ['-r', file, copy]);
    fs.renameSync(copy, file);
    const result = resume(file, db.url);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /replaced\.jsonl changed since its checkpoint/);
  });

  it('refuses, and leaves alone, a hard link to another file put at the rejects path (exit 2)', async () => {
    const { db, file, rejects } = await killedLoad('hardlink.jsonl');
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'VICTIM DATA\n', { mode: 0o644 });
    fs.chmodSync(victim, 0o644);
    fs.rmSync(rejects);
    fs.linkSync(victim, rejects);
    const result = resume(file, db.url);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /is not the rejects file/);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'VICTIM DATA\n');
    assert.equal(fs.statSync(victim).mode & 0o777, 0o644);
  });

  it('refuses, and leaves alone, a foreign file of the same size at the rejects path (exit 2)', async () => {
    const { db, file, rejects } = await killedLoad('foreign.jsonl');
    const foreign = 'A'.repeat(fs.statSync(rejects).size);
    fs.rmSync(rejects);
    fs.writeFileSync(rejects, foreign, { mode: 0o644 });
    fs.chmodSync(rejects, 0o644);
    const result = resume(file, db.url);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(fs.readFileSync(rejects, 'utf8'), foreign);
    assert.equal(fs.statSync(rejects).mode & 0o777, 0o644);
  });
});

// The journal room's pieces (shared/src/ingest/journal/) without MariaDB: the ordered rejects-and-checkpoint
// journal, checkpoint checks, the default checkpoint path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Checkpoint, checkResumable, defaultCheckpointPath, mappingFingerprint, RunIdentity } from '../../shared/src/ingest/journal/checkpoint';
import { InputKind, LOG_INPUT } from '../../shared/src/ingest/source/inputKind';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { Reject } from '../../shared/src/ingest/reject';
import { LineCounts } from '../../shared/src/ingest/report';
import { JournalIo } from '../../shared/src/ingest/journal/journalIo';
import { moveAside } from '../../shared/src/ingest/journal/moveAside';
import { RunJournal } from '../../shared/src/ingest/journal/runJournal';
import { parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';

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
  identityAt(file: string): string | undefined {
    return this.files.has(file) ? `1:${file}` : undefined;
  }
  identify(file: string): string {
    this.files.set(file, this.files.get(file) ?? '');
    return `1:${file}`;
  }
  saveCheckpoint(checkpoint: Checkpoint): void {
    this.saved.push(structuredClone(checkpoint));
  }
}

const counts = (lines: number, rejected: number): LineCounts => ({ lines, inserted: lines - rejected, duplicates: 0, rejected, blank: 0 });
const reject = (line: number): Reject => ({ line, code: 'invalid-json', reason: 'bad', text: `line ${line}` });
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
  const identity: RunIdentity = { file: '/in.jsonl', size: 100, mtimeMs: 1, ctimeMs: 1, dev: 1, ino: 1, target: 't', table: 'chat_messages', mapping: 'm1' };
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
  it('refuses a file rewritten with its mtime put back, or replaced (ctime, device, inode)', () => {
    const kept = { ...plan(1), ctimeMs: 1, dev: 1, ino: 1 };
    for (const over of [{ ctimeMs: 2 }, { dev: 2 }, { ino: 2 }]) {
      assert.throws(() => checkResumable(kept, { ...identity, ...over }, '/in.cp.json'), /changed since its checkpoint/);
    }
    assert.doesNotThrow(() => checkResumable(kept, identity, '/in.cp.json'));
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
  it('refuses a changed file that the foreign keys refer to, naming it (hp15 08); a checkpoint without any takes any', () => {
    const kept = { ...plan(1), references: { '/customers.csv': '10:1:1:1:1', '/sites.csv': '5:1:1:1:2' } };
    const run = { ...identity, references: { '/customers.csv': '10:1:1:1:1', '/sites.csv': '5:1:1:1:2' } };
    assert.doesNotThrow(() => checkResumable(kept, run, '/in.cp.json'));
    for (const references of [{ ...run.references, '/sites.csv': '6:2:2:1:2' }, { '/customers.csv': '10:1:1:1:1' }]) {
      assert.throws(
        () => checkResumable(kept, { ...run, references }, '/in.cp.json'),
        (error: unknown) =>
          error instanceof IngestError &&
          error.data.reason === 'references-changed' &&
          error.data.file === '/sites.csv' &&
          /\/sites\.csv, which the foreign keys of \/in\.jsonl refer to, changed since its checkpoint was written/.test(error.message),
      );
    }
    assert.doesNotThrow(() => checkResumable(plan(1), run, '/in.cp.json'));
  });
  it('fingerprints what decides a row: the mapping, its overrides, and a CSV contract', () => {
    const base = mappingFingerprint(CHAT_MESSAGES, LOG_INPUT);
    assert.equal(mappingFingerprint({ ...CHAT_MESSAGES }, LOG_INPUT), base);
    assert.notEqual(mappingFingerprint({ ...CHAT_MESSAGES, onDuplicate: 'update' }, LOG_INPUT), base);
    assert.notEqual(mappingFingerprint({ ...CHAT_MESSAGES, key: ['id', 'site_id'] }, LOG_INPUT), base);
    const csvThrough = (contract: object) => ({ kind: 'csv', csv: { contract, dialect: { delimiter: ',' }, header: ['id'] } }) as unknown as InputKind;
    const contract = { files: ['*.csv'], headers: { id: { type: 'integer' } } };
    const csv = mappingFingerprint(CHAT_MESSAGES, csvThrough(contract));
    assert.notEqual(csv, base);
    assert.notEqual(mappingFingerprint(CHAT_MESSAGES, csvThrough({ ...contract, headers: { id: { type: 'string' } } })), csv);
    // The key of the rules compiled in one process (a new one each run) is not part of the contract a resume checks.
    assert.equal(mappingFingerprint(CHAT_MESSAGES, csvThrough({ ...contract, rulesKey: 'run1:1' })), csv);
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

describe('moveAside', () => {
  it('moves an earlier rejects file beside itself, named for the moment, and never over a file already there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-aside-'));
    try {
      const file = path.join(dir, 'a.log.t.1234.loadline-rejects.jsonl');
      const now = new Date('2026-12-06T12:30:00.123Z');
      fs.writeFileSync(file, 'first');
      const first = moveAside(file, now);
      assert.equal(path.basename(first), 'a.log.t.1234.loadline-rejects.2026-12-06T12-30-00.jsonl');
      fs.writeFileSync(file, 'second');
      const second = moveAside(file, now);
      assert.equal(path.basename(second), 'a.log.t.1234.loadline-rejects.2026-12-06T12-30-00-2.jsonl');
      assert.deepEqual([fs.readFileSync(first, 'utf8'), fs.readFileSync(second, 'utf8'), fs.existsSync(file)], ['first', 'second', false]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateChatLog } from '../../shared/src/mapping/genChatLog';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { planChunks } from '../../shared/src/ingest/plan/planChunks';
import { MAX_LINE_BYTES } from '../../shared/src/text/lineLimit';
import { readRangeLines } from '../../shared/src/ingest/parse/readRange';
import { createTableSql, loadDataSql, toTsvRow } from '../../shared/src/ingest/load/sql';
import { IngestError } from '../../shared/src/ingest/ingestError';
import { parseEndpoint, parseMysqlUrl } from '../../shared/src/ingest/load/connect/target';

const event = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'a1', type: 'message', from: 'visitor1', site_id: '7', timestamp: 1554000000, data: { message: 'hello' }, ...over });
const reason = (line: string) => {
  const mapped = mapLine(line, CHAT_MESSAGES);
  return mapped.kind === 'reject' ? mapped.reason : mapped.kind;
};

describe('mapLine (chat_messages)', () => {
  it('maps a message event to the columns in order', () => {
    assert.deepEqual(mapLine(event(), CHAT_MESSAGES), { kind: 'row', values: ['a1', 'visitor1', 'message', '7', 'hello', '2019-03-31 02:40:00'] });
  });

  it('stores data.status for status events and accepts a numeric-string timestamp and a numeric site id', () => {
    const mapped = mapLine(event({ type: 'status', site_id: 2, timestamp: '1554000060', data: { status: 'online' } }), CHAT_MESSAGES);
    assert.deepEqual(mapped, { kind: 'row', values: ['a1', 'visitor1', 'status', '2', 'online', '2019-03-31 02:41:00'] });
  });

  it('stores an empty string when the optional data value is missing', () => {
    assert.deepEqual(mapLine(event({ data: {} }), CHAT_MESSAGES), { kind: 'row', values: ['a1', 'visitor1', 'message', '7', '', '2019-03-31 02:40:00'] });
  });

  it('counts whitespace-only lines as blank', () => {
    assert.equal(mapLine('   \t', CHAT_MESSAGES).kind, 'blank');
  });

  it('rejects other types, bad JSON and non-objects with a reason', () => {
    assert.match(reason(event({ type: 'typing' })), /^unsupported type "typing": only message and status events are loaded$/);
    assert.equal(reason('{"id":"a1"}'), 'unsupported type (absent): only message and status events are loaded');
    assert.equal(reason('{"id":"a1","type":null}'), 'unsupported type null: only message and status events are loaded');
    assert.match(reason('{"id": 1,'), /^invalid JSON: /);
    assert.equal(reason('[1,2]'), 'invalid event: expected a JSON object');
  });

  for (const field of ['id', 'from', 'site_id', 'timestamp']) {
    it(`rejects a missing or wrongly typed ${field}`, () => {
      assert.equal(reason(event({ [field]: undefined })), `missing required field ${field}`);
      assert.match(reason(event({ [field]: { nested: true } })), new RegExp(`^wrong type for ${field}: `));
    });
  }

  it('rejects timestamps with fractions, out of range or not digits', () => {
    assert.match(reason(event({ timestamp: 1554000000.5 })), /has a fraction/);
    assert.match(reason(event({ timestamp: 0 })), /outside TIMESTAMP's range/);
    assert.match(reason(event({ timestamp: 2147483648 })), /outside TIMESTAMP's range/);
    assert.match(reason(event({ timestamp: '2019-04-01' })), /wrong type for timestamp/);
  });

  it('rejects values that do not fit instead of truncating, counting emoji as one character', () => {
    assert.equal(reason(event({ data: { message: 'x'.repeat(301) } })), 'data.message is 301 characters, more than data holds (255)');
    assert.equal(mapLine(event({ data: { message: '😀'.repeat(255) } }), CHAT_MESSAGES).kind, 'row');
    assert.match(reason(event({ site_id: '9'.repeat(51) })), /site_id is 51 characters, more than site_id holds \(50\)/);
    assert.match(reason(event({ from: 'bad \ud800 surrogate' })), /lone UTF-16 surrogate/);
  });
});

describe('SQL from the mapping', () => {
  it('escapes every identifier, including the keywords from and timestamp', () => {
    const ddl = createTableSql(CHAT_MESSAGES);
    assert.match(ddl, /^CREATE TABLE IF NOT EXISTS `chat_messages` \(/);
    assert.match(ddl, /`from` VARCHAR\(255\) NOT NULL/);
    assert.match(ddl, /`id` VARCHAR\(255\) NOT NULL,/);
    assert.match(ddl, /PRIMARY KEY \(`id`\)/);
    assert.match(ddl, /INDEX \(`timestamp`\)/);
    assert.match(createTableSql({ ...CHAT_MESSAGES, table: 'we`ird' }), /`we``ird`/);
    assert.match(loadDataSql(CHAT_MESSAGES, 'x'), /\(`id`, `from`, `type`, `site_id`, `data`, `timestamp`\)$/);
  });

  it('escapes TSV specials so LOAD DATA reads back the same text', () => {
    assert.equal(toTsvRow(['a\tb', 'c\nd', 'e\\N', 'f\r\0']), 'a\\tb\tc\\nd\te\\\\N\tf\\r\\0\n');
  });
});

describe('parseMysqlUrl', () => {
  it('reads user, host, port and database, and refuses a password in the URL', () => {
    assert.deepEqual(parseMysqlUrl('mysql://app@db.local:3307/logs'), { host: 'db.local', port: 3307, user: 'app', database: 'logs' });
    assert.equal(parseMysqlUrl('mysql://app@db/logs').port, 3306);
    assert.throws(
      () => parseMysqlUrl('mysql://app:secret@db/logs'),
      (e: IngestError) => e.kind === 'usage' && e.data.reason === 'password-in-url' && !e.message.includes('secret'),
    );
    assert.throws(() => parseMysqlUrl('postgres://app@db/logs'), /not a MySQL URL/);
    assert.throws(() => parseMysqlUrl('mysql://db/logs'), /needs a user/);
  });

  it('reads a cluster in the multi-host form, the first node first', () => {
    assert.deepEqual(parseMysqlUrl('mysql://app@n1:3307,n2,[::1]:3309/logs'), {
      host: 'n1',
      port: 3307,
      user: 'app',
      database: 'logs',
      otherNodes: [
        { host: 'n2', port: 3306 },
        { host: '[::1]', port: 3309 },
      ],
    });
    assert.throws(
      () => parseMysqlUrl('mysql://app:pw@n1,n2/logs'),
      (e: IngestError) => e.data.reason === 'password-in-url',
    );
    assert.throws(() => parseMysqlUrl('mysql://app@n1,,n3/logs'), /not a MySQL URL|needs a user/);
    assert.throws(() => parseMysqlUrl('mysql://app@n1:x,n2/logs'), /not a MySQL URL/);
  });
});

describe('parseEndpoint', () => {
  it('reads host:port and host, and refuses anything else', () => {
    assert.deepEqual(parseEndpoint('db2:3307'), { host: 'db2', port: 3307 });
    assert.deepEqual(parseEndpoint('db3'), { host: 'db3', port: 3306 });
    for (const bad of ['', 'u@db', 'db/x', 'db:port'])
      assert.throws(
        () => parseEndpoint(bad),
        (e: IngestError) => e.data.reason === 'not-endpoint',
        bad,
      );
  });
});

describe('readRangeLines past the line limit', () => {
  it('yields the start of a line over 16 MiB and its length, never the line, and numbers the next lines right', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-long-')), 'long.jsonl');
    const long = 'x'.repeat(MAX_LINE_BYTES + 3 * (1 << 20));
    fs.writeFileSync(file, `first\n${long}\nthird\n${long}`);
    const batches = [];
    for await (const batch of readRangeLines(file, { index: 0, start: 0, end: fs.statSync(file).size })) batches.push(batch);
    const lines = batches.flatMap((b) =>
      b.lines.map((line, i) => ({ number: b.firstLine + i, length: line.length, tooLong: b.tooLong?.index === i ? b.tooLong.bytes : undefined })),
    );
    assert.deepEqual(lines, [
      { number: 1, length: 5, tooLong: undefined },
      { number: 2, length: 256, tooLong: long.length },
      { number: 3, length: 5, tooLong: undefined },
      { number: 4, length: 256, tooLong: long.length },
    ]);
  });
});

describe('planChunks and readRangeLines', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-plan-'));

  it('cuts at line starts, covers the file exactly, and reads every line once', async () => {
    const dir = tmp();
    const file = path.join(dir, 'log.jsonl');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`);
    fs.writeFileSync(file, '\ufeff' + lines.join('\r\n'));
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    const ranges = planChunks(fd, size, 1000);
    fs.closeSync(fd);
    assert.ok(ranges.length > 5);
    assert.equal(ranges[0].start, 0);
    assert.equal(ranges[ranges.length - 1].end, size);
    const bytes = fs.readFileSync(file);
    for (let i = 1; i < ranges.length; i++) {
      assert.equal(ranges[i].start, ranges[i - 1].end);
      assert.equal(bytes[ranges[i].start - 1], 10, 'every range starts right after a line break');
    }
    const read: string[] = [];
    for (const range of ranges) for await (const batch of readRangeLines(file, range)) read.push(...batch.lines);
    assert.deepEqual(read, lines, 'BOM and CR removed, last line without a break included');
    fs.rmSync(dir, { recursive: true });
  });

  it('follows a line longer than the probe and the read buffer', async () => {
    const dir = tmp();
    const file = path.join(dir, 'long.jsonl');
    const long = 'y'.repeat(3 << 20);
    fs.writeFileSync(file, `a\n${long}\nb\n`);
    const fd = fs.openSync(file, 'r');
    const ranges = planChunks(fd, fs.statSync(file).size, 1024);
    fs.closeSync(fd);
    assert.deepEqual(
      ranges.map((r) => r.start),
      [0, 2 + long.length + 1],
    );
    const read: number[] = [];
    for (const range of ranges) for await (const batch of readRangeLines(file, range)) read.push(...batch.lines.map((l) => l.length));
    assert.deepEqual(read, [1, long.length, 1]);
    fs.rmSync(dir, { recursive: true });
  });

  it('flags bytes that are not UTF-8', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, Buffer.from([0x7b, 0xff, 0x7d, 0x0a]));
    const batches = [];
    for await (const batch of readRangeLines(file, { index: 0, start: 0, end: 4 })) batches.push(batch);
    assert.deepEqual(batches[0].invalidUtf8, [0]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('generateChatLog', () => {
  it('is deterministic for a seed and mixes messages, statuses and re-sent duplicates', () => {
    const a = [...generateChatLog({ lines: 5000, seed: 3 })];
    assert.deepEqual([...generateChatLog({ lines: 5000, seed: 3 })], a);
    assert.notDeepEqual([...generateChatLog({ lines: 5000, seed: 4 })], a);
    const ids = a.map((l) => JSON.parse(l).id);
    const duplicates = ids.length - new Set(ids).size;
    assert.ok(duplicates > 5 && duplicates < 60, `about 0.5% duplicates, got ${duplicates}`);
    assert.ok(a.some((l) => JSON.parse(l).type === 'status'));
  });
});

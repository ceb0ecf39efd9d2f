import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { EXACT_COLLATION } from '../../shared/src/ingest/parse/keyCollation';
import { parseRange } from '../../shared/src/ingest/parse/parseRange';
import { parseCsvRange } from '../../shared/src/ingest/parse/parseCsvRange';
import { planCsvRanges } from '../../shared/src/ingest/plan/planCsvRanges';
import { readCsvSource } from '../../shared/src/ingest/source/csvSource';
import { csvMapping } from '../../shared/src/ingest/source/csvMapping';
import { keySetsOf, rejectRepeats, RepeatFinder } from '../../shared/src/ingest/keys/repeatFinder';
import { withServerRejects } from '../../shared/src/ingest/load/skips/serverRejects';
import { Reject, REJECT_CODES } from '../../shared/src/ingest/reject';
import { readFileKeys } from '../../shared/src/ingest/foreignKeys/fileKeys';
import { ingestForeignKeys } from '../../shared/src/ingest/foreignKeys/ingestForeignKeys';
import { referenceCheck } from '../../shared/src/ingest/foreignKeys/referenceCheck';
import { rejectOrphans } from '../../shared/src/ingest/foreignKeys/rejectOrphans';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-reject-codes-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const hooks = { isCancelled: () => false, onProgress: () => undefined };
const event = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ id, type: 'message', from: 'v1', site_id: 7, timestamp: 1554000000, data: { message: 'hi' }, ...over });

/** Every reject path of a log: the mapping's, the reader's, a repeated key's and the server's. */
async function logRejects(): Promise<Reject[]> {
  const file = path.join(dir, 'events.jsonl');
  const lines = [
    event('a'),
    event('t', { type: 'typing' }),
    '{"id": "broken",',
    '[1, 2]',
    event('f', { from: undefined }),
    event('w', { site_id: { n: 7 } }),
    event('s', { site_id: -7 }),
    event('a'),
  ].map((l) => Buffer.from(`${l}\n`));
  lines.push(Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(`${'x'.repeat(17 << 20)}\n`));
  fs.writeFileSync(file, Buffer.concat(lines));
  const mapping = { ...CHAT_MESSAGES, onDuplicate: 'error' as const, schema: { properties: { site_id: { minimum: 0 } } } };
  const parsed = await parseRange({ file, mapping, keyCollations: [EXACT_COLLATION] }, { index: 0, start: 0, end: fs.statSync(file).size }, hooks);
  const sets = keySetsOf(parsed, mapping);
  const [decided] = new RepeatFinder().add(0, parsed.counts.lines, sets);
  rejectRepeats(parsed, decided.repeats, sets, false);
  return withServerRejects(parsed, [{ row: 0, errno: 4025, message: 'CONSTRAINT `c` failed' }], parsed.rowTexts ?? [], 'log');
}

/** Every reject path of a CSV: its records' problems and a record past the limit; a repeated primary key and ragged rows load. */
async function csvRejects(): Promise<Reject[]> {
  const file = path.join(dir, 'rows.csv');
  const records = ['1,5,a,x', 'x,5,b,x', '2,-1,c,x', '3,5,a,x', '1,5,d,x', '4,5,e,', '5,5,f,x,extra', '6,5', `7,5,${'z'.repeat(17 << 20)},x`, '8,5,"open,x'];
  fs.writeFileSync(file, ['id,n,u,r', ...records].join('\n') + '\n');
  const contract = {
    files: ['**'],
    headers: {
      id: { type: 'integer' as const },
      n: { type: 'integer' as const, constraints: { minimum: 0 } },
      u: { type: 'string' as const, constraints: { unique: true } },
      r: { required: true },
    },
    schema: { fields: [], primaryKey: 'id' },
  };
  const source = readCsvSource(file, contract, file);
  const { mapping, columns } = csvMapping(contract, source.header, 't', file);
  const config = { file, mapping, keyCollations: [EXACT_COLLATION], csv: { ...source, columns } };
  const ranges = planCsvRanges(file, fs.statSync(file).size, source.dataStart, source.dataLine, 1 << 20, source.dialect);
  const parsed = await Promise.all(ranges.map((r) => parseCsvRange(config, r, () => false)));
  // A unique value's repeat is found across the ranges, in file order, as a dry run finds it.
  const finder = new RepeatFinder();
  return parsed.flatMap((p, i) => {
    const sets = keySetsOf(p, mapping);
    const [decided] = finder.add(i, p.counts.lines, sets, true);
    rejectRepeats(p, decided.repeats, sets, true);
    return p.rejects;
  });
}

/** A CSV's foreign key: a row whose key neither the referenced file (here its own, a self-reference) nor the table holds. */
async function foreignKeyRejects(): Promise<Reject[]> {
  const file = path.join(dir, 'staff.csv');
  fs.writeFileSync(file, 'sid,boss\n1,\n2,1\n3,9\n');
  const contract = {
    files: ['**'],
    schema: {
      fields: [
        { name: 'sid', type: 'integer' as const },
        { name: 'boss', type: 'integer' as const },
      ],
      primaryKey: 'sid',
    },
  };
  const target = { fields: ['boss'], resource: '', referenced: [{ name: 'sid', type: 'integer' as const }], missingValues: [''], columns: ['sid'], files: [] };
  const foreignKeys = ingestForeignKeys(
    [{ ...target, declaredIn: 'file:///c', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
    ['sid', 'boss'],
    file,
  );
  const source = readCsvSource(file, contract, file);
  const { mapping, columns } = csvMapping(contract, source.header, 't', file);
  const references = referenceCheck(contract, foreignKeys, await readFileKeys(file, foreignKeys));
  const config = { file, mapping, keyCollations: [EXACT_COLLATION], csv: { ...source, columns }, references };
  const parsed = await parseCsvRange(config, { index: 0, start: source.dataStart, end: fs.statSync(file).size, firstLine: source.dataLine }, () => false);
  rejectOrphans(parsed, () => false);
  return parsed.rejects;
}

describe('reject codes: one union, one table', () => {
  it('every reject path gives a code of the table, and every code of the table is given by a path', async () => {
    const log = await logRejects();
    assert.deepEqual(
      log.map((r) => [r.line, r.code]),
      [
        [1, 'server-rejected'],
        [2, 'unsupported-event'],
        [3, 'invalid-json'],
        [4, 'not-an-object'],
        [5, 'required'],
        [6, 'value-error'],
        [7, 'schema-error'],
        [8, 'duplicate-key'],
        [9, 'encoding-error'],
        [10, 'line-too-long'],
      ],
    );
    const csv = await csvRejects();
    assert.deepEqual(
      csv.map((r) => [r.line, r.code]),
      [
        [3, 'type-error'],
        [4, 'constraint-error'],
        [5, 'unique-error'],
        [7, 'required'],
        [9, 'required'],
        [10, 'invalid-csv'],
        [11, 'invalid-csv'],
      ],
    );
    const foreign = await foreignKeyRejects();
    assert.deepEqual(
      foreign.map((r) => [r.line, r.code, r.reason]),
      [[4, 'foreign-key', 'Value 9 of boss in row 4 is not in this file (sid)']],
    );
    const given = new Set([...log, ...csv, ...foreign].map((r) => r.code));
    assert.deepEqual(
      [...given].filter((code) => !(code in REJECT_CODES)),
      [],
      'no code outside the table',
    );
    assert.deepEqual(
      Object.keys(REJECT_CODES).filter((code) => !given.has(code as Reject['code'])),
      [],
      'no code in the table that no path gives',
    );
    for (const [code, description] of Object.entries(REJECT_CODES)) assert.ok(description.length > 0, code);
  });
});

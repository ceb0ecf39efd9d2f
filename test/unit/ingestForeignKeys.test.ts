// The foreign keys of a CSV load without a database (issue 27): Preview Ingest, and an orphan's row leaving the
// range's unique values. The loads against MariaDB are test/integration/foreignKeys.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findCsvMapping } from '../../shared/src/ingest/source/findMapping';
import { previewIngest } from '../../shared/src/ingest/previewIngest';
import { EXACT_COLLATION } from '../../shared/src/ingest/parse/keyCollation';
import { parseCsvRange } from '../../shared/src/ingest/parse/parseCsvRange';
import { keySetsOf } from '../../shared/src/ingest/keys/repeatFinder';
import { readFileKeys } from '../../shared/src/ingest/foreignKeys/fileKeys';
import { referenceCheck } from '../../shared/src/ingest/foreignKeys/referenceCheck';
import { rejectOrphans } from '../../shared/src/ingest/foreignKeys/rejectOrphans';
import { PostedKeys, postedKeys, receivedKeys } from '../../shared/src/ingest/foreignKeys/postedKeys';
import { readLoadableKeys, settleLoadableKeys } from '../../shared/src/ingest/foreignKeys/loadableKeys';
import { holdsKey, ReferencedKeys } from '../../shared/src/csv/foreignKeyCheck';
import { MessageChannel } from 'node:worker_threads';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-ingest-fk-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** staff.csv refers to itself: boss is a sid; email is unique. */
function staffProject(name: string, csv: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const schema = {
    fields: [
      { name: 'sid', type: 'integer' },
      { name: 'boss', type: 'integer' },
      { name: 'email', constraints: { unique: true } },
    ],
    primaryKey: ['sid'],
    foreignKeys: [{ fields: 'boss', reference: { resource: '', fields: 'sid' } }],
  };
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['staff.csv'], schema }] }));
  fs.writeFileSync(path.join(folder, 'staff.csv'), csv);
  return path.join(folder, 'staff.csv');
}

describe('foreign keys of a CSV load, without a database', () => {
  it('Preview Ingest shows an orphan as a foreign-key reject, checked against the referenced file as a dry run is', async () => {
    const file = staffProject('preview', 'sid,boss,email\n1,,a@x\n2,1,b@x\n3,9,c@x\n');
    const { mapping, input } = await findCsvMapping(file);
    const preview = await previewIngest(file, mapping, input);
    assert.deepEqual(
      preview.rows.map((r) => r.line),
      [2, 3],
    );
    assert.deepEqual(preview.rejects, [{ line: 4, code: 'foreign-key', reason: 'Value 9 of boss in row 4 is not in this file (sid)' }]);
  });

  it('an orphan leaves the range with its unique values, so a later row with the same value is not its repeat', async () => {
    const file = staffProject('unique', 'sid,boss,email\n1,,a@x\n2,9,b@x\n3,1,b@x\n4,1,c@x\n');
    const { mapping, input } = await findCsvMapping(file);
    assert.equal(input.kind, 'csv');
    const { csv } = input;
    const references = referenceCheck(csv.contract, csv.foreignKeys!, await readFileKeys(file, csv.foreignKeys!));
    const range = { index: 0, start: csv.dataStart, end: fs.statSync(file).size, firstLine: csv.dataLine };
    const parsed = await parseCsvRange({ file, mapping, keyCollations: [EXACT_COLLATION], csv, references }, range, () => false);
    rejectOrphans(parsed, () => false);
    assert.deepEqual(
      parsed.rejects.map((r) => [r.line, r.code, r.text]),
      [[3, 'foreign-key', '2,9,b@x']],
    );
    assert.deepEqual(parsed.counts, { lines: 4, inserted: 0, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(parsed.rowLines, [2, 4, 5]);
    assert.deepEqual(parsed.rowTexts, ['1,,a@x', '3,1,b@x', '4,1,c@x']);
    assert.deepEqual(
      Array.from(parsed.rows.order, (row) => parsed.rows.values[row][0]),
      ['1', '3', '4'],
    );
    const [email] = keySetsOf(parsed, mapping).filter((set) => !set.mappingKey);
    assert.deepEqual(email.lines, [2, 4, 5]);
    assert.deepEqual(email.rows, [0, 1, 2]);
    assert.equal(email.rejectOf(1, 2).reason.includes('row 4'), true);
  });
});

describe('the referenced keys a load reads once for its workers (hp14 08)', () => {
  it('settled once (a self-reference too), reach a worker through postMessage: the digests shared, not copied; the keys withdrawn copied', async () => {
    // Row 6 repeats a unique email: its key 5 is withdrawn, so row 7 (boss 5) is an orphan, as are 3 (boss 9) and 4 (boss 3).
    const file = staffProject('posted', 'sid,boss,email\n1,,a@x\n2,1,b@x\n3,9,c@x\n4,3,d@x\n5,1,a@x\n6,5,e@x\n');
    const { input } = await findCsvMapping(file);
    assert.equal(input.kind, 'csv');
    const { contract, foreignKeys } = input.csv;
    const read = await readFileKeys(file, foreignKeys!, contract, true);
    await settleLoadableKeys(file, contract, foreignKeys!, read);
    const channel = new MessageChannel();
    const arrived = new Promise<PostedKeys[]>((resolve) => channel.port2.once('message', resolve));
    channel.port1.postMessage(postedKeys(read));
    const posted = await arrived;
    channel.port1.close();
    const words = (posted[0].index as unknown as { words: Uint32Array }).words;
    assert.ok(words.buffer instanceof SharedArrayBuffer, 'the digests crossed as shared memory');
    const [inWorker] = receivedKeys(posted);
    const [alone] = await readLoadableKeys(file, contract, foreignKeys!);
    const fates = (keys: ReferencedKeys) => Array.from({ length: 9 }, (_, sid) => [sid, holdsKey(keys, sid), keys.withdrawn?.rowOf(sid) ?? 0]);
    assert.deepEqual(fates(inWorker), fates(alone));
    assert.deepEqual(
      fates(inWorker)
        .filter(([, held]) => held)
        .map(([sid]) => sid),
      [1, 2],
    );
    // Withdrawn by the fixpoint (3, 4, 6) and by the contract (5, a repeated email), at their rows.
    assert.deepEqual(
      [3, 4, 5, 6].map((sid) => inWorker.withdrawn!.rowOf(sid)),
      [4, 5, 6, 7],
    );
  });
});

describe('a load reads a referenced column the contract only names (hp2527c 04)', () => {
  /** A folder with `.loadline.json` of `contracts` and the files; returns the path of `use.csv`. */
  function headerRules(name: string, contracts: object[], files: Record<string, string>): string {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ contracts }));
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), text);
    return path.join(folder, 'use.csv');
  }
  const reasonsOf = async (file: string) => {
    const { mapping, input } = await findCsvMapping(file);
    const preview = await previewIngest(file, mapping, input);
    return preview.rejects.map((r) => [r.line, r.code, r.reason]);
  };

  it('a plain string column of the referenced file (no constraint, so no rule to check) holds its keys', async () => {
    const file = headerRules(
      'plain-string',
      [
        { name: 'ref', files: ['ref.csv'], headers: { code: { type: 'string' } } },
        {
          name: 'use',
          files: ['use.csv'],
          headers: { id: { type: 'string' }, code: { type: 'string', foreignKey: { reference: { resource: 'ref', fields: 'code' } } } },
        },
      ],
      { 'ref.csv': 'code\nEAST\n', 'use.csv': 'id,code\np1,EAST\np2,WEST\n' },
    );
    assert.deepEqual(await reasonsOf(file), [[3, 'foreign-key', 'Value "WEST" of code in row 3 is not in ref (code)']]);
  });

  it('a self-reference to a plain string column: a row refers to a later row, and an orphan takes its own key away', async () => {
    const file = headerRules(
      'plain-self',
      [{ files: ['use.csv'], headers: { id: { type: 'string' }, parent: { foreignKey: { reference: { resource: '', fields: 'id' } } } } }],
      { 'use.csv': 'id,parent\np1,p2\np2,\np3,p9\np4,p3\n' },
    );
    assert.deepEqual(await reasonsOf(file), [
      [4, 'foreign-key', 'Value "p9" of parent in row 4 is not in this file (id)'],
      [5, 'foreign-key', 'Value "p3" of parent in row 5 is not in this file (id): row 4 of use.csv holds it but is rejected'],
    ]);
  });
});

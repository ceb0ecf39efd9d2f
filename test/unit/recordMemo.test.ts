// The record memo (shared/src/csv/check/recordMemo.ts): a check that recalls the last check's records reports
// exactly what a fresh check reports, whatever the edits; and it does recall, or it would save nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Contract } from '../../shared/src/contract/types';
import { RecordMemo } from '../../shared/src/csv/check/recordMemo';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { anyContract, anyText } from '../support/csvArbitraries';
import { fuzz } from '../support/fuzz';

const TYPED: Contract = {
  files: ['**'],
  schema: {
    fields: [
      { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
      { name: 'amount', type: 'number', groupChar: "'" },
      { name: 'tier', type: 'string', constraints: { enum: ['gold', 'silver'] } },
      { name: 'tags', type: 'list', itemType: 'integer' },
      { name: 'note' },
    ],
    primaryKey: ['tier', 'note'],
  },
};

const typedCell = fc.constantFrom('1', '2', '3', "1'000.5", 'x', '', 'gold', 'silver', 'lead', '"1,2"', '"a\nb"', ' ');
const typedText = fc
  .array(fc.array(typedCell, { minLength: 3, maxLength: 6 }), { maxLength: 30 })
  .map((rows) => ['id,amount,tier,tags,note', ...rows.map((r) => r.join(','))].join('\n'));

/** Replaces `remove` characters at `at` (taken modulo the text's length) with `insert`. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.constantFrom('', ',', '\n', '\r\n', '"', '1', 'x', 'gold\n3,1,gold,,a', '7,2,silver,,b\n', 'id,'),
});
const applyEdit = (text: string, { at, remove, insert }: { at: number; remove: number; insert: string }) => {
  const start = at % (text.length + 1);
  return text.slice(0, start) + insert + text.slice(start + remove);
};

/** Checks each version with one memo, and each version afresh: the reports must be equal. The cap changes too (a setting). */
function assertSameAsFresh(first: string, edits: { at: number; remove: number; insert: string }[], contract: Contract | undefined, caps: number[]) {
  const memo = new RecordMemo();
  let text = first;
  for (const [i, change] of [undefined, ...edits].entries()) {
    if (change) text = applyEdit(text, change);
    const maxProblems = caps[i % caps.length];
    assert.deepEqual(validateCsv(text, contract, { maxProblems, memo }), validateCsv(text, contract, { maxProblems }), JSON.stringify(text));
  }
}

describe('the record memo', () => {
  it('reports what a fresh check reports, edit after edit, on typed files', () => {
    fc.assert(
      fc.property(typedText, fc.array(edit, { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }), (text, edits, caps) =>
        assertSameAsFresh(text, edits, TYPED, caps),
      ),
      fuzz(400),
    );
  });

  it('reports what a fresh check reports on any text and contract, the contract changing too', () => {
    fc.assert(
      fc.property(anyText, fc.array(edit, { maxLength: 4 }), anyContract, anyContract, (text, edits, before, after) => {
        const memo = new RecordMemo();
        validateCsv(text, before as Contract | undefined, { memo });
        const edited = edits.reduce(applyEdit, text);
        assert.deepEqual(validateCsv(edited, after as Contract | undefined, { memo }), validateCsv(edited, after as Contract | undefined));
      }),
      fuzz(1000),
    );
  });

  it('builds on the last finished check after a check abandoned between records (the server stops a superseded one so)', () => {
    const stop = new Error('stop');
    fc.assert(
      fc.property(typedText, edit, edit, fc.nat({ max: 20 }), (text, first, second, records) => {
        const memo = new RecordMemo();
        validateCsv(text, TYPED, { memo });
        const abandoned = applyEdit(text, first);
        let seen = 0;
        const checkpoint = () => {
          if (seen++ === records) throw stop;
        };
        // Abandoned at its records-th record, unless it has fewer.
        let finished = true;
        try {
          validateCsv(abandoned, TYPED, { memo, checkpoint });
        } catch (error) {
          assert.equal(error, stop);
          finished = false;
        }
        assert.equal(finished, seen <= records);
        const edited = applyEdit(abandoned, second);
        assert.deepEqual(validateCsv(edited, TYPED, { memo }), validateCsv(edited, TYPED));
      }),
      fuzz(400),
    );
    // A check of several records is abandoned at its first.
    assert.throws(
      () =>
        validateCsv('id\n1\n2\n', TYPED, {
          checkpoint: () => {
            throw stop;
          },
        }),
      stop,
    );
  });

  it('reports what a fresh check reports on a 1.3 MB file, after a change in one row and after changes at both ends', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i % 29_000},${i % 7 === 0 ? 'x' : i},${i % 3 ? 'gold' : 'silver'},,note ${i} ${'-'.repeat(20)}`);
    const text = `id,amount,tier,tags,note\n${rows.join('\n')}\n`;
    const memo = new RecordMemo();
    validateCsv(text, TYPED, { memo });
    const middle = text.replace('\n15000,', '\n15000,9\n15000,');
    // The change spans more than 1 MiB: the text from the first change on is parsed as it comes.
    const ends = middle.replace('\n1,1,', '\n1,y,').replace('note 29998 ', 'note 29998\n3,3,gold,,');
    assert.ok(text.length > 1.3e6, String(text.length));
    for (const edited of [middle, ends]) assert.deepEqual(validateCsv(edited, TYPED, { memo }), validateCsv(edited, TYPED));
    assert.equal(memo.previous!.records.length, 30_002);
  });

  it('takes the records before and after an edit from the last check, and parses only the edited one', () => {
    const memo = new RecordMemo();
    const text = 'id,amount,tier,tags,note\n1,2,gold,,a\n2,x,gold,,b\n3,4,silver,,c\n4,5,gold,,d\n';
    validateCsv(text, TYPED, { memo });
    const before = memo.previous!.records;
    assert.deepEqual(
      before.map((r) => [r.row, r.problems?.map((p) => p.code), r.keys]),
      [
        [2, [], [1, '4:gold1:a']],
        [3, ['type-error'], [2, '4:gold1:b']],
        [4, [], [3, '6:silver1:c']],
        [5, [], [4, '4:gold1:d']],
      ],
    );
    // One more line in row 3: rows 4 and 5 move down one, row 2 stays.
    const edited = text.replace('2,x,gold,,b\n', '2,x,gold,,b\n9,9,gold,,e\n');
    assert.deepEqual(validateCsv(edited, TYPED, { memo }), validateCsv(edited, TYPED));
    const after = memo.previous!.records;
    assert.deepEqual(
      after.map((r) => r.row),
      [2, 3, 4, 5, 6],
    );
    // The same keys array: taken from the memo, not parsed again.
    assert.equal(after[0].keys, before[0].keys, 'row 2, before the edit');
    assert.equal(after[3].keys, before[2].keys, 'row 4, now row 5');
    assert.notEqual(after[1].keys, before[1].keys, 'row 3 has a problem that names its row... and is before the edit: parsed again');
  });
});

// For any line, the log mapper gives exactly one row, one reject or one blank, and never throws (fast-check).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { fuzz } from '../support/fuzz';

/** Chat events with any field missing, mistyped or odd, next to plain noise and arbitrary JSON. */
const oddValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const chatLike = fc
  .record(
    {
      id: fc.oneof(fc.uuid(), oddValue),
      type: fc.oneof(fc.constantFrom('message', 'status', 'typing'), oddValue),
      from: fc.oneof(fc.string({ maxLength: 300 }), oddValue),
      site_id: fc.oneof(fc.integer(), fc.string({ maxLength: 60 }), oddValue),
      timestamp: fc.oneof(fc.integer({ min: -10, max: 2 ** 32 }), fc.stringMatching(/^\d{1,12}$/), oddValue),
      data: fc.oneof(
        fc.record({ message: fc.oneof(fc.string({ maxLength: 300 }), oddValue) }, { requiredKeys: [] }),
        fc.record({ status: oddValue }),
        oddValue,
      ),
    },
    { requiredKeys: [] },
  )
  .map((event) => JSON.stringify(event));
const anyLine = fc.oneof(chatLike, fc.json(), fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', '\t', '{', '}', 'null', '[]'));

describe('mapLine on any line', () => {
  it('gives exactly one row, reject or blank, never throws, and a row has every column as text', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        const mapped = mapLine(line, CHAT_MESSAGES);
        assert.ok(['row', 'reject', 'blank'].includes(mapped.kind));
        if (mapped.kind === 'row') {
          assert.equal(mapped.values.length, CHAT_MESSAGES.columns.length);
          for (const value of mapped.values) assert.equal(typeof value, 'string');
        }
        if (mapped.kind === 'reject') assert.ok(mapped.reason.length > 0);
        if (mapped.kind === 'blank') assert.equal(line.trim(), '');
      }),
      fuzz(2000),
    );
  });
});

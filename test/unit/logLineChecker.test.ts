// The log checker's findings for repeated keys: an error naming the first line under "error", information
// naming it under skip and update; blank lines and rows that do not repeat give none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLineChecker } from '../../shared/src/ingest/check/logLineChecker';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { OnDuplicate } from '../../shared/src/mapping/declaredMapping';

const mapping = (onDuplicate: OnDuplicate) =>
  compileMapping({
    name: 'e',
    table: 'e',
    key: 'id',
    onDuplicate,
    columns: { id: { from: 'id', type: 'string', maxLength: 8 }, n: { from: 'n', type: 'integer' } },
  });

const findings = (onDuplicate: OnDuplicate, lines: string[]) => {
  const checker = new LogLineChecker(mapping(onDuplicate));
  return lines.map((text, i) => checker.check(i + 1, text)).map((f) => f && { line: f.line, severity: f.severity, code: f.code, firstLine: f.firstLine });
};

const LOG = ['{"id":"a","n":1}', '', '{"id":"b"}', '{"id":"a ","n":2}', '{"id":"a","n":"x"}', '{"id":"b"}'];

describe('LogLineChecker keys', () => {
  it('under "error", rejects a repeat of a key as the table compares it, naming the first line', () => {
    const checker = new LogLineChecker(mapping('error'));
    const results = LOG.map((text, i) => checker.check(i + 1, text));
    assert.deepEqual(
      results.map((f) => f && { line: f.line, code: f.code, reason: f.severity === 'error' ? f.reason : '' }),
      [
        undefined,
        undefined,
        undefined,
        // 'a ' is 'a' to a PAD SPACE column.
        { line: 4, code: 'duplicate-key', reason: 'duplicate key id "a ": the first one is line 1' },
        { line: 5, code: 'value-error', reason: results[4]?.severity === 'error' ? results[4].reason : '' },
        { line: 6, code: 'duplicate-key', reason: 'duplicate key id "b": the first one is line 3' },
      ],
    );
  });

  for (const onDuplicate of ['skip', 'update'] as const) {
    it(`under ${onDuplicate}, gives information naming the first line`, () => {
      assert.deepEqual(findings(onDuplicate, LOG), [
        undefined,
        undefined,
        undefined,
        { line: 4, severity: 'information', code: 'duplicate-key', firstLine: 1 },
        { line: 5, severity: 'error', code: 'value-error', firstLine: undefined },
        { line: 6, severity: 'information', code: 'duplicate-key', firstLine: 3 },
      ]);
    });
  }
});

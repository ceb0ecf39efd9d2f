// Limits of the server that a parse can predict (JSON_VALID's depth), and the server's answers that tell a
// repeat of the key from any other skipped row, or a write set too large for a Galera cluster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultSetHeader } from 'mysql2/promise';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { isWriteSetTooLarge } from '../../shared/src/ingest/load/connect/mysqlErrors';
import { duplicatesIfClean, rowErrorOf } from '../../shared/src/ingest/load/skips/serverSkips';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('JSON deeper than MariaDB 10.11 JSON_VALID takes', () => {
  const mapping = (from: string) => compileMapping({ name: 't', table: 't', key: 'id', columns: { id: { from: 'id' }, v: { from, type: 'json' } } });
  const map = (v: string, from = 'v') => mapLine(`{"id":"k","v":${v}}`, mapping(from));

  it('takes 31 nested objects and arrays, and brackets inside strings do not count', () => {
    assert.equal(map(nested(31)).kind, 'row');
    assert.equal(map(nested(30, `{"s":"${'['.repeat(40)}"}`)).kind, 'row');
  });

  it('rejects 32 when parsed, for a value and for the whole line ("$")', () => {
    for (const [line, label] of [
      [nested(32), 'v'],
      [`{"a":${nested(31, '{}')}}`, 'v'],
    ] as const) {
      const mapped = map(line);
      assert.deepEqual(mapped, {
        kind: 'reject',
        code: 'value-error',
        reason: `${label} nests objects and arrays more than 31 deep, past what a json column takes (the depth MariaDB's JSON_VALID accepts)`,
        at: { kind: 'value', path: ['v'] },
      });
    }
    assert.equal(map(nested(31), '$').kind, 'reject');
  });

  it('names a whole-line ("$") column by its column and its path, not as "$"', () => {
    assert.deepEqual(map(nested(31), '$'), {
      kind: 'reject',
      code: 'value-error',
      reason: `v (the whole line, "$") nests objects and arrays more than 31 deep, past what a json column takes (the depth MariaDB's JSON_VALID accepts)`,
      at: { kind: 'value', path: [] },
    });
    const surrogate = mapLine('{"id":"k","s":"\\ud800"}', mapping('$'));
    assert.equal(surrogate.kind, 'reject');
    assert.match((surrogate as { reason: string }).reason, /^v \(the whole line, "\$"\) /);
  });
});

describe("the server's answers", () => {
  const config = { mapping: { table: 't', onDuplicate: 'skip' }, keyIndexes: ['PRIMARY'] } as Parameters<typeof duplicatesIfClean>[0];
  const result = (affectedRows: number, warningStatus: number) => ({ affectedRows, warningStatus }) as ResultSetHeader;
  const warning = (code: number, message: string) => ({ level: 'Warning', code, message });

  it('counts skipped rows as duplicates only when each warned of a repeat of the key', () => {
    assert.equal(duplicatesIfClean(config, 3, result(2, 1), [warning(1062, "Duplicate entry 'a' for key 'PRIMARY'")]), 1);
    assert.equal(duplicatesIfClean(config, 3, result(2, 1), [warning(1062, "Duplicate entry 'a' for key 't.PRIMARY'")]), 1);
    assert.equal(duplicatesIfClean(config, 3, result(2, 1), [warning(4025, 'CONSTRAINT `qty_pos` failed for `db`.`t`')]), undefined);
    assert.equal(duplicatesIfClean(config, 3, result(2, 1), [warning(1062, "Duplicate entry 'x' for key 'email'")]), undefined);
    assert.equal(duplicatesIfClean(config, 3, result(1, 2), [warning(1062, "Duplicate entry 'a' for key 'PRIMARY'")]), undefined, 'a warning not shown');
    assert.equal(duplicatesIfClean(config, 3, result(3, 1), [warning(1265, "Data truncated for column 'v' at row 1")]), undefined);
  });

  it('counts the rows of an ON DUPLICATE KEY UPDATE that found their key, changed or not, in any language', () => {
    const update = { ...config, mapping: { ...config.mapping, onDuplicate: 'update' } } as typeof config;
    const answer = (affectedRows: number, info: string, warningStatus = 0) => ({ affectedRows, info, warningStatus }) as ResultSetHeader;
    // 5 rows: 2 inserted (1 each), 1 changed (2), 2 already holding their values (0).
    assert.equal(duplicatesIfClean(update, 5, answer(4, 'Records: 5  Duplicates: 1  Warnings: 0'), []), 3);
    assert.equal(duplicatesIfClean(update, 5, answer(4, 'Datensätze: 5  Duplikate: 1  Warnungen: 0'), []), 3);
    // One row has no info: 0 unchanged, 1 inserted, 2 changed.
    assert.deepEqual(
      [0, 1, 2].map((affected) => duplicatesIfClean(update, 1, answer(affected, ''), [])),
      [1, 0, 1],
    );
    assert.equal(duplicatesIfClean(update, 3, answer(3, ''), []), undefined, 'several rows without info');
    const deprecated = warning(1287, "'VALUES function' is deprecated and will be removed in a future release.");
    assert.equal(duplicatesIfClean(update, 2, answer(2, 'Records: 2  Duplicates: 0  Warnings: 1', 1), [deprecated]), 0);
    assert.equal(
      duplicatesIfClean(update, 2, answer(2, 'Records: 2  Duplicates: 0  Warnings: 1', 1), [warning(1265, "Data truncated for column 'v' at row 1")]),
      undefined,
    );
  });

  it('tells an error of one row (CHECK, foreign key, partition) from the others', () => {
    assert.equal(rowErrorOf({ errno: 4025, sqlState: '23000', sqlMessage: 'CONSTRAINT `c` failed' })?.code, 4025);
    assert.equal(rowErrorOf({ errno: 1526, sqlState: 'HY000', sqlMessage: 'Table has no partition for value 9' })?.code, 1526);
    assert.equal(rowErrorOf({ errno: 1213, sqlState: '40001' }), undefined);
  });

  it('takes error 1105 "Maximum writeset size exceeded" for a write set too large, as 1180', () => {
    assert.equal(isWriteSetTooLarge({ errno: 1105, message: 'Maximum writeset size exceeded' }), true);
    assert.equal(isWriteSetTooLarge({ errno: 1105, message: 'Unknown error' }), false);
  });
});

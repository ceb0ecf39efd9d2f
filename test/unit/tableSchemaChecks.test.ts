// Constraints, missing values and keys, checked through the engine on whole CSV texts: exact codes, reasons,
// positions and messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseTableSchema } from '../../shared/src/contract/parse/parseConfig';
import { Contract, HeaderRule } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { Problem } from '../../shared/src/problem';
import { TableSchema } from '../../shared/src/schema/tableSchema';

const headers = (rules: Record<string, HeaderRule>): Contract => ({ files: ['*.csv'], headers: rules });
const schema = (table: TableSchema, rules?: Record<string, HeaderRule>): Contract => ({ files: ['*.csv'], schema: table, headers: rules });
/** [code, reason, line, character] per problem. */
const found = (problems: Problem[]) => problems.map((p) => [p.code, p.reason, p.range.start.line, p.range.start.character]);
const check = (contract: Contract, csv: string) => validateCsv(csv, contract).problems;

/**
 * A column `v` with the field options, and the cells given (beside a row number, so that an empty cell is no
 * blank row): the codes and reasons of the problems, by row.
 */
function column(rule: HeaderRule, cells: string[]): (string | undefined)[][] {
  return check(headers({ v: rule }), `n,v\n${cells.map((c, i) => `${i},${c.includes(',') ? `"${c}"` : c}`).join('\n')}\n`).map((p) => [
    String(p.range.start.line + 1),
    p.code,
    p.reason,
  ]);
}

describe('Table Schema constraints on every type that supports them', () => {
  it('minimum, maximum, exclusiveMinimum, exclusiveMaximum on integer and number, with the limit in the message', () => {
    assert.deepEqual(column({ type: 'integer', constraints: { minimum: 1, maximum: 10 } }, ['1', '10', '0', '11']), [
      ['4', 'constraint-error', 'minimum'],
      ['5', 'constraint-error', 'maximum'],
    ]);
    assert.deepEqual(column({ type: 'number', constraints: { exclusiveMinimum: 0, exclusiveMaximum: 1 } }, ['0.5', '0', '1']), [
      ['3', 'constraint-error', 'exclusiveMinimum'],
      ['4', 'constraint-error', 'exclusiveMaximum'],
    ]);
    const [problem] = check(headers({ price: { type: 'number', constraints: { minimum: 0 } } }), 'price\n-1.5\n');
    assert.equal(problem.message, 'Value "-1.5" in price (row 2) is below the minimum 0');
  });

  it('minimum and maximum on date, time, datetime, year, yearmonth and duration, limits in the field format or ISO', () => {
    assert.deepEqual(column({ type: 'date', constraints: { minimum: '2020-01-01', maximum: '2020-12-31' } }, ['2020-06-01', '2019-12-31', '2021-01-01']), [
      ['3', 'constraint-error', 'minimum'],
      ['4', 'constraint-error', 'maximum'],
    ]);
    assert.deepEqual(column({ type: 'date', format: '%d/%m/%Y', constraints: { minimum: '01/01/2020' } }, ['02/01/2020', '31/12/2019']), [
      ['3', 'constraint-error', 'minimum'],
    ]);
    assert.deepEqual(column({ type: 'date', format: '%d/%m/%Y', constraints: { maximum: '2020-01-01' } }, ['01/01/2020', '02/01/2020']), [
      ['3', 'constraint-error', 'maximum'],
    ]);
    assert.deepEqual(column({ type: 'time', constraints: { minimum: '09:00:00', maximum: '17:00:00' } }, ['12:00:00', '08:59:59', '17:00:01']), [
      ['3', 'constraint-error', 'minimum'],
      ['4', 'constraint-error', 'maximum'],
    ]);
    assert.deepEqual(
      column({ type: 'datetime', constraints: { maximum: '2026-01-01T00:00:00Z' } }, [
        '2025-12-31T23:59:59Z',
        '2026-01-01T01:00:00+02:00',
        '2026-01-01T00:00:01Z',
      ]),
      [['4', 'constraint-error', 'maximum']],
    );
    assert.deepEqual(column({ type: 'year', constraints: { minimum: 2000, exclusiveMaximum: 2030 } }, ['2000', '1999', '2030']), [
      ['3', 'constraint-error', 'minimum'],
      ['4', 'constraint-error', 'exclusiveMaximum'],
    ]);
    assert.deepEqual(column({ type: 'yearmonth', constraints: { minimum: '2026-01' } }, ['2026-01', '2025-12']), [['3', 'constraint-error', 'minimum']]);
    assert.deepEqual(column({ type: 'duration', constraints: { maximum: 'PT1H' } }, ['PT59M', 'PT61M']), [['3', 'constraint-error', 'maximum']]);
  });

  it('minLength and maxLength on string (code points), array, object and list', () => {
    assert.deepEqual(column({ type: 'string', constraints: { minLength: 2, maxLength: 3 } }, ['ab', 'a', 'abcd', '😀😀']), [
      ['3', 'constraint-error', 'minLength'],
      ['4', 'constraint-error', 'maxLength'],
    ]);
    assert.deepEqual(column({ type: 'array', constraints: { maxLength: 2 } }, ['[1,2]', '[1,2,3]']), [['3', 'constraint-error', 'maxLength']]);
    assert.deepEqual(column({ type: 'object', constraints: { minLength: 1 } }, ['{"a":1}', '{}']), [['3', 'constraint-error', 'minLength']]);
    assert.deepEqual(column({ type: 'list', constraints: { maxLength: 2 } }, ['a,b', 'a,b,c']), [['3', 'constraint-error', 'maxLength']]);
  });

  it('pattern on strings matches the whole value', () => {
    assert.deepEqual(column({ constraints: { pattern: '[A-Z]{2}-[0-9]{4}' } }, ['AB-1234', 'xAB-1234', 'AB-12345', 'ab-1234']), [
      ['3', 'constraint-error', 'pattern'],
      ['4', 'constraint-error', 'pattern'],
      ['5', 'constraint-error', 'pattern'],
    ]);
    const [problem] = check(headers({ code: { constraints: { pattern: '[0-9]+' } } }), 'code\n12a\n');
    assert.equal(problem.message, 'Value "12a" in code (row 2) does not match the pattern [0-9]+');
  });

  it('enum on string, integer (cast values), boolean, date and any', () => {
    assert.deepEqual(column({ constraints: { enum: ['gold', 'silver'] } }, ['gold', 'Gold']), [['3', 'constraint-error', 'enum']]);
    assert.deepEqual(column({ type: 'integer', constraints: { enum: [1, '2'] } }, ['1', '02', '3']), [['4', 'constraint-error', 'enum']]);
    assert.deepEqual(column({ type: 'boolean', constraints: { enum: [true] } }, ['1', 'false']), [['3', 'constraint-error', 'enum']]);
    assert.deepEqual(column({ type: 'date', constraints: { enum: ['2020-01-01'] } }, ['2020-01-01', '2020-01-02']), [['3', 'constraint-error', 'enum']]);
    assert.deepEqual(column({ type: 'any', constraints: { enum: ['x'] } }, ['x', 'y']), [['3', 'constraint-error', 'enum']]);
  });

  it('required on every type, a type error before any constraint, and a short row', () => {
    assert.deepEqual(column({ type: 'integer', constraints: { required: true, minimum: 5 } }, ['5', '', 'x', '1']), [
      ['3', 'required', undefined],
      ['4', 'type-error', 'integer'],
      ['5', 'constraint-error', 'minimum'],
    ]);
    assert.deepEqual(found(check(headers({ a: {}, b: { type: 'boolean', constraints: { required: true } } }), 'a,b\n1\n')), [
      ['missing-cell', undefined, 1, 1],
      ['required', undefined, 1, 1],
    ]);
  });
});

describe('missing values, unique, primaryKey and uniqueKeys', () => {
  it('cells equal to a missing value are null: they fail required and skip the type check', () => {
    const table: TableSchema = {
      fields: [
        { name: 'n', type: 'integer' },
        { name: 'm', type: 'integer', constraints: { required: true } },
      ],
      missingValues: ['', 'NA', '-'],
    };
    assert.deepEqual(found(check(schema(table), 'n,m\nNA,1\n-,NA\nn/a,2\n')), [
      ['required', undefined, 2, 2],
      ['type-error', 'integer', 3, 0],
    ]);
  });

  it('a field-level missingValues replaces the schema-level list', () => {
    const table: TableSchema = {
      fields: [
        { name: 'a', type: 'integer', missingValues: ['?'] },
        { name: 'b', type: 'integer' },
      ],
      missingValues: ['NA'],
    };
    assert.deepEqual(found(check(schema(table), 'a,b\n?,NA\nNA,?\n')), [
      ['type-error', 'integer', 2, 0],
      ['type-error', 'integer', 2, 3],
    ]);
  });

  it('unique reports the later cell, naming the row that held the value first, and skips nulls', () => {
    const problems = check(headers({ id: { type: 'integer', constraints: { unique: true } } }), 'id\n1\n\n2\n\n01\n');
    assert.deepEqual(found(problems), [['unique-error', 'unique', 5, 0]]);
    assert.equal(problems[0].message, 'Value "01" in id (row 6) repeats row 2: the column is unique');
  });

  it('unique compares cast values: 1.0 and 1 are one number, "a" and "A" two strings', () => {
    assert.deepEqual(column({ type: 'number', constraints: { unique: true } }, ['1.0', '1']), [['3', 'unique-error', 'unique']]);
    assert.deepEqual(column({ constraints: { unique: true } }, ['a', 'A']), []);
  });

  it('a composite primaryKey: unique together and required, reported on the row', () => {
    const table: TableSchema = { fields: [{ name: 'shop' }, { name: 'day', type: 'date' }, { name: 'n', type: 'integer' }], primaryKey: ['shop', 'day'] };
    const problems = check(schema(table), 'shop,day,n\na,2020-01-01,1\na,2020-01-02,2\nb,2020-01-01,3\na,2020-01-01,4\n,2020-01-03,5\n');
    assert.deepEqual(found(problems), [
      ['primary-key', 'primaryKey', 4, 0],
      ['required', undefined, 5, 0],
    ]);
    assert.equal(problems[0].message, 'Row 5 repeats the primary key (shop, day) of row 2');
  });

  it('a primaryKey given as a bare string (Table Schema v1)', () => {
    assert.deepEqual(found(check(schema({ fields: [{ name: 'id' }], primaryKey: 'id' }), 'id\nx\nx\n')), [['primary-key', 'primaryKey', 2, 0]]);
  });

  it('uniqueKeys are unique together and leave out rows with a null member', () => {
    const table: TableSchema = { fields: [{ name: 'a' }, { name: 'b' }], uniqueKeys: [['a', 'b']] };
    const problems = check(schema(table), 'a,b\n1,x\n1,y\n1,\n1,\n1,x\n');
    assert.deepEqual(found(problems), [['unique-error', 'uniqueKeys', 5, 0]]);
    assert.equal(problems[0].message, 'Row 6 repeats the unique key (a, b) of row 2');
  });

  it('uniqueKeys tell tuples apart whatever their values hold: ("x\\u0001y", "z") is not ("x", "y\\u0001z")', () => {
    const table: TableSchema = { fields: [{ name: 'a' }, { name: 'b' }], uniqueKeys: [['a', 'b']] };
    assert.deepEqual(found(check(schema(table), 'a,b\nx\u0001y,z\nx,y\u0001z\n1:x,y\n1,x1:y\n')), []);
  });

  it('missing-label for a required field whose header is absent, and only for required ones', () => {
    const table: TableSchema = { fields: [{ name: 'id', constraints: { required: true } }, { name: 'note' }] };
    assert.deepEqual(found(check(schema(table), 'other\nx\n')), [['missing-label', undefined, 0, 0]]);
  });

  it('header rules add to schema fields of the same label, case-insensitively', () => {
    const contract = schema({ fields: [{ name: 'Price', type: 'number' }] }, { price: { field: 'amount', constraints: { minimum: 0 } } });
    assert.deepEqual(found(check(contract, 'PRICE\n1\n-1\nx\n')), [
      ['constraint-error', 'minimum', 2, 0],
      ['type-error', 'number', 3, 0],
    ]);
  });
});

describe('schema errors, at their positions', () => {
  const faultsOf = (text: string) => {
    const result = parseConfig(text);
    assert.ok(!result.ok, 'the config is refused');
    return result.problems.map((p) => [p.range.start.line, p.range.start.character, p.message.split('. See')[0]]);
  };

  it('an unknown type, at the type', () => {
    const faults = faultsOf('{"contracts": [{"files": ["*.csv"],\n "headers": {"a": {"type": "money"}}}]}');
    assert.deepEqual(faults[0].slice(0, 2), [1, 27]);
    assert.match(String(faults[0][2]), /must be one of "string", "integer"/);
  });

  it('a constraint the type does not support, at the constraint', () => {
    assert.deepEqual(faultsOf('{"contracts": [{"files": ["*.csv"],\n "headers": {"a": {"type": "boolean", "constraints": {"minimum": 1}}}}]}'), [
      [1, 65, 'The boolean type does not support the minimum constraint (it supports required, enum)'],
    ]);
  });

  it('a limit that is not a value of the type, and a pattern that is no regular expression', () => {
    assert.deepEqual(
      faultsOf(
        '{"contracts": [{"files": ["*.csv"], "headers": {\n "d": {"type": "date", "constraints": {"minimum": "soon"}},\n "s": {"constraints": {"pattern": "("}}}}]}',
      ),
      [
        [1, 50, 'minimum "soon" is not a date value for this field'],
        [2, 34, 'pattern is not a valid regular expression: a group "(" is never closed (at character 1 of the pattern)'],
      ],
    );
  });

  it('a format the type does not have, format "any", and an unknown strptime directive', () => {
    const faults = faultsOf(
      '{"contracts": [{"files": ["*.csv"], "headers": {\n "a": {"format": "phone"},\n "b": {"type": "date", "format": "any"},\n "c": {"type": "date", "format": "%Q"},\n "d": {"type": "integer", "format": "x"}}}]}',
    );
    assert.deepEqual(
      faults.map((f) => f.slice(0, 2)),
      [
        [1, 17],
        [2, 33],
        [3, 33],
        [4, 36],
      ],
    );
    assert.match(String(faults[0][2]), /The string type has no format "phone"/);
    assert.match(String(faults[1][2]), /format "any" is not supported/);
    assert.match(String(faults[2][2]), /"%Q" is not a strptime directive/);
    assert.match(String(faults[3][2]), /The integer type takes no format/);
  });

  it('a primaryKey or uniqueKeys entry that names no field, at the name', () => {
    assert.deepEqual(
      faultsOf('{"contracts": [{"files": ["*.csv"], "schema": {"fields": [{"name": "a"}],\n "primaryKey": ["a", "b"], "uniqueKeys": [["c"]]}}]}'),
      [
        [1, 21, 'The primaryKey names "b", which is not a field of this schema'],
        [1, 43, 'The uniqueKeys entry names "c", which is not a field of this schema'],
      ],
    );
  });

  it('a Table Schema file: required outside constraints, and a field without a name', () => {
    const outside = parseTableSchema('{"fields": [\n {"name": "a", "required": true}]}');
    assert.ok(!outside.ok);
    assert.deepEqual(outside.problems[0].range.start, { line: 1, character: 27 });
    assert.match(outside.problems[0].message, /"required" goes inside "constraints"/);
    const nameless = parseTableSchema('{"fields": [{"type": "string"}]}');
    assert.ok(!nameless.ok);
    assert.match(nameless.problems[0].message, /must have "name"/);
  });

  it('a contract needs headers or a schema', () => {
    const result = parseConfig('{"contracts": [{"files": ["*.csv"]}]}');
    assert.ok(!result.ok);
  });
});

describe('hostile contracts', () => {
  it('refuses a pattern that a linear-time engine cannot run (lookarounds, backreferences), at the pattern', () => {
    const result = parseConfig('{"contracts": [{"files": ["*.csv"], "headers": {"a": {"constraints": {"pattern": "(?=a)a+b"}}}}]}');
    assert.ok(!result.ok);
    assert.match(result.problems[0].message, /pattern is not a valid regular expression: a lookahead, .* \(at character 1 of the pattern\)/);
    assert.equal(result.problems[0].range.start.character, 81, 'at the pattern');
  });

  it('says whether a repeat count is too large itself or only multiplied by the counts it nests (RE2 gives one error for both)', () => {
    const reason = (pattern: string) => {
      const result = parseConfig(JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { a: { constraints: { pattern } } } }] }));
      assert.ok(!result.ok);
      return result.problems[0].message.replace(/^pattern is not a valid regular expression: /, '').replace(/\. See .*$/, '');
    };
    assert.equal(reason('a{1001}'), 'the repeat count {1001} is out of order or above 1000 (at character 2 of the pattern)');
    assert.equal(reason('a{5,2}'), 'the repeat count {5,2} is out of order or above 1000 (at character 2 of the pattern)');
    assert.equal(
      reason('(.{0,999}a){9}'),
      'the repeat count {9} times the counts inside it is above 1000 (RE2 expands nested repeats): lower the counts, or use * or + (at character 12 of the pattern)',
    );
  });
});

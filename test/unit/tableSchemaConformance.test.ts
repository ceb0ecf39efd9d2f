// Conformance: the Table Schema spec's own examples, and frictionless-py v5's documented behaviour, each with
// where the expectation comes from. The spec is https://datapackage.org/standard/table-schema/ (v2; the text is
// frictionlessdata/datapackage content/docs/standard/table-schema.mdx); frictionless-py's guide is
// https://framework.frictionlessdata.io/docs/guides/validating-data.html and its errors reference.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contract } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { castFor } from '../../shared/src/schema/castValue';
import { TableSchema } from '../../shared/src/schema/tableSchema';
import { INVALID } from '../../shared/src/schema/temporal';

const withSchema = (schema: TableSchema): Contract => ({ files: ['*'], schema });
/** [code, reason, row as the user sees it] of each problem. */
const problems = (schema: TableSchema, csv: string) => validateCsv(csv, withSchema(schema)).problems.map((p) => [p.code, p.reason, p.range.start.line + 1]);
const valid = (schema: TableSchema, csv: string) => assert.deepEqual(problems(schema, csv), [], 'valid');

describe('Table Schema spec, "Field Constraints": each example is invalid, for the reason the spec gives', () => {
  it('required: "invalid because the name field is missing a value for the second row"', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string', constraints: { required: true } },
      ],
    };
    assert.deepEqual(problems(schema, 'id,name\n1,apple\n2,\n'), [['required', undefined, 3]]);
  });

  it('unique: "invalid because the name field has a duplicate value"', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string', constraints: { unique: true } },
      ],
    };
    assert.deepEqual(problems(schema, 'id,name\n1,apple\n2,apple\n'), [['unique-error', 'unique', 3]]);
  });

  it('minLength 5: "plum" is too short; maxLength 5: "grapefruit" is too long', () => {
    assert.deepEqual(
      problems(
        {
          fields: [
            { name: 'id', type: 'integer' },
            { name: 'name', type: 'string', constraints: { minLength: 5 } },
          ],
        },
        'id,name\n1,apple\n2,plum\n',
      ),
      [['constraint-error', 'minLength', 3]],
    );
    assert.deepEqual(
      problems(
        {
          fields: [
            { name: 'id', type: 'integer' },
            { name: 'name', type: 'string', constraints: { maxLength: 5 } },
          ],
        },
        'id,name\n1,apple\n2,grapefruit\n',
      ),
      [['constraint-error', 'maxLength', 3]],
    );
  });

  it('minimum 100 (50 too low), maximum 100 (150 too high), exclusiveMinimum 0 (0 too low), exclusiveMaximum 150 (150 too high)', () => {
    const price = (constraints: object): TableSchema => ({
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string' },
        { name: 'price', type: 'integer', constraints },
      ],
    });
    assert.deepEqual(problems(price({ minimum: 100 }), 'id,name,price\n1,apple,100\n2,orange,50\n'), [['constraint-error', 'minimum', 3]]);
    assert.deepEqual(problems(price({ maximum: 100 }), 'id,name,price\n1,apple,100\n2,orange,150\n'), [['constraint-error', 'maximum', 3]]);
    assert.deepEqual(problems(price({ exclusiveMinimum: 0 }), 'id,name,price\n1,apple,100\n2,orange,0\n'), [['constraint-error', 'exclusiveMinimum', 3]]);
    assert.deepEqual(problems(price({ exclusiveMaximum: 150 }), 'id,name,price\n1,apple,100\n2,orange,150\n'), [['constraint-error', 'exclusiveMaximum', 3]]);
  });

  it('pattern "^a.*$": "orange" does not match', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string', constraints: { pattern: '^a.*$' } },
      ],
    };
    assert.deepEqual(problems(schema, 'id,name\n1,apple\n2,orange\n'), [['constraint-error', 'pattern', 3]]);
  });

  it('enum ["apple"]: "orange" is not in it', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string', constraints: { enum: ['apple'] } },
      ],
    };
    assert.deepEqual(problems(schema, 'id,name\n1,apple\n2,orange\n'), [['constraint-error', 'enum', 3]]);
  });
});

describe('Table Schema spec, fields and types', () => {
  it('missingValues: "" and NA are missing for column1, only "-" for column2 (field-level replaces schema-level)', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'column1', type: 'integer', constraints: { required: true } },
        { name: 'column2', type: 'integer', missingValues: ['-'], constraints: { required: true } },
      ],
      missingValues: ['', 'NA'],
    };
    assert.deepEqual(problems(schema, 'column1,column2\nNA,-\n,1\n1,NA\n'), [
      ['required', undefined, 2],
      ['required', undefined, 2],
      ['required', undefined, 3],
      ['type-error', 'integer', 4],
    ]);
  });

  it('number: the lexical examples -1.23, 12678967.543233, +100000.00, 210; NaN, INF, -INF in any case; an E exponent', () => {
    const cast = castFor({ type: 'number' });
    assert.deepEqual(['-1.23', '12678967.543233', '+100000.00', '210', '1E5', '1e-2'].map(cast), [-1.23, 12678967.543233, 100000, 210, 100000, 0.01]);
    assert.deepEqual(['NaN', 'nan', 'INF', 'inf', '-INF', '-Inf'].map(cast), [NaN, NaN, Infinity, Infinity, -Infinity, -Infinity]);
  });

  it('number and integer: bareNumber false strips "95%", "€95" and "EUR 95"; groupChar "," reads "100,000"', () => {
    for (const type of ['number', 'integer'] as const) {
      assert.deepEqual(['95%', '€95', 'EUR 95'].map(castFor({ type, bareNumber: false })), [95, 95, 95], type);
      assert.equal(castFor({ type, groupChar: ',' })('100,000'), 100000, type);
    }
  });

  it('boolean: trueValues [ "true", "True", "TRUE", "1" ] and falseValues [ "false", "False", "FALSE", "0" ] by default', () => {
    const cast = castFor({ type: 'boolean' });
    assert.deepEqual(['true', 'True', 'TRUE', '1', 'false', 'False', 'FALSE', '0', 'yes'].map(cast), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      INVALID,
    ]);
  });

  it('datetime: 2024-01-26T15:00:00 and 2024-01-26T15:00:00.300-05:00; the pattern %d/%m/%Y %H:%M:%S reads 12/11/2018 09:15:32', () => {
    assert.equal(castFor({ type: 'datetime' })('2024-01-26T15:00:00'), Date.parse('2024-01-26T15:00:00Z'));
    assert.equal(castFor({ type: 'datetime' })('2024-01-26T15:00:00.300-05:00'), Date.parse('2024-01-26T20:00:00.300Z'));
    assert.equal(castFor({ type: 'datetime', format: '%d/%m/%Y %H:%M:%S' })('12/11/2018 09:15:32'), Date.parse('2018-11-12T09:15:32Z'));
  });

  it('date yyyy-mm-dd (2024-01-26), time hh:mm:ss (15:00:00), year YYYY, yearmonth YYYY-MM', () => {
    assert.notEqual(castFor({ type: 'date' })('2024-01-26'), INVALID);
    assert.notEqual(castFor({ type: 'time' })('15:00:00'), INVALID);
    assert.equal(castFor({ type: 'year' })('2024'), 2024);
    assert.notEqual(castFor({ type: 'yearmonth' })('2024-01'), INVALID);
  });

  it('geopoint: "90.50, 45.50" (the space is optional), [90.50, 45.50], {"lon": 90.50, "lat": 45.50} with exactly those two keys', () => {
    assert.equal(castFor({ type: 'geopoint' })('90.50, 45.50'), '90.5,45.5');
    assert.equal(castFor({ type: 'geopoint' })('90.50,45.50'), '90.5,45.5');
    assert.equal(castFor({ type: 'geopoint', format: 'array' })('[90.50, 45.50]'), '90.5,45.5');
    assert.equal(castFor({ type: 'geopoint', format: 'object' })('{"lon": 90.50, "lat": 45.50}'), '90.5,45.5');
    assert.equal(castFor({ type: 'geopoint', format: 'object' })('{"lon": 90.50, "lat": 45.50, "alt": 3}'), INVALID);
  });

  it('list: "value1,value2" by default; with itemType the items read as that type', () => {
    assert.deepEqual(castFor({ type: 'list' })('value1,value2'), ['value1', 'value2']);
    assert.deepEqual(castFor({ type: 'list', itemType: 'date' })('2024-01-01,2024-01-02'), [19723, 19724]);
  });

  it('any: a CSV id "1" stays the text "1"', () => {
    assert.equal(castFor({ type: 'any' })('1'), '1');
    valid(
      {
        fields: [
          { name: 'id', type: 'any' },
          { name: 'name', type: 'any' },
        ],
      },
      'id,name\n1,apple\n2,orange\n',
    );
  });

  it('format "fmt:%d/%m/%Y" (Data Package v0) is read without its prefix', () => {
    assert.notEqual(castFor({ type: 'date', format: 'fmt:%d/%m/%Y' })('26/01/2024'), INVALID);
  });
});

describe('frictionless-py v5 documented behaviour', () => {
  it('row numbers count the header as row 1 (the row-position of its errors)', () => {
    assert.deepEqual(problems({ fields: [{ name: 'n', type: 'integer' }] }, 'n\n1\nx\n'), [['type-error', 'integer', 3]]);
  });

  it('a primary key is unique and required together: "primary-key" on the row; its cells are implicitly required', () => {
    const schema: TableSchema = { fields: [{ name: 'a' }, { name: 'b' }], primaryKey: ['a', 'b'] };
    assert.deepEqual(problems(schema, 'a,b\n1,1\n1,2\n1,1\n,3\n'), [
      ['primary-key', 'primaryKey', 4],
      ['required', undefined, 5],
    ]);
  });

  it('unique skips nulls: several empty cells in a unique column are fine', () => {
    valid({ fields: [{ name: 'a', constraints: { unique: true } }, { name: 'b' }] }, 'a,b\n,1\n,2\n');
  });

  it('a type error is reported, and the constraints of that cell are not checked', () => {
    assert.deepEqual(problems({ fields: [{ name: 'n', type: 'integer', constraints: { minimum: 5, enum: [5] } }] }, 'n\nx\n'), [['type-error', 'integer', 2]]);
  });

  it('missing-label for a required field whose header is absent; blank rows are left out', () => {
    assert.deepEqual(problems({ fields: [{ name: 'id', constraints: { required: true } }, { name: 'x' }] }, 'x\n1\n\n2\n'), [['missing-label', undefined, 1]]);
  });

  it('a required field in a short row gives both a missing-cell and a missing value (frictionless: constraint-error)', () => {
    assert.deepEqual(problems({ fields: [{ name: 'a' }, { name: 'b', constraints: { required: true } }] }, 'a,b\n1\n'), [
      ['missing-cell', undefined, 2],
      ['required', undefined, 2],
    ]);
  });

  it('the default error limit is 1000, and the rest are counted', () => {
    const report = validateCsv(`n\n${'x\n'.repeat(1200)}`, withSchema({ fields: [{ name: 'n', type: 'integer' }] }));
    assert.equal(report.problems.length, 1001);
    assert.equal(report.hiddenProblems, 200);
  });
});

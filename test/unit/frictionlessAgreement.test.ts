// Where Loadline and frictionless-py v5 disagreed (issue 22, class 9), each case with the frictionless-py test or
// change it comes from, or the Table Schema spec text (frictionlessdata/datapackage, table-schema.mdx).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseTableSchema } from '../../shared/src/contract/parse/parseConfig';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { castFor } from '../../shared/src/schema/castValue';
import { FieldOptions, TableSchema } from '../../shared/src/schema/tableSchema';
import { INVALID } from '../../shared/src/schema/temporal';

const cast = (options: FieldOptions, raw: string) => castFor(options)(raw);
const check = (schema: TableSchema, csv: string) =>
  validateCsv(csv, { files: ['*'], schema }).problems.map((p) => [p.code, p.range.start.line + 1, p.range.start.character, p.message]);
const configMessages = (schema: object) => {
  const result = parseConfig(JSON.stringify({ contracts: [{ files: ['*.csv'], schema }] }, null, 2));
  return result.ok ? [] : result.problems.map((p) => [p.range.start.line, p.message]);
};

describe('numbers, as frictionless-py reads them', () => {
  // tests/fields/test_number.py, test_number_read_cell, the "Issue 1005" cases.
  it('decimalChar "," without groupChar: a "." is no decimal mark, "1.234" is not a number', () => {
    assert.equal(cast({ type: 'number', decimalChar: ',' }, '1.234'), INVALID);
    assert.equal(cast({ type: 'number', decimalChar: ',', bareNumber: false }, '1.234.'), INVALID);
    assert.equal(cast({ type: 'number', decimalChar: ',', bareNumber: false }, '1234.'), 1234);
    assert.equal(cast({ type: 'number', decimalChar: ',' }, '1,5'), 1.5);
    // test_number_group_char_issue_1444: with groupChar "." the dot is a group mark.
    assert.equal(cast({ type: 'number', decimalChar: ',', groupChar: '.' }, '8.699,8'), 8699.8);
  });

  // tests/fields/test_integer.py and tests/fields/test_number.py: ("default", " 01 ", 1, {}).
  it('" 01 " is 1 in an integer and in a number column', () => {
    assert.equal(cast({ type: 'integer' }, ' 01 '), 1);
    assert.equal(cast({ type: 'number' }, ' 01 '), 1);
    assert.equal(cast({ type: 'number' }, ' 2.5e1'), 25);
    assert.deepEqual(check({ fields: [{ name: 'n', type: 'integer', constraints: { maximum: 1 } }] }, 'n\n 01 \n'), []);
    assert.equal(cast({ type: 'integer' }, ' '), INVALID);
  });

  // tests/fields/test_integer.py: (1 << 63, 1 << 63); a constraint's value is read as the field's type.
  it('integers at or above 2^53 in enum, minimum and maximum compare exactly', () => {
    const field = (constraints: object): TableSchema => ({ fields: [{ name: 'n', type: 'integer', constraints }] });
    assert.deepEqual(check(field({ enum: [9007199254740992] }), 'n\n9007199254740992\n'), []);
    assert.deepEqual(check(field({ enum: ['9007199254740993'] }), 'n\n9007199254740993\n'), []);
    assert.deepEqual(check(field({ maximum: 9007199254740992 }), 'n\n9007199254740992\n'), []);
    assert.equal(check(field({ maximum: 9007199254740992 }), 'n\n9007199254740993\n')[0][0], 'constraint-error');
    assert.deepEqual(check(field({ minimum: 9007199254740992 }), 'n\n9007199254740992\n'), []);
    assert.deepEqual(configMessages({ fields: [{ name: 'n', type: 'integer', constraints: { minimum: 1.5 } }] }).length, 1);
  });
});

describe('dates and times, as Python builds them', () => {
  // tests/fields/test_time.py and test_date.py read with datetime.strptime, whose datetime takes seconds 0-59 and years 1-9999.
  it('23:59:60 and 23:59:61 are no times; year 0000 is no date', () => {
    assert.equal(cast({ type: 'time' }, '23:59:60'), INVALID);
    assert.equal(cast({ type: 'time' }, '23:59:61'), INVALID);
    assert.equal(cast({ type: 'time', format: '%H:%M:%S' }, '23:59:60'), INVALID);
    assert.equal(cast({ type: 'datetime' }, '2026-12-31T23:59:60Z'), INVALID);
    assert.equal(cast({ type: 'date' }, '0000-01-01'), INVALID);
    assert.equal(cast({ type: 'date', format: '%d/%m/%Y' }, '01/01/0000'), INVALID);
    assert.notEqual(cast({ type: 'date' }, '0001-01-01'), INVALID);
  });

  it('"%I" without "%p" is refused at config time, at the format', () => {
    const messages = configMessages({ fields: [{ name: 't', type: 'time', format: '%I:%M' }] });
    assert.equal(messages.length, 1);
    assert.match(String(messages[0][1]), /"%I" is a 12-hour clock hour: add "%p"/);
    assert.deepEqual(configMessages({ fields: [{ name: 't', type: 'time', format: '%I:%M %p' }] }), []);
  });

  // CPython's _strptime names a group per directive: a repeat is re.error "redefinition of group name" (hp22 01).
  for (const format of ['%Y-%m-%Y', '%d %d/%m/%Y', '%m'.repeat(32)]) {
    it(`a format that repeats a directive (${format.slice(0, 12)}) is refused at config time, naming it`, () => {
      const messages = configMessages({ fields: [{ name: 'd', type: 'date', format }] });
      assert.equal(messages.length, 1);
      assert.match(String(messages[0][1]), /"%[Ydm]" appears twice: each directive may appear once/);
    });
  }

  it('"%%" twice is no repeated directive', () => {
    assert.deepEqual(configMessages({ fields: [{ name: 'd', type: 'date', format: '%%%Y%%%m%%%d' }] }), []);
  });

  // Python 3.7+ strptime reads "Z" for %z (datetime.strptime('2024-01-01 10:00Z', '%Y-%m-%d %H:%M%z')), and refuses "z" (hp22 13).
  it('"%z" reads "Z" as UTC, as Python does, and not "z"', () => {
    const format = { type: 'datetime' as const, format: '%Y-%m-%d %H:%M%z' };
    assert.equal(cast(format, '2024-01-01 10:00Z'), cast(format, '2024-01-01 10:00+00:00'));
    assert.notEqual(cast(format, '2024-01-01 10:00Z'), INVALID);
    assert.equal(cast(format, '2024-01-01 10:00z'), INVALID);
    assert.notEqual(cast(format, '2024-01-01 10:00+05:30'), INVALID);
  });

  // CPython's _strptime compiles its pattern IGNORECASE: a literal letter matches in either case, in every pattern.
  it('literal letters in a format match in either case, whichever reader takes the pattern', () => {
    const iso = { type: 'datetime' as const, format: '%Y-%m-%dT%H:%M:%S' };
    assert.equal(cast(iso, '2026-01-02t10:00:00'), cast(iso, '2026-01-02T10:00:00'));
    assert.notEqual(cast(iso, '2026-01-02T10:00:00'), INVALID);
    // With whitespace the regular expression reads it: the same answer.
    const spaced = { type: 'datetime' as const, format: '%Y-%m-%d T%H:%M:%S' };
    assert.equal(cast(spaced, '2026-01-02 t10:00:00'), cast(iso, '2026-01-02T10:00:00'));
    assert.equal(cast({ type: 'date', format: '%Yy%mm%dd' }, '2026Y01M02D'), cast({ type: 'date' }, '2026-01-02'));
  });
});

describe('the schema and the header', () => {
  // frictionless-py PR #1798 ("raise when ignoring case creates ambiguous fields"): fields a and A are an error.
  it('fields "a" and "A" are a schema error at the second one', () => {
    const schema = { fields: [{ name: 'a' }, { name: 'b' }, { name: 'A', type: 'integer' }] };
    const inline = configMessages(schema);
    assert.equal(inline.length, 1);
    assert.match(String(inline[0][1]), /Field "A" repeats field 1 \("a"\)/);
    const file = parseTableSchema(JSON.stringify(schema, null, 2));
    assert.ok(!file.ok);
    assert.equal(file.problems[0].range.start.line, 9, 'the second name');
    const headers = parseConfig(JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { id: {}, ID: { type: 'integer' } } }] }));
    assert.ok(!headers.ok && /Header rule "ID" repeats "id"/.test(headers.problems[0].message));
  });

  // The spec, "fieldsMatch": exact (same fields, in order), equal (same fields), subset (all fields, maybe more),
  // superset (only fields, maybe fewer), partial (at least one field).
  it('fieldsMatch: extra-label, missing-label and incorrect-label where each applies', () => {
    const schema = (fieldsMatch: TableSchema['fieldsMatch']): TableSchema => ({ fieldsMatch, fields: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const codes = (match: TableSchema['fieldsMatch'], csv: string) => check(schema(match), csv).map(([code, , character]) => `${code}@${character}`);
    assert.deepEqual(codes('exact', 'a,b,c\n1,2,3\n'), []);
    assert.deepEqual(codes('exact', 'a,c,b\n1,2,3\n'), ['incorrect-label@2', 'incorrect-label@4']);
    assert.deepEqual(codes('exact', 'a,b,c,d\n1,2,3,4\n'), ['extra-label@6']);
    assert.deepEqual(codes('exact', 'a,b\n1,2\n'), ['missing-label@0']);
    assert.deepEqual(codes('equal', 'c,a,b\n1,2,3\n'), []);
    assert.deepEqual(codes('equal', 'c,a,d\n1,2,3\n'), ['missing-label@0', 'extra-label@4']);
    assert.deepEqual(codes('subset', 'c,a,b,d\n1,2,3,4\n'), []);
    assert.deepEqual(codes('subset', 'c,a\n1,2\n'), ['missing-label@0']);
    assert.deepEqual(codes('superset', 'c,a\n1,2\n'), []);
    assert.deepEqual(codes('superset', 'c,x\n1,2\n'), ['extra-label@2']);
    assert.deepEqual(codes('partial', 'x,b\n1,2\n'), []);
    assert.deepEqual(codes('partial', 'x,y\n1,2\n'), ['missing-label@0', 'missing-label@0', 'missing-label@0']);
    // Without fieldsMatch, Loadline's default: any header, only required fields must be there.
    assert.deepEqual(codes(undefined, 'x,y\n1,2\n'), []);
    assert.match(String(check(schema('exact'), 'a,c,b\n1,2,3\n')[0][3]), /Header "c" in column 2 should be "b"/);
  });

  // hp22b 08: a header "é" typed as "e" and a combining accent (NFD) was both an extra-label and a missing-label,
  // two messages naming what looks like one name, and the second called the field "required", which it was not.
  it('labels compare in Unicode NFC, and a missing-label of fieldsMatch does not call its field required', () => {
    const schema = (fieldsMatch: TableSchema['fieldsMatch'], required?: true): TableSchema => ({
      fieldsMatch,
      fields: [{ name: '\u00e9', type: 'integer', ...(required && { constraints: { required } }) }, { name: 'b' }],
    });
    assert.deepEqual(check(schema('equal'), 'e\u0301,b\n1,2\n'), []);
    assert.deepEqual(
      check({ fields: [{ name: 'e\u0301', type: 'integer' }] }, '\u00e9\nx\n').map(([code]) => code),
      ['type-error'],
    );
    const messages = (fieldsMatch: TableSchema['fieldsMatch'], csv: string, required?: true) =>
      check(schema(fieldsMatch, required), csv).map(([, , , message]) => message);
    assert.deepEqual(messages('equal', 'b\n2\n'), ['Missing header "\u00e9": the schema\'s fieldsMatch "equal" wants every field in the header']);
    assert.deepEqual(messages('partial', 'x\n2\n'), [
      'Missing header "\u00e9": the schema\'s fieldsMatch "partial" wants at least one of its fields in the header',
      'Missing header "b": the schema\'s fieldsMatch "partial" wants at least one of its fields in the header',
    ]);
    assert.deepEqual(messages('equal', 'b\n2\n', true), ['Missing required header "\u00e9"']);
  });

  it('a short row names every missing column, with the right grammar', () => {
    const messages = (csv: string) => validateCsv(csv, undefined).problems.map((p) => p.message);
    assert.deepEqual(messages('a,b,c\n1\n'), ['Row 2 has 1 cell, the header has 3: b and c are missing']);
    assert.deepEqual(messages('a,b,c,d\n1\n'), ['Row 2 has 1 cell, the header has 4: b, c and d are missing']);
    assert.deepEqual(messages('a,b,c\n1,2\n'), ['Row 2 has 2 cells, the header has 3: c is missing']);
    assert.deepEqual(messages('a\n1,2\n'), ['Row 2 has 2 cells, the header has 1']);
    const wide = Array.from({ length: 30 }, (_, i) => `c${i}`).join(',');
    assert.deepEqual(messages(`${wide}\n1\n`), ['Row 2 has 1 cell, the header has 30: c1, c2, c3, c4, c5, c6, c7, c8, c9 and 20 more are missing']);
  });
});

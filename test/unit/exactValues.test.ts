import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { ColumnType } from '../../shared/src/mapping/declaredMapping';
import { numberText, parseExact, plainDecimal } from '../../shared/src/mapping/values/exactNumber';
import { ColumnLimits } from '../../shared/src/mapping/ingestMapping';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { counted } from '../../shared/src/text/counted';
import { fuzz } from '../support/fuzz';

/** The stored text of `raw` (a JSON value as written in the line) in a column of `type`, or REJECT and the reason. */
function stored(type: ColumnType, raw: string, limits?: ColumnLimits): string {
  const mapping = compileMapping({ name: 'x', table: 't', key: 'id', columns: { id: { from: 'id' }, v: { from: 'v', type } } });
  if (limits) mapping.columns[1].limits = limits;
  const mapped = mapLine(`{"id":"k","v":${raw}}`, mapping);
  return mapped.kind === 'row' ? String(mapped.values[1]) : mapped.kind === 'reject' ? `REJECT ${mapped.reason}` : 'BLANK';
}

const table = (type: ColumnType, limits: ColumnLimits | undefined, cases: [string, string][]) => {
  for (const [raw, expected] of cases) assert.equal(stored(type, raw, limits), expected, `${type} ${raw}`);
};

describe('numbers: read as written, stored exactly or rejected', () => {
  it('a number into DECIMAL keeps every digit: 30-digit values, -0, exponents; 1e400 is too large', () => {
    table('number', { decimal: { precision: 40, scale: 10 } }, [
      ['123456789012345678901234567890', '123456789012345678901234567890'],
      ['-123456789012345678901234567890.0000000001', '-123456789012345678901234567890.0000000001'],
      ['1234567890123456789012345678901', 'REJECT v 1234567890123456789012345678901 is larger than v holds (DECIMAL(40,10))'],
      ['0.12345678901', 'REJECT v 0.12345678901 has more decimals than v holds (DECIMAL(40,10))'],
      ['-0', '0'],
      ['1.50', '1.5'],
      ['1.5e3', '1500'],
      ['1e-10', '0.0000000001'],
      ['"1e3"', '1000'],
      ['1e400', 'REJECT v 1e400 is a number too large for any column'],
      ['-1e400', 'REJECT v -1e400 is a number too large for any column'],
      ['1e-400', 'REJECT v 1e-400 has more decimals than v holds (DECIMAL(40,10))'],
    ]);
  });

  it('a number into DOUBLE is its nearest double, unless that is infinite or 0', () => {
    table('number', undefined, [
      ['123456789012345678901234567890', '123456789012345678901234567890'],
      ['-0', '-0'],
      ['1e400', 'REJECT v 1e400 is a number too large for v (DOUBLE)'],
      ['-1e400', 'REJECT v -1e400 is a number too large for v (DOUBLE)'],
      ['1e-400', 'REJECT v 1e-400 is too close to zero for v, which would store 0'],
    ]);
    table('number', { floatBits: 24 }, [['1e39', 'REJECT v 1e39 is a number too large for v (FLOAT)']]);
  });

  it('an integer into FLOAT or DOUBLE only when exact: 2^24 and 2^53 are, 2^24+1 and 2^53+1 are not', () => {
    const rounded = (n: string, bits: number) =>
      `REJECT v ${n} would be rounded by v: a ${bits === 24 ? 'FLOAT' : 'DOUBLE'} holds whole numbers exactly only up to 2^${bits}; use a DECIMAL or BIGINT column`;
    table('integer', { floatBits: 24 }, [
      ['16777215', '16777215'],
      ['16777216', '16777216'],
      ['16777217', rounded('16777217', 24)],
      ['-16777217', rounded('-16777217', 24)],
      ['33554432', '33554432'],
    ]);
    table('integer', { floatBits: 53 }, [
      ['9007199254740991', '9007199254740991'],
      ['9007199254740992', '9007199254740992'],
      ['9007199254740993', rounded('9007199254740993', 53)],
      ['-9007199254740993', rounded('-9007199254740993', 53)],
    ]);
  });

  it('an integer into BIGINT is exact to its last digit; 1e400 is too large, not "Infinity"', () => {
    table('integer', undefined, [
      ['9223372036854775807', '9223372036854775807'],
      ['-9223372036854775808', '-9223372036854775808'],
      ['9223372036854775808', 'REJECT v 9223372036854775808 is outside the range of v (-9223372036854775808 to 9223372036854775807)'],
      ['1.0', '1'],
      ['1e3', '1000'],
      ['-0', '0'],
      ['1e400', 'REJECT v 1e400 is a number too large for any column'],
      ['-1e400', 'REJECT v -1e400 is a number too large for any column'],
    ]);
    table('unix-seconds', undefined, [['1e400', 'REJECT v 1e400 is a number too large for any column']]);
  });

  it('a long number is named as written: stored by a string column that accepts numbers, else in the wrong-type reason', () => {
    const mapping = compileMapping({ name: 'x', table: 't', key: 'id', columns: { id: { from: 'id' }, s: { from: 's', acceptNumbers: true } } });
    assert.deepEqual(mapLine('{"id":"k","s":12345678901234567890123}', mapping), { kind: 'row', values: ['k', '12345678901234567890123'] });
    // A whole number in any spelling is its plain digits (hp21 10); one that is not whole is named as written.
    assert.deepEqual(mapLine('{"id":"k","s":1.5e3}', mapping), { kind: 'row', values: ['k', '1500'] });
    assert.deepEqual(mapLine('{"id":"k","s":1.5e0}', mapping), {
      kind: 'reject',
      code: 'value-error',
      reason: 's 1.5e0 is not a whole number; s takes numbers only as whole numbers, stored as their digits',
      at: { kind: 'value', path: ['s'] },
    });
    table('boolean', undefined, [['12345678901234567890123', 'REJECT wrong type for v: expected true or false, got number 12345678901234567890123']]);
  });

  it('numbers inside a json value are stored as written', () => {
    table('json', undefined, [
      [
        '{"a":1.50,"b":12345678901234567890123,"c":-0,"d":1e400,"e":[1E2,0.0000001]}',
        '{"a":1.50,"b":12345678901234567890123,"c":-0,"d":1e400,"e":[1E2,0.0000001]}',
      ],
    ]);
  });

  it('property: every JSON number in a line reaches the columns as written, whichever parse read it', () => {
    const numbers = fc.stringMatching(/^-?(0|[1-9]\d{0,24})(\.\d{1,24})?([eE][+-]?\d{1,3})?$/);
    fc.assert(
      fc.property(numbers, fc.constantFrom('', ' '), (text, space) => {
        const line = `{"id":"k","v":${space}${text}}`;
        const event = parseExact(line, JSON.parse(line)) as { v: unknown };
        assert.equal(numberText(event.v), text);
      }),
      fuzz(2000),
    );
  });

  it('plainDecimal writes any number in plain digits, exactly', () => {
    assert.equal(plainDecimal('1.2345e-3'), '0.0012345');
    assert.equal(plainDecimal('-12.5e1'), '-125');
    assert.equal(plainDecimal('1e64'), '1' + '0'.repeat(64));
    assert.deepEqual(plainDecimal('1e65'), { fault: 'too-large' });
    assert.deepEqual(plainDecimal('1e-39'), { fault: 'too-precise' });
  });
});

describe('times: stored as written or rejected', () => {
  it('years 0000 to 9999 are kept, as written (Date.UTC moved 0000 to 0099 into the 1900s)', () => {
    table('datetime', undefined, [
      ['"0000-01-01T00:00:00Z"', '0000-01-01 00:00:00'],
      ['"0099-12-31T23:59:59Z"', '0099-12-31 23:59:59'],
      ['"9999-12-31T23:59:59.999999Z"', '9999-12-31 23:59:59.999999'],
      ['"0000-01-01T00:30:00+01:00"', 'REJECT v "0000-01-01T00:30:00+01:00" is outside the years 0000 to 9999'],
      ['"9999-12-31T23:30:00-01:00"', 'REJECT v "9999-12-31T23:30:00-01:00" is outside the years 0000 to 9999'],
    ]);
    table('date', { secondsRange: { min: 1, max: 2147483647 } }, [['"0070-01-02"', 'REJECT v "0070-01-02" is outside the range of v']]);
  });

  it('offsets of -14:00 to +14:00 are taken; beyond is rejected', () => {
    table('datetime', undefined, [
      ['"2024-01-01T00:00:00+14:00"', '2023-12-31 10:00:00'],
      ['"2024-01-01T00:00:00-14:00"', '2024-01-01 14:00:00'],
      ['"2024-01-01T00:00:00+14:01"', 'REJECT v "2024-01-01T00:00:00+14:01" has the offset +14:01, outside -14:00 to +14:00'],
      ['"2024-01-01T00:00:00-1401"', 'REJECT v "2024-01-01T00:00:00-1401" has the offset -1401, outside -14:00 to +14:00'],
      ['"2024-01-01T00:00:00+05:60"', 'REJECT v "2024-01-01T00:00:00+05:60" has the offset +05:60, outside -14:00 to +14:00'],
    ]);
  });

  it('a fraction of 0 to 7 digits against precisions 0 to 6: kept when it fits, else rejected (trailing zeros are not digits)', () => {
    for (let precision = 0; precision <= 6; precision++) {
      for (let digits = 0; digits <= 7; digits++) {
        const fraction = '1234567'.slice(0, digits);
        const raw = `"2024-01-01T00:00:00${digits ? `.${fraction}` : ''}Z"`;
        const keeps = precision === 0 ? 'whole seconds' : counted(precision, 'fractional digit');
        const expected =
          digits <= precision
            ? `2024-01-01 00:00:00${digits ? `.${fraction}` : ''}`
            : `REJECT v ${raw} has ${counted(digits, 'fractional digit')} of a second, and v keeps ${keeps}`;
        assert.equal(stored('datetime', raw, { fractionDigits: precision }), expected, `${raw} into DATETIME(${precision})`);
      }
      assert.equal(stored('datetime', '"2024-01-01T00:00:00.5000000Z"', { fractionDigits: precision }).startsWith('REJECT'), precision === 0);
    }
  });

  it('unix times into DATETIME are stored exactly, negative and past 2038 included; a millisecond a column cannot keep is rejected', () => {
    table('unix-seconds', { fractionDigits: 0 }, [
      ['-1', '1969-12-31 23:59:59'],
      ['4102444800', '2100-01-01 00:00:00'],
      ['-62167219200', '0000-01-01 00:00:00'],
      ['-62167219201', 'REJECT v -62167219201 is outside the years 0000 to 9999, which v holds'],
      ['253402300800', 'REJECT v 253402300800 is outside the years 0000 to 9999, which v holds'],
      ['1.5', 'REJECT v 1.5 has a fraction; the column stores whole seconds'],
    ]);
    table('unix-millis', { fractionDigits: 0 }, [
      ['1554000000000', '2019-03-31 02:40:00'],
      ['1554000000007', 'REJECT v 1554000000007 has 3 fractional digits of a second, and v keeps whole seconds'],
      ['-1', 'REJECT v -1 has 3 fractional digits of a second, and v keeps whole seconds'],
    ]);
    table('unix-millis', { fractionDigits: 3 }, [['-1', '1969-12-31 23:59:59.999']]);
  });

  it('a character the column set cannot store rejects the line', () => {
    table('string', { charset: 'latin1' }, [
      ['"café €"', 'café €'],
      ['"smile 😀"', 'REJECT v holds "😀" (U+1F600), which v (latin1) cannot store'],
      ['"ĉ"', 'REJECT v holds "ĉ" (U+0109), which v (latin1) cannot store'],
    ]);
    table('string', { charset: 'utf8mb3' }, [
      ['"ĉ"', 'ĉ'],
      ['"😀"', 'REJECT v holds "😀" (U+1F600), which v (utf8mb3) cannot store'],
    ]);
  });
});

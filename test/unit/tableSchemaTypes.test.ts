// Exact expectations per type, format and option: each row is [field options, cell text, expected value or
// INVALID]. Values are what the engine compares: numbers for numbers, days since 1970-01-01 for dates,
// milliseconds since midnight for times, milliseconds since the epoch for datetimes, months since year 0 for
// yearmonths, seconds for durations, "lon,lat" for geopoints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { castFor } from '../../shared/src/schema/castValue';
import { FieldOptions } from '../../shared/src/schema/tableSchema';
import { INVALID } from '../../shared/src/schema/temporal';

type Row = [FieldOptions, string, unknown];
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
const ms = (iso: string) => Date.parse(iso);
const clock = (h: number, m: number, s: number, milli = 0) => ((h * 60 + m) * 60 + s) * 1000 + milli;

function check(rows: Row[]): void {
  for (const [options, raw, expected] of rows) {
    const actual = castFor(options)(raw);
    assert.deepEqual(actual, expected, `${JSON.stringify(options)} ${JSON.stringify(raw)}`);
  }
}

describe('Table Schema types: casting a cell', () => {
  it('string and its formats: default, email, uri, uuid, binary', () => {
    check([
      [{ type: 'string' }, 'anything at all', 'anything at all'],
      [{ type: 'string' }, '', ''],
      [{ type: 'string', format: 'email' }, 'ann@example.com', 'ann@example.com'],
      [{ type: 'string', format: 'email' }, 'ann.lee+tag@mail.example.co.uk', 'ann.lee+tag@mail.example.co.uk'],
      [{ type: 'string', format: 'email' }, 'ann@example', INVALID],
      [{ type: 'string', format: 'email' }, 'ann example.com', INVALID],
      [{ type: 'string', format: 'email' }, 'a@b@c.io', INVALID],
      [{ type: 'string', format: 'uri' }, 'https://example.com/a?b=1', 'https://example.com/a?b=1'],
      [{ type: 'string', format: 'uri' }, 'mailto:ann@example.com', 'mailto:ann@example.com'],
      [{ type: 'string', format: 'uri' }, 'example.com/a', INVALID],
      [{ type: 'string', format: 'uri' }, 'https://exa mple.com', INVALID],
      [{ type: 'string', format: 'uuid' }, '123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456-426614174000'],
      [{ type: 'string', format: 'uuid' }, '{123E4567-E89B-12D3-A456-426614174000}', '{123E4567-E89B-12D3-A456-426614174000}'],
      [{ type: 'string', format: 'uuid' }, '123e4567e89b12d3a456426614174000', '123e4567e89b12d3a456426614174000'],
      [{ type: 'string', format: 'uuid' }, '123e4567-e89b-12d3-a456-42661417400', INVALID],
      [{ type: 'string', format: 'binary' }, 'aGVsbG8=', 'aGVsbG8='],
      [{ type: 'string', format: 'binary' }, 'aGVsbG8', INVALID],
      [{ type: 'string', format: 'binary' }, 'aGV$bG8=', INVALID],
    ]);
  });

  it('integer: signs, bareNumber false, groupChar; never a fraction', () => {
    check([
      [{ type: 'integer' }, '42', 42],
      [{ type: 'integer' }, '-7', -7],
      [{ type: 'integer' }, '+7', 7],
      [{ type: 'integer' }, '007', 7],
      [{ type: 'integer' }, '12345678901234567890', 12345678901234567890n],
      [{ type: 'integer' }, '1.5', INVALID],
      [{ type: 'integer' }, '1e3', INVALID],
      // frictionless-py tests/fields/test_integer.py: ("default", " 01 ", 1, {}).
      [{ type: 'integer' }, ' 4', 4],
      [{ type: 'integer' }, '12x', INVALID],
      [{ type: 'integer' }, '-', INVALID],
      [{ type: 'integer', bareNumber: false }, '€95', 95],
      [{ type: 'integer', bareNumber: false }, '95%', 95],
      [{ type: 'integer', bareNumber: false }, 'EUR 1', 1],
      [{ type: 'integer' }, '95%', INVALID],
      [{ type: 'integer', groupChar: ',' }, '1,234,567', 1234567],
      [{ type: 'integer', groupChar: ' ' }, '1 234', 1234],
      [{ type: 'integer', groupChar: ',' }, '1.234', INVALID],
    ]);
  });

  it('number: decimalChar, groupChar, bareNumber, exponents and the special values', () => {
    check([
      [{ type: 'number' }, '3.14', 3.14],
      [{ type: 'number' }, '-0.5', -0.5],
      [{ type: 'number' }, '.5', 0.5],
      [{ type: 'number' }, '5.', 5],
      [{ type: 'number' }, '1e-3', 0.001],
      [{ type: 'number' }, '10', 10],
      [{ type: 'number' }, 'NaN', NaN],
      [{ type: 'number' }, 'INF', Infinity],
      [{ type: 'number' }, '-INF', -Infinity],
      [{ type: 'number' }, '1,5', INVALID],
      [{ type: 'number' }, '1.2.3', INVALID],
      [{ type: 'number' }, 'abc', INVALID],
      [{ type: 'number', decimalChar: ',' }, '1,5', 1.5],
      [{ type: 'number', decimalChar: ',', groupChar: '.' }, '1.234.567,89', 1234567.89],
      [{ type: 'number', groupChar: ',' }, '1,234.5', 1234.5],
      [{ type: 'number', groupChar: "'" }, "1'234.50", 1234.5],
      [{ type: 'number', bareNumber: false }, '€1.50', 1.5],
      [{ type: 'number', bareNumber: false }, '12.5%', 12.5],
      [{ type: 'number', bareNumber: false, groupChar: ',' }, '$1,000.25 USD', 1000.25],
      [{ type: 'number' }, '€1.50', INVALID],
    ]);
  });

  it('boolean: the default values, and trueValues/falseValues replacing them', () => {
    check([
      [{ type: 'boolean' }, 'true', true],
      [{ type: 'boolean' }, 'True', true],
      [{ type: 'boolean' }, 'TRUE', true],
      [{ type: 'boolean' }, '1', true],
      [{ type: 'boolean' }, 'false', false],
      [{ type: 'boolean' }, '0', false],
      [{ type: 'boolean' }, 'yes', INVALID],
      [{ type: 'boolean' }, 'tRUE', INVALID],
      [{ type: 'boolean', trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] }, 'yes', true],
      [{ type: 'boolean', trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] }, 'N', false],
      [{ type: 'boolean', trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] }, 'true', INVALID],
      [{ type: 'boolean', trueValues: ['yes'] }, '0', false],
    ]);
  });

  it('date: ISO by default, strptime patterns (%d/%m/%Y, %d/%m/%y, %b), and only dates that exist', () => {
    check([
      [{ type: 'date' }, '2024-02-29', day('2024-02-29')],
      [{ type: 'date' }, '2023-02-29', INVALID],
      [{ type: 'date' }, '2024-13-01', INVALID],
      [{ type: 'date' }, '2024-1-01', INVALID],
      [{ type: 'date' }, '2024-01-01T00:00:00', INVALID],
      [{ type: 'date' }, '1969-12-31', -1],
      [{ type: 'date', format: 'default' }, '2000-01-01', day('2000-01-01')],
      [{ type: 'date', format: '%d/%m/%Y' }, '28/11/2026', day('2026-11-28')],
      [{ type: 'date', format: '%d/%m/%Y' }, '1/2/2020', day('2020-02-01')],
      [{ type: 'date', format: '%d/%m/%Y' }, '31/02/2020', INVALID],
      [{ type: 'date', format: '%d/%m/%Y' }, '2020-02-01', INVALID],
      [{ type: 'date', format: '%d/%m/%y' }, '05/06/68', day('2068-06-05')],
      [{ type: 'date', format: '%d/%m/%y' }, '05/06/69', day('1969-06-05')],
      [{ type: 'date', format: '%d/%m/%y' }, '05/06/2069', INVALID],
      [{ type: 'date', format: '%d %b %Y' }, '03 Mar 2021', day('2021-03-03')],
      [{ type: 'date', format: '%B %d, %Y' }, 'March 3, 2021', day('2021-03-03')],
      [{ type: 'date', format: '%Y%m%d' }, '20210303', day('2021-03-03')],
      [{ type: 'date', format: '%Y-%j' }, '2021-060', day('2021-03-01')],
    ]);
  });

  it('time: hh:mm:ss by default with fraction and offset, strptime (%H:%M, %I:%M %p)', () => {
    check([
      [{ type: 'time' }, '09:30:00', clock(9, 30, 0)],
      [{ type: 'time' }, '23:59:59.5', clock(23, 59, 59, 500)],
      [{ type: 'time' }, '09:30:00Z', clock(9, 30, 0)],
      [{ type: 'time' }, '09:30:00+01:00', clock(8, 30, 0)],
      [{ type: 'time' }, '09:00', INVALID],
      [{ type: 'time' }, '24:00:00', INVALID],
      [{ type: 'time' }, '12:60:00', INVALID],
      [{ type: 'time', format: '%H:%M' }, '09:00', clock(9, 0, 0)],
      [{ type: 'time', format: '%H:%M' }, '9:05', clock(9, 5, 0)],
      [{ type: 'time', format: '%H:%M' }, '09:00:00', INVALID],
      [{ type: 'time', format: '%I:%M %p' }, '12:15 AM', clock(0, 15, 0)],
      [{ type: 'time', format: '%I:%M %p' }, '01:15 pm', clock(13, 15, 0)],
      [{ type: 'time', format: '%I:%M %p' }, '13:15 PM', INVALID],
    ]);
  });

  it('datetime: ISO 8601 with T, fraction, Z or an offset (stored in UTC); strptime with %z', () => {
    check([
      [{ type: 'datetime' }, '2026-11-28T10:15:00Z', ms('2026-11-28T10:15:00Z')],
      [{ type: 'datetime' }, '2026-11-28T10:15:00', ms('2026-11-28T10:15:00Z')],
      [{ type: 'datetime' }, '2026-11-28T10:15:00.250Z', ms('2026-11-28T10:15:00.250Z')],
      [{ type: 'datetime' }, '2026-11-28T10:15:00+02:00', ms('2026-11-28T08:15:00Z')],
      [{ type: 'datetime' }, '2026-11-28T10:15:00-0530', ms('2026-11-28T15:45:00Z')],
      [{ type: 'datetime' }, '2026-11-28 10:15:00', INVALID],
      [{ type: 'datetime' }, '2026-11-31T10:15:00Z', INVALID],
      [{ type: 'datetime' }, '2026-11-28T25:15:00Z', INVALID],
      [{ type: 'datetime' }, '2026-11-28', INVALID],
      [{ type: 'datetime', format: '%Y-%m-%d %H:%M:%S' }, '2026-11-28 10:15:00', ms('2026-11-28T10:15:00Z')],
      [{ type: 'datetime', format: '%d/%m/%Y %H:%M' }, '28/11/2026 10:15', ms('2026-11-28T10:15:00Z')],
      [{ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' }, '2026-11-28T10:15:00+0100', ms('2026-11-28T09:15:00Z')],
      [{ type: 'datetime', format: '%Y-%m-%dT%H:%M:%S.%f' }, '2026-11-28T10:15:00.5', ms('2026-11-28T10:15:00.500Z')],
    ]);
  });

  it('%z: an offset of 24 hours or more, or of 60 minutes or more, is refused (Python strptime, frictionless)', () => {
    const f = { type: 'datetime', format: '%Y-%m-%dT%H:%M:%S%z' } as const;
    check([
      [f, '2026-11-28T10:15:00+2500', INVALID],
      [f, '2026-11-28T10:15:00-24:00', INVALID],
      [f, '2026-11-28T10:15:00+0160', INVALID],
      [f, '2026-11-28T10:15:00+2359', ms('2026-11-27T10:16:00Z')],
    ]);
  });

  it('year, yearmonth and duration', () => {
    check([
      [{ type: 'year' }, '2026', 2026],
      [{ type: 'year' }, '26', INVALID],
      [{ type: 'year' }, '2026.0', INVALID],
      [{ type: 'yearmonth' }, '2026-11', 2026 * 12 + 10],
      [{ type: 'yearmonth' }, '2026-13', INVALID],
      [{ type: 'yearmonth' }, '2026-1', INVALID],
      [{ type: 'duration' }, 'P1DT2H', 86400 + 7200],
      [{ type: 'duration' }, 'PT30M', 1800],
      [{ type: 'duration' }, 'P1Y2M', 365 * 86400 + 60 * 86400],
      [{ type: 'duration' }, 'P2W', 14 * 86400],
      [{ type: 'duration' }, 'PT1.5S', 1.5],
      [{ type: 'duration' }, 'P', INVALID],
      [{ type: 'duration' }, 'PT', INVALID],
      [{ type: 'duration' }, '1 day', INVALID],
    ]);
  });

  it('object, array, list (delimiter, itemType), geopoint (default, array, object) and any', () => {
    check([
      [{ type: 'object' }, '{"a": 1}', { a: 1 }],
      [{ type: 'object' }, '[1]', INVALID],
      [{ type: 'object' }, '{"a": 1', INVALID],
      [{ type: 'object' }, 'null', INVALID],
      [{ type: 'array' }, '[1, "two"]', [1, 'two']],
      [{ type: 'array' }, '{"a": 1}', INVALID],
      [{ type: 'list' }, 'a,b,c', ['a', 'b', 'c']],
      [{ type: 'list', delimiter: ';', itemType: 'integer' }, '1;2;3', [1, 2, 3]],
      [{ type: 'list', delimiter: ';', itemType: 'integer' }, '1;two;3', INVALID],
      [{ type: 'list', itemType: 'boolean' }, 'true,false', [true, false]],
      [{ type: 'geopoint' }, '90, 45', '90,45'],
      [{ type: 'geopoint' }, '-122.4,37.8', '-122.4,37.8'],
      [{ type: 'geopoint' }, '190, 45', INVALID],
      [{ type: 'geopoint' }, '90, 95', INVALID],
      [{ type: 'geopoint' }, '90', INVALID],
      [{ type: 'geopoint', format: 'array' }, '[90, 45]', '90,45'],
      [{ type: 'geopoint', format: 'array' }, '[90, 45, 3]', INVALID],
      [{ type: 'geopoint', format: 'object' }, '{"lon": 90, "lat": 45}', '90,45'],
      [{ type: 'geopoint', format: 'object' }, '{"lon": 90}', INVALID],
      [{ type: 'any' }, 'whatever 123', 'whatever 123'],
    ]);
  });
});

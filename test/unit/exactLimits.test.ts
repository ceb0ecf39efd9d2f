// enum, minimum, maximum and the exclusive limits compare exactly however many digits the config writes: integers
// past 2^53 as integers, numbers past 15 significant digits as decimals (issue 22, class 9; frictionless-py compares
// Python ints and Decimals). The config is parsed from its text, where the number's digits are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { fuzz } from '../support/fuzz';

type Limit = 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'enum';

/** The problems of one cell under a field whose constraint is written as `limitText` in the config's text. */
function check(type: 'integer' | 'number', limit: Limit, limitText: string, cell: string): string[] {
  const text = `{"contracts": [{"files": ["*.csv"], "headers": {"n": {"type": "${type}", "constraints": {"${limit}": ${limitText}}}}}]}`;
  const parsed = parseConfig(text);
  assert.ok(parsed.ok, text);
  return validateCsv(`n\n${cell}\n`, parsed.config.contracts[0]).problems.map((p) => p.message);
}

describe('limits past what a double holds', () => {
  it('an integer enum or maximum at 2^53 + 1 takes that very cell, and refuses its neighbours', () => {
    assert.deepEqual(check('integer', 'enum', '[9007199254740993]', '9007199254740993'), []);
    assert.deepEqual(check('integer', 'enum', '[9007199254740992]', '9007199254740993'), [
      'Value "9007199254740993" in n (row 2) is not one of "9007199254740992" (enum)',
    ]);
    assert.deepEqual(check('integer', 'maximum', '9007199254740993', '9007199254740993'), []);
    assert.deepEqual(check('integer', 'maximum', '9007199254740993', '9007199254740994'), [
      'Value "9007199254740994" in n (row 2) is above the maximum 9007199254740993',
    ]);
    assert.deepEqual(check('integer', 'exclusiveMinimum', '12345678901234567890123', '12345678901234567890123').length, 1);
    assert.deepEqual(check('integer', 'minimum', '1e20', '100000000000000000000'), []);
  });

  it('a number limit of 17 significant digits compares with the cell as decimals, not as the double both round to', () => {
    assert.deepEqual(check('number', 'maximum', '1.0000000000000001', '1.0000000000000002').length, 1);
    assert.deepEqual(check('number', 'maximum', '1.0000000000000001', '1.0000000000000001'), []);
    assert.deepEqual(check('number', 'minimum', '0.1', '0.09999999999999999999').length, 1);
    assert.deepEqual(check('number', 'enum', '[0.30000000000000001]', '0.3').length, 1);
    assert.deepEqual(check('number', 'enum', '[0.30000000000000001]', '0.300000000000000010'), []);
  });

  it("a limit past a double's range (1e400, 1e-400) compares exactly, and INF is beyond every finite limit", () => {
    for (const type of ['integer', 'number'] as const) {
      assert.deepEqual(check(type, 'maximum', '1e400', `1${'0'.repeat(400)}`), [], type);
      assert.equal(check(type, 'maximum', '1e400', `1${'0'.repeat(401)}`).length, 1, type);
      assert.deepEqual(check(type, 'enum', '[1e400]', `1${'0'.repeat(400)}`), [], type);
      assert.equal(check(type, 'exclusiveMinimum', '-1e400', `-1${'0'.repeat(400)}`).length, 1, type);
    }
    assert.deepEqual(check('number', 'enum', '[1e400]', 'INF'), ['Value "INF" in n (row 2) is not one of "1e400" (enum)']);
    assert.equal(check('number', 'enum', '[1e400]', '1e401').length, 1);
    assert.deepEqual(check('number', 'enum', '[1e400]', '10e399'), []);
    assert.deepEqual(check('number', 'maximum', '1e400', 'INF'), ['Value "INF" in n (row 2) is above the maximum 1e400']);
    assert.equal(check('number', 'minimum', '-1e400', '-INF').length, 1);
    assert.equal(check('number', 'exclusiveMaximum', '1e400', '1e401').length, 1);
    assert.equal(check('number', 'minimum', '1e-400', '0').length, 1);
    assert.equal(check('number', 'minimum', '1e-400', '1e-401').length, 1);
    assert.deepEqual(check('number', 'minimum', '1e-400', '2e-400'), []);
    assert.equal(check('number', 'enum', '[0]', '1e-400').length, 1);
  });
});

/** A decimal as (digits, places): the model compares them as integers scaled alike. */
const decimal = fc.record({ digits: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), places: fc.integer({ min: 0, max: 25 }) });
type Decimal = { digits: bigint; places: number };
const textOf = ({ digits, places }: Decimal) => {
  const plain = (digits < 0n ? -digits : digits).toString().padStart(places + 1, '0');
  return `${digits < 0n ? '-' : ''}${places === 0 ? plain : `${plain.slice(0, -places)}.${plain.slice(-places)}`}`;
};
const compare = (a: Decimal, b: Decimal) => {
  const scale = Math.max(a.places, b.places);
  const x = a.digits * 10n ** BigInt(scale - a.places);
  const y = b.digits * 10n ** BigInt(scale - b.places);
  return x < y ? -1 : x > y ? 1 : 0;
};
const passes = (limit: Limit, order: number) =>
  ({ minimum: order >= 0, maximum: order <= 0, exclusiveMinimum: order > 0, exclusiveMaximum: order < 0, enum: order === 0 })[limit];
const limitName = fc.constantFrom<Limit>('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum');
/** Near 2^53, where doubles skip integers, and far past it; the cell is often the limit or next to it. */
const integer = fc.oneof(fc.bigInt({ min: 2n ** 53n - 50n, max: 2n ** 53n + 50n }), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }));

/** A number in scientific notation, often past a double's range or in its subnormals; the model compares it exactly. */
const scientific = fc.record({ digits: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), exponent: fc.integer({ min: -420, max: 420 }) });
type Scientific = { digits: bigint; exponent: number };
const scaled = ({ digits, exponent }: Scientific, base: number) => digits * 10n ** BigInt(exponent - base);

describe('property: limits agree with an exact model', () => {
  it("numbers in scientific notation, past a double's range or in its subnormals: the cell passes exactly when the model says so", () => {
    fc.assert(
      fc.property(limitName, scientific, fc.oneof(scientific, fc.bigInt({ min: -2n, max: 2n })), (limit, bound, near) => {
        // Often the limit's digits moved one unit in a far place: the same double (or both Infinity), a different number.
        const cell = typeof near === 'bigint' ? { digits: bound.digits * 10n ** 30n + near, exponent: bound.exponent - 30 } : near;
        const base = Math.min(bound.exponent, cell.exponent);
        const x = scaled(cell, base);
        const y = scaled(bound, base);
        const limitText = `${bound.digits}e${bound.exponent}`;
        assert.equal(
          check('number', limit, limit === 'enum' ? `[${limitText}]` : limitText, `${cell.digits}e${cell.exponent}`).length === 0,
          passes(limit, x < y ? -1 : x > y ? 1 : 0),
          `${limit} ${limitText}, cell ${cell.digits}e${cell.exponent}`,
        );
      }),
      fuzz(300),
    );
  });

  it('integers: the cell passes exactly when BigInt comparison says so', () => {
    fc.assert(
      fc.property(limitName, integer, fc.oneof(integer, fc.integer({ min: -2, max: 2 })), (limit, bound, near) => {
        const cell = typeof near === 'number' ? bound + BigInt(near) : near;
        const limitText = limit === 'enum' ? `[${bound}]` : String(bound);
        const order = cell < bound ? -1 : cell > bound ? 1 : 0;
        assert.equal(check('integer', limit, limitText, String(cell)).length === 0, passes(limit, order), `${limit} ${limitText}, cell ${cell}`);
      }),
      fuzz(300),
    );
  });

  it('numbers: the cell passes exactly when decimal comparison says so', () => {
    fc.assert(
      fc.property(limitName, decimal, fc.oneof(decimal, fc.bigInt({ min: -2n, max: 2n })), (limit, bound, near) => {
        // Often one unit in the last of 25 places away: the same double, a different decimal.
        const cell = typeof near === 'bigint' ? { digits: bound.digits * 10n ** BigInt(25 - bound.places) + near, places: 25 } : near;
        const limitText = limit === 'enum' ? `[${textOf(bound)}]` : textOf(bound);
        assert.equal(
          check('number', limit, limitText, textOf(cell)).length === 0,
          passes(limit, compare(cell, bound)),
          `${limit} ${limitText}, cell ${textOf(cell)}`,
        );
      }),
      fuzz(300),
    );
  });
});

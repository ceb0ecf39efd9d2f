// The parse room's pieces (shared/src/ingest/parse/): the order a range's rows are loaded in, a CSV range read once,
// missing values, and number cells kept as written.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkCleanRange } from '../../shared/src/ingest/parse/checkCleanRange';
import { csvValue } from '../../shared/src/ingest/parse/csvValue';
import { canonicalInteger, shortDecimalValue } from '../../shared/src/ingest/parse/plainNumber';
import { newTableCollations } from '../../shared/src/ingest/parse/keyCollation';
import { CsvRangeConfig, parseCsvRange } from '../../shared/src/ingest/parse/parseCsvRange';
import { CsvInput } from '../../shared/src/ingest/source/inputKind';
import { sortByKey } from '../../shared/src/ingest/parse/sortByKey';
import { rawCsvPlan } from '../../shared/src/ingest/parse/rawCsvRecords';
import { rawCsvSql } from '../../shared/src/ingest/load/loadRawCsv';
import { csvMapping } from '../../shared/src/ingest/source/csvMapping';
import { findCsvMapping } from '../../shared/src/ingest/source/findMapping';
import { fuzz } from '../support/fuzz';
import { tempDir } from '../support/ingestFixtures';

describe('sortByKey (the order a range is loaded in)', () => {
  const ordered = (keys: string[]) => [...sortByKey([], keys).order];

  it('sorts integer keys as numbers, as the key column orders them, with ties in file order', () => {
    // As strings these went in as 1, 10, 100, 2: the order of the file, scattered.
    assert.deepEqual(ordered(['10', '2', '100', '1', '2', '-3']), [5, 3, 1, 4, 0, 2]);
    assert.deepEqual(ordered(['1', '2', '3', '10', '100']), [0, 1, 2, 3, 4]);
  });

  it("sorts other keys as strings; one key that is no integer's one spelling makes them all strings", () => {
    assert.deepEqual(ordered(['b', 'a', 'c', 'a']), [1, 3, 0, 2]);
    assert.deepEqual(ordered(['10', '9', '09']), [2, 0, 1]);
  });

  it('is a permutation in key order with ties in file order, for any keys', () => {
    const key = fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('a', 'b', '007', '1e3', ''));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        const order = ordered(keys);
        assert.deepEqual(
          [...order].sort((a, b) => a - b),
          keys.map((_, i) => i),
        );
        const numeric = keys.every((k) => /^(?:0|-?[1-9]\d*)$/.test(k));
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1], order[i]];
          const compared = numeric ? Number(keys[a]) - Number(keys[b]) : keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
          assert.ok(compared < 0 || (compared === 0 && a < b), `${keys[a]} (row ${a}) before ${keys[b]} (row ${b})`);
        }
      }),
    );
  });
});

describe('checkCleanRange (a CSV range checked for the fast path)', () => {
  it('hands a range that is not clean to the parse as the text it read: the file is read once, and the parse is the same', async () => {
    const dir = tempDir();
    try {
      const contract = {
        contracts: [
          { files: ['*.csv'], headers: { id: { type: 'integer', required: true }, qty: { type: 'integer' } }, schema: { fields: [], primaryKey: 'id' } },
        ],
      };
      fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(contract));
      const file = path.join(dir, 'data.csv');
      // Row 3 is rejected (qty is no integer): the range is not clean after two clean rows.
      fs.writeFileSync(file, 'id,qty\n1,5\n2,6\n3,x\n4,7\n');
      const { mapping, input } = await findCsvMapping(file, 'data');
      assert.equal(input.kind, 'csv');
      const config = { file, mapping, keyCollations: newTableCollations(mapping), csv: input.kind === 'csv' ? input.csv : assert.fail() };
      const range = { index: 0, start: 'id,qty\n'.length, end: fs.statSync(file).size, firstLine: 1 };
      const opened: string[] = [];
      const open = fs.promises.open;
      fs.promises.open = (...args: Parameters<typeof open>) => (opened.push(String(args[0])), open(...args));
      try {
        const { clean, read } = await checkCleanRange(config, range);
        assert.equal(clean, undefined);
        const parsed = await parseCsvRange(config, range, () => false, read);
        assert.deepEqual(opened, [file], 'one read of the file for the check and the parse');
        assert.deepEqual(parsed, await parseCsvRange(config, range, () => false));
        assert.equal(parsed.counts.rejected, 1);
        assert.deepEqual(parsed.rows.keys, ['1', '2', '4']);
      } finally {
        fs.promises.open = open;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Runs `test` on a CSV `text` under a contract of one Table Schema, written to a temporary folder (removed after) and
 * found as a load finds it, with its body as one range.
 */
async function withCsv(
  schema: Record<string, unknown>,
  text: string,
  test: (loaded: {
    mapping: Awaited<ReturnType<typeof findCsvMapping>>['mapping'];
    csv: CsvInput;
    config: CsvRangeConfig;
    range: { index: number; start: number; end: number; firstLine: number };
  }) => Promise<void> | void,
): Promise<void> {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], schema }] }));
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, text);
    const { mapping, input } = await findCsvMapping(file, 'data');
    const csv = input.kind === 'csv' ? input.csv : assert.fail();
    const range = { index: 0, start: text.indexOf('\n') + 1, end: Buffer.byteLength(text), firstLine: 1 };
    await test({ mapping, csv, config: { file, mapping, keyCollations: newTableCollations(mapping), csv }, range });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("a CSV's missing values (the schema's missingValues) in a load", () => {
  it('are NULL in a typed, an untyped and an unchecked column, and keep a range clean: the fast path reads them as NULL too', async () => {
    // city has no rule to check (the check leaves it unbound), note only a required one (untyped), qty a type.
    const fields = [{ name: 'id', type: 'integer' }, { name: 'city' }, { name: 'note', constraints: { required: true } }, { name: 'qty', type: 'integer' }];
    // "na" and "NA " are no missing value: the tokens match exactly.
    const text = 'id,city,note,qty\n1,NA,a,-\n2,Oslo,b,NA\n3,-,c,\n4,na,d,5\n5,NA ,e,6\n';
    await withCsv({ fields, primaryKey: 'id', missingValues: ['', 'NA', '-'] }, text, async ({ mapping, csv, config, range }) => {
      const parsed = await parseCsvRange(config, range, () => false);
      assert.equal(parsed.counts.rejected, 0);
      assert.deepEqual(parsed.rows.values, [
        ['1', null, 'a', null],
        ['2', 'Oslo', 'b', null],
        ['3', null, 'c', null],
        ['4', 'na', 'd', '5'],
        ['5', 'NA ', 'e', '6'],
      ]);
      const { clean } = await checkCleanRange(config, range);
      assert.ok(clean, 'a range whose only nulls are missing values is clean');
      const plan = rawCsvPlan(csv, false) ?? assert.fail();
      const sql = rawCsvSql(mapping, plan, clean.rawCsv!.emptyColumns, '\n', 'range');
      assert.match(sql, /`city` = IF\(LENGTH\(@c1\) = 0 OR BINARY @c1 IN \('NA', '-'\), NULL, @c1\)/);
      assert.match(sql, /`qty` = IF\(LENGTH\(@c3\) = 0 OR BINARY @c3 IN \('NA', '-'\), NULL, @c3\)/);
      // id and note are never missing here: they load straight into their columns.
      assert.match(sql, /\(`id`, @c1, `note`, @c3\)/);
    });
  });

  it('leave an empty cell the text "" when the list has no "", in a checked column or not (hp13 01)', async () => {
    const fields = [{ name: 'id', type: 'integer' }, { name: 'plain' }, { name: 'capped', constraints: { maxLength: 10 } }];
    await withCsv({ fields, primaryKey: 'id', missingValues: ['NA'] }, 'id,plain,capped\n1,,\n2,NA,NA\n', async ({ config, range }) => {
      const parsed = await parseCsvRange(config, range, () => false);
      assert.deepEqual(parsed.rows.values, [
        ['1', '', ''],
        ['2', null, null],
      ]);
    });
  });

  it('reject a row whose key cell is missing with the fix, where validate lets a unique column be empty (hp13)', async () => {
    const fields = [{ name: 'code', constraints: { unique: true } }, { name: 'city' }];
    await withCsv({ fields, missingValues: ['', 'NA'] }, 'code,city\nA1,Oslo\nNA,Rome\n', async ({ config, range }) => {
      const parsed = await parseCsvRange(config, range, () => false);
      assert.deepEqual(
        parsed.rejects.map((r) => [r.line, r.code]),
        [[3, 'required']],
      );
      assert.match(parsed.rejects[0].reason, /Missing value code: .*; give this row a value there, or key the table by a primaryKey that every row fills/);
    });
  });

  it('are not written into a statement by the thousand: such a file takes the parsed rows (hp13 03)', async () => {
    const tokens = ['', ...Array.from({ length: 20_000 }, (_, i) => `missing-${i}`)];
    const fields = [{ name: 'id', type: 'integer' }, { name: 'city' }];
    await withCsv({ fields, primaryKey: 'id', missingValues: tokens }, 'id,city\n1,missing-7\n2,Oslo\n', ({ csv }) => {
      assert.equal(rawCsvPlan(csv, false), undefined);
      // Two columns share the schema's one list.
      assert.equal(csv.columns[0].missingValues, csv.columns[1].missingValues);
    });
  });
});

describe('csvValue of a number cell that is its own SQL text (plainNumber)', () => {
  const { mapping } = csvMapping(
    { files: ['**'], headers: { n: { type: 'integer' }, x: { type: 'number' } }, schema: { fields: [], primaryKey: 'n' } },
    ['n', 'x'],
    't',
    'f',
  );
  const [integerColumn, numberColumn] = mapping.columns;
  // Spellings near the canonical ones: signs, leading zeros, points, exponents, and lengths around 15 digits.
  const digit = fc.constantFrom('0', '1', '7', '9');
  const spelling = fc.oneof(
    fc.string({ unit: fc.oneof(digit, fc.constantFrom('-', '+', '.', 'e')), maxLength: 18 }),
    fc
      .tuple(fc.constantFrom('', '-', '+'), fc.string({ unit: digit, minLength: 1, maxLength: 17 }), fc.option(fc.string({ unit: digit, maxLength: 4 })))
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`),
  );

  it("keeps an integer cell as written only when it is the cast's one spelling, else prints the cast", () => {
    fc.assert(
      fc.property(spelling, (raw) => {
        const cast = Number(raw);
        if (!Number.isSafeInteger(cast)) return;
        assert.equal(csvValue(raw, cast, 'integer', integerColumn), String(cast));
      }),
      fuzz(2000),
    );
    assert.equal(canonicalInteger('-0'), undefined);
    assert.equal(canonicalInteger('999999999999999'), 999999999999999);
    assert.equal(canonicalInteger('1000000000000000'), undefined);
  });

  it('takes the short path for a number cell exactly when the general path would store the cell as written', () => {
    const general = (raw: string) => /^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw) && raw.replace(/[-.]/g, '').length <= 15;
    fc.assert(
      fc.property(spelling, (raw) => {
        assert.equal(shortDecimalValue(raw), general(raw) ? Number(raw) : undefined, raw);
        if (general(raw)) assert.equal(csvValue(raw, Number(raw), 'number', numberColumn), raw);
      }),
      fuzz(2000),
    );
  });

  it('stores the number the contract read, also where "." is its group mark (1.500 read as 1500 is not stored as 1.5)', () => {
    fc.assert(
      fc.property(spelling, fc.boolean(), (raw, grouped) => {
        // What a contract with groupChar "." and decimalChar "," reads (1.500 is 1500), or with the defaults.
        const cast = Number(grouped ? raw.replace(/\./g, '') : raw);
        if (!Number.isFinite(cast) || raw.replace(/\D/g, '').length > 15) return;
        const stored = csvValue(raw, cast, 'number', numberColumn);
        // === and not Object.is: -0 may be stored as 0.
        if (typeof stored === 'string') assert.ok(Number(stored) === cast, `${raw} read as ${cast} is stored as ${stored}`);
      }),
      fuzz(2000),
    );
  });
});

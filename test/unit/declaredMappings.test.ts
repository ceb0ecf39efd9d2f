// Declared ingest mappings: their faults at the right positions, the types and paths of mapLine, the fit of an
// existing table, the choice of a mapping; and the CSV range planner, which must cut only between records.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { csvMapping } from '../../shared/src/ingest/source/csvMapping';
import { csvValue } from '../../shared/src/ingest/parse/csvValue';
import { readCsvSource } from '../../shared/src/ingest/source/csvSource';
import { DeclaredMapping } from '../../shared/src/mapping/declaredMapping';
import { EXACT_COLLATION } from '../../shared/src/ingest/parse/keyCollation';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { CHAT_DECLARATION, CHAT_MESSAGES } from '../../shared/src/mapping/chatMapping';
import { parseCsvRange } from '../../shared/src/ingest/parse/parseCsvRange';
import { mappingsMatching, pickMapping } from '../../shared/src/mapping/pickMapping';
import { planCsvRanges } from '../../shared/src/ingest/plan/planCsvRanges';
import { RepeatFinder } from '../../shared/src/ingest/keys/repeatFinder';
import { fitTable, TableColumn } from '../../shared/src/ingest/load/tableCheck';
import { fuzz } from '../support/fuzz';

/** Each problem as [line, character, message] (1-based line, as editors show it). */
function configProblems(text: string): [number, number, string][] {
  const result = parseConfig(text);
  assert.equal(result.ok, false, 'the config should be refused');
  return result.ok ? [] : result.problems.map((p) => [p.range.start.line + 1, p.range.start.character, p.message.replace(/ See .*$/, '')]);
}

describe('the ingest section of .loadline.json', () => {
  it('accepts the documented example and a config of mappings alone', () => {
    const result = parseConfig(JSON.stringify({ ingest: [{ ...CHAT_DECLARATION, files: ['logs/**/*.jsonl'] }] }));
    assert.ok(result.ok);
    assert.deepEqual(result.ok && result.config.contracts, []);
  });

  it('puts each fault the JSON Schema cannot see at its position', () => {
    const text = [
      '{',
      '  "ingest": [',
      '    {',
      '      "name": "a", "table": "t",',
      '      "key": ["id", "ghost"],',
      '      "columns": {',
      '        "id": { "from": "id" },',
      '        "bad": { "from": "a..b" },',
      '        "typed": { "from": { "x": "p" } },',
      '        "n": { "from": "n", "type": "integer", "maxLength": 3 },',
      '        "d": { "from": "d", "type": "date", "default": "soon" }',
      '      },',
      '      "indexes": [["nope"]]',
      '    },',
      '    { "name": "a", "table": "t2", "key": "id", "when": { "path": "k", "in": ["x"] },',
      '      "columns": { "id": { "from": "id", "required": false }, "v": { "from": { "y": "v" } } } }',
      '  ]',
      '}',
    ].join('\n');
    // Each fault starts at the value it is about: [line, the text found there, message].
    const at = (line: number, token: string, message: string) => [line, text.split('\n')[line - 1].indexOf(token), message];
    assert.deepEqual(configProblems(text), [
      at(5, '"ghost"', 'The key "ghost" is not one of the mapping\'s columns.'),
      at(8, '"a..b"', '"a..b" is not a path: write a.b[0].c, a JSON Pointer such as /a/b/0/c, or $ for the whole line.'),
      at(9, '{ "x"', '"from" by type needs a "when": its keys are the values of when.path.'),
      at(10, '3 }', '"maxLength" is for string columns.'),
      at(11, '"soon"', 'The default does not fit the column: wrong type for default: expected a date as YYYY-MM-DD, got string "soon".'),
      at(13, '"nope"', 'The index column "nope" is not one of the mapping\'s columns.'),
      at(15, '"a"', 'Mapping 2 has the name "a" of mapping 1; names pick mappings, so they must differ.'),
      at(16, 'false', '"id" is in the key, so it cannot be optional.'),
      at(16, '"v" }', '"y" is not one of when.in (x).'),
    ]);
  });

  it('refuses unknown types and properties through the JSON Schema, at the value', () => {
    const text = '{ "ingest": [ { "name": "a", "table": "t", "key": "id", "columns": { "id": { "from": "id", "type": "text", "size": 3 } } } ] }';
    assert.deepEqual(
      configProblems(text).map(([, character, message]) => [character, message]),
      [
        [
          text.indexOf('"text"'),
          '/ingest/0/columns/id/type must be one of "string", "integer", "number", "boolean", "unix-seconds", "unix-millis", "datetime", "date", "json".',
        ],
        [text.indexOf('"size"'), 'Unknown property "size" in /ingest/0/columns/id.'],
      ],
    );
  });
});

const mapping = (columns: DeclaredMapping['columns'], over: Partial<DeclaredMapping> = {}) =>
  compileMapping({ name: 't', table: 't', key: Object.keys(columns)[0], columns, ...over });
const mapOne = (type: string, value: unknown, extra: object = {}) => {
  const line = JSON.stringify({ id: 'k', v: value });
  const mapped = mapLine(line, mapping({ id: { from: 'id' }, v: { from: 'v', type: type as 'string', ...extra } }));
  return mapped.kind === 'row' ? mapped.values[1] : mapped.kind === 'reject' ? `REJECT ${mapped.reason}` : 'BLANK';
};

describe('mapLine with a declared mapping', () => {
  const cases: [string, unknown, string | null][] = [
    ['string', 'x', 'x'],
    ['string', 7, 'REJECT wrong type for v: expected a string, got number 7'],
    ['integer', 7, '7'],
    ['integer', '-7', '-7'],
    ['integer', '9223372036854775807', '9223372036854775807'],
    ['integer', '9223372036854775808', 'REJECT v 9223372036854775808 is outside the range of v (-9223372036854775808 to 9223372036854775807)'],
    ['integer', 2 ** 60, '1152921504606847000'],
    ['integer', 1.5, 'REJECT v 1.5 is not a whole number; v stores integers'],
    ['integer', '07', 'REJECT wrong type for v: expected an integer, got string "07"'],
    ['number', 7.25, '7.25'],
    ['number', '7.25', '7.25'],
    ['number', '1e3', '1e3'],
    ['number', 'Infinity', 'REJECT wrong type for v: expected a number, got string "Infinity"'],
    ['boolean', true, '1'],
    ['boolean', 'false', '0'],
    ['boolean', 1, 'REJECT wrong type for v: expected true or false, got number 1'],
    ['unix-seconds', 1554000000, '2019-03-31 02:40:00'],
    ['unix-seconds', '1554000000', '2019-03-31 02:40:00'],
    ['unix-seconds', 2147483648, "REJECT v 2147483648 is outside TIMESTAMP's range (1 to 2147483647 seconds)"],
    ['unix-millis', 1554000000007, '2019-03-31 02:40:00.007'],
    ['unix-millis', 999, "REJECT v 999 is outside TIMESTAMP(3)'s range (1000 to 2147483647999 milliseconds)"],
    ['unix-millis', 2147483647999, '2038-01-19 03:14:07.999'],
    ['unix-millis', 2147483648000, "REJECT v 2147483648000 is outside TIMESTAMP(3)'s range (1000 to 2147483647999 milliseconds)"],
    ['datetime', '2024-05-01T23:30:00-01:30', '2024-05-02 01:00:00'],
    ['datetime', '2024-05-01T12:00:00.5+0000', '2024-05-01 12:00:00.5'],
    ['datetime', '2024-02-30T12:00:00Z', 'REJECT v "2024-02-30T12:00:00Z" is not a real date and time'],
    [
      'datetime',
      '2024-05-01T12:00:00',
      'REJECT wrong type for v: expected an ISO 8601 date and time with an offset (2024-05-01T12:00:00Z), got string "2024-05-01T12:00:00"',
    ],
    ['date', '2024-02-29', '2024-02-29'],
    ['date', '2024-13-01', 'REJECT v "2024-13-01" is not a real date'],
    ['json', { a: [1] }, '{"a":[1]}'],
    ['json', 'x', 'REJECT wrong type for v: expected an object or an array, got string "x"'],
    ['string', null, null],
  ];
  for (const [type, value, expected] of cases) {
    it(`${type} ${JSON.stringify(value)} → ${expected}`, () => assert.equal(mapOne(type, value), expected));
  }

  it('stores the default of a missing value, and rejects a missing required one', () => {
    assert.equal(mapOne('integer', undefined, { default: 3 }), '3');
    assert.equal(mapOne('boolean', null, { default: true }), '1');
    assert.equal(mapOne('integer', undefined, { required: true }), 'REJECT missing required field v');
  });

  it('the built-in chat mapping is the declared example compiled, marked built in', () => {
    assert.deepEqual({ ...CHAT_MESSAGES, builtIn: false }, compileMapping(CHAT_DECLARATION));
    assert.equal(CHAT_MESSAGES.builtIn, true);
  });

  it('any JSON line gives one row of every column as text or NULL, or one reject, and never throws', () => {
    const declared = mapping(
      { id: { from: 'a.b[0]' }, n: { from: '/n', type: 'number' }, j: { from: '$', type: 'json' }, t: { from: { x: 'a' }, type: 'datetime' } },
      { when: { path: 'k', in: ['x', 'y'] } },
    );
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (line) => {
        const mapped = mapLine(line, declared);
        if (mapped.kind === 'row') {
          assert.equal(mapped.values.length, 4);
          for (const v of mapped.values) assert.ok(v === null || typeof v === 'string');
        } else assert.ok(mapped.kind === 'blank' || (mapped.kind === 'reject' && mapped.reason.length > 0));
      }),
      fuzz(300),
    );
  });
});

const column = (name: string, dataType: string, over: Partial<TableColumn> = {}): TableColumn => ({
  name,
  dataType,
  columnType: dataType,
  nullable: true,
  hasDefault: false,
  serverFilled: false,
  generated: false,
  maxChars: null,
  maxBytes: null,
  precision: null,
  scale: null,
  fractionDigits: null,
  charset: null,
  collation: null,
  ...over,
});

describe('fitTable: whether an existing table takes a mapping', () => {
  const declared = mapping({ id: { from: 'id', maxLength: 10 }, n: { from: 'n', type: 'integer' }, p: { from: 'p', type: 'number' } });

  it('fits, and takes the columns widths and ranges as limits', () => {
    const fit = fitTable(
      declared,
      'db.t',
      [
        column('ID', 'varchar', { maxChars: 4 }),
        column('n', 'smallint', { columnType: 'smallint(5) unsigned' }),
        column('p', 'decimal', { precision: 6, scale: 2 }),
        column('auto', 'bigint', { nullable: false, serverFilled: true }),
      ],
      [['id']],
    );
    assert.deepEqual(fit.mismatches, []);
    assert.deepEqual(fit.limits, [{ maxChars: 4 }, { integerRange: { min: '0', max: '65535' } }, { decimal: { precision: 6, scale: 2 } }]);
  });

  it('a date or a time into an existing TIMESTAMP column takes its range (1970 to 2038)', () => {
    const dated = mapping({ id: { from: 'id' }, d: { from: 'd', type: 'date' } });
    const fit = fitTable(dated, 'db.t', [column('id', 'varchar', { maxChars: 9 }), column('d', 'timestamp')], [['id']]);
    const limited = { ...dated, columns: dated.columns.map((c, i) => ({ ...c, limits: fit.limits[i] })) };
    const reason = (d: string) => mapLine(JSON.stringify({ id: 'k', d }), limited);
    assert.deepEqual(reason('1969-12-31'), {
      kind: 'reject',
      code: 'value-error',
      reason: 'd "1969-12-31" is outside the range of d',
      at: { kind: 'value', path: ['d'] },
    });
    assert.deepEqual(reason('2024-01-01'), { kind: 'row', values: ['k', '2024-01-01'] });
  });

  it('unix millis into an existing TIMESTAMP(1) or TIMESTAMP: the range names the last instant the column keeps', () => {
    const millis = mapping({ id: { from: 'id' }, t: { from: 't', type: 'unix-millis' } });
    for (const [sqlType, fractionDigits, last] of [
      ['timestamp(1)', 1, '2147483647900'],
      ['timestamp', 0, '2147483647000'],
    ] as const) {
      const fit = fitTable(
        millis,
        'db.t',
        [column('id', 'varchar', { maxChars: 9 }), column('t', 'timestamp', { columnType: sqlType, fractionDigits })],
        [['id']],
      );
      const limited = { ...millis, columns: millis.columns.map((c, i) => ({ ...c, limits: fit.limits[i] })) };
      const line = mapLine(JSON.stringify({ id: 'k', t: 2147483648000 }), limited);
      assert.equal(line.kind === 'reject' && line.reason, `t 2147483648000 is outside ${sqlType.toUpperCase()}'s range (1000 to ${last} milliseconds)`);
    }
  });

  it('names a CSV as what fills the columns, where it has no mapping (hp14 02)', () => {
    const columns = [
      column('id', 'varchar', { maxChars: 9 }),
      column('n', 'bigint'),
      column('p', 'decimal', { precision: 6, scale: 2 }),
      column('other', 'text', { nullable: false }),
    ];
    assert.deepEqual(fitTable(declared, 'db.t', columns, [['id']], 'csv').mismatches, [
      'db.t.other is NOT NULL without a default, and the CSV does not fill it',
    ]);
    assert.deepEqual(fitTable(declared, 'db.t', columns, [['id']]).mismatches, ['db.t.other is NOT NULL without a default, and the mapping does not fill it']);
  });

  it('says every way it does not fit', () => {
    const fit = fitTable(
      declared,
      'db.t',
      [column('id', 'int', { columnType: 'int(11)' }), column('p', 'int'), column('other', 'text', { nullable: false })],
      [['id', 'p']],
    );
    assert.deepEqual(fit.mismatches, [
      "db.t.id is INT(11), which cannot hold the mapping's string values",
      'db.t has no column n, which the mapping fills',
      "db.t.p is INT, which cannot hold the mapping's number values",
      'db.t.other is NOT NULL without a default, and the mapping does not fill it',
      '(id) is not a primary or unique key of db.t, so duplicates could not be detected',
    ]);
  });
});

describe('pickMapping: which mapping a log takes', () => {
  const declared: DeclaredMapping[] = [
    { name: 'orders', files: ['logs/orders-*.jsonl'], table: 'orders', key: 'id', columns: { id: { from: 'id' } } },
    { name: 'all', files: ['logs/**'], table: 'events', key: 'id', columns: { id: { from: 'id' } } },
  ];
  it('the first whose globs match, a name given, else the built-in chat mapping', () => {
    const nameOf = (picked: ReturnType<typeof pickMapping>) => ('mapping' in picked ? picked.mapping.name : picked.error);
    assert.equal(nameOf(pickMapping(declared, 'logs/orders-1.jsonl')), 'orders');
    assert.equal(nameOf(pickMapping(declared, 'logs/x/y.jsonl')), 'all');
    assert.equal(nameOf(pickMapping(declared, 'logs/orders-1.jsonl', 'all')), 'all');
    assert.deepEqual(pickMapping(declared, 'other.jsonl'), { mapping: CHAT_MESSAGES, index: -1 });
    assert.deepEqual(pickMapping(declared, '../outside.jsonl'), { mapping: CHAT_MESSAGES, index: -1 });
    assert.deepEqual(pickMapping(declared, 'x', 'nope'), { error: 'there is no mapping named "nope"; the mappings are orders, all, chat (built in)' });
    assert.deepEqual(mappingsMatching(declared, 'logs/orders-1.jsonl'), ['orders', 'all']);
    assert.deepEqual(mappingsMatching(declared, 'other.jsonl'), []);
  });
});

describe('csvValue: a CSV cell as its column stores it', () => {
  const column = csvMapping({ files: ['**'], schema: { fields: [], primaryKey: 'k' } }, ['k'], 't', 'f').mapping.columns[0];
  it('writes any day and instant of years 1 to 9999 as the SQL date and time a Date would', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), fc.integer({ min: 0, max: 86_399_999 }), (days, ms) => {
        const at = days * 86_400_000 + ms;
        const iso = new Date(at).toISOString();
        assert.equal(csvValue('not iso', days, 'date', column), iso.slice(0, 10));
        assert.equal(
          csvValue('not iso', at, 'datetime', column),
          `${iso.slice(0, 10)} ${iso.slice(11, 19)}${at % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`}`,
        );
      }),
      fuzz(500),
    );
  });
  it("keeps the digits as written (without leading zeros), prints other numbers, and keeps an untyped cell's text", () => {
    assert.equal(csvValue('0012.50', 12.5, 'number', column), '12.50');
    assert.equal(csvValue('1.234,5', 1234.5, 'number', column), '1234.5');
    // Empty too: whether it is missing is its field's missingValues, which csvRowValues reads first.
    assert.equal(csvValue('', undefined, undefined, column), '');
    assert.equal(csvValue(undefined, undefined, undefined, column), null);
    assert.equal(csvValue('yes', true, 'boolean', column), '1');
  });
  it('stores an object or array cell as its own JSON text, without the space around it', () => {
    assert.equal(csvValue(' {"n":1e400, "m":-0}\n', { n: Infinity, m: -0 }, 'object', column), '{"n":1e400, "m":-0}');
    assert.equal(csvValue('[12345678901234567890]', [12345678901234567000], 'array', column), '[12345678901234567890]');
  });
});

describe('RepeatFinder: repeats across ranges parsed in any order', () => {
  const one = (keys: string[], lines: number[]) => [{ keys, lines }];

  it('decides ranges in file order, naming the first line of each repeated key', () => {
    const finder = new RepeatFinder();
    // Range 1 (lines 4-6 of the file) arrives before range 0 (lines 1-3): nothing is decided until range 0 is.
    assert.deepEqual(finder.add(1, 3, one(['b', 'a', 'c'], [1, 2, 3])), []);
    assert.deepEqual(finder.add(0, 3, one(['a', 'b', 'a'], [1, 2, 3])), [
      { range: 0, repeats: [{ set: 0, row: 2, firstLine: 1, key: 'a' }] },
      {
        range: 1,
        repeats: [
          { set: 0, row: 0, firstLine: 2, key: 'b' },
          { set: 0, row: 1, firstLine: 1, key: 'a' },
        ],
      },
    ]);
    // A CSV's rows carry their lines in the file (quoted line breaks make them differ from a count).
    assert.deepEqual(finder.add(2, 2, one(['c', 'd'], [9, 12]), true), [{ range: 2, repeats: [{ set: 0, row: 0, firstLine: 6, key: 'c' }] }]);
    assert.deepEqual(finder.add(3, 1, one(['d'], [14]), true), [{ range: 3, repeats: [{ set: 0, row: 0, firstLine: 12, key: 'd' }] }]);
  });

  it('keeps each key set apart: a value of one set is no repeat of another', () => {
    const finder = new RepeatFinder();
    const sets = (a: string[], b: string[], lines: number[]) => [
      { keys: a, lines },
      { keys: b, lines },
    ];
    assert.deepEqual(finder.add(0, 2, sets(['x', 'y'], ['y', 'z'], [2, 3]), true), [{ range: 0, repeats: [] }]);
    assert.deepEqual(finder.add(1, 2, sets(['z', 'y'], ['x', 'z'], [4, 5]), true), [
      {
        range: 1,
        repeats: [
          { set: 0, row: 1, firstLine: 3, key: 'y' },
          { set: 1, row: 1, firstLine: 3, key: 'z' },
        ],
      },
    ]);
  });
});

describe('planCsvRanges: cuts between records only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-csv-plan-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const contract = { files: ['**'], headers: { id: { type: 'integer' as const } }, schema: { fields: [], primaryKey: 'id' } };
  const cell = fc.oneof(
    fc.constantFrom('', 'x', '12', 'a b'),
    fc.array(fc.constantFrom('a', ',', '\n', '\r\n', '""', ' ', '😀'), { maxLength: 8 }).map((parts) => `"${parts.join('')}"`),
  );
  // Hostile cells too: text after a closing quote, an inch mark (55" tv), a quote never closed, a quoted line break after a broken quote.
  const HOSTILE = ['"a"b', '55" tv', 'x"y"z', '"open', '"q"\n"r', '"a" '];
  const hostile = fc.constantFrom(...HOSTILE);
  const csvText = fc
    .tuple(fc.array(fc.tuple(fc.oneof(cell, hostile), cell), { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([records, newline, bom]) => ({
      text: (bom ? '\ufeff' : '') + ['id,a,b', ...records.map(([a, b], i) => `${i},${a},${b}`)].join(newline) + newline,
      records: records.length,
      wellFormed: records.every(([a]) => !HOSTILE.includes(a)),
    }));

  it('loads the same rows and rejects in ranges of any size as in one: ranges end where papaparse ends records', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvText, fc.integer({ min: 1, max: 64 }), async ({ text, records, wellFormed }, rangeBytes) => {
        const file = path.join(dir, `t${n++}.csv`);
        fs.writeFileSync(file, text);
        const source = readCsvSource(file, contract, file);
        const { mapping: m, columns } = csvMapping(contract, source.header, 't', file);
        const config = { file, mapping: m, keyCollations: [EXACT_COLLATION], csv: { ...source, columns } };
        const size = fs.statSync(file).size;
        const parseAll = async (bytes: number) => {
          const parsed = await Promise.all(
            planCsvRanges(file, size, source.dataStart, source.dataLine, bytes, source.dialect).map((r) => parseCsvRange(config, r, () => false)),
          );
          return {
            rows: parsed.flatMap((p) => p.rows.values),
            rejects: parsed.flatMap((p) => p.rejects),
            lines: parsed.reduce((sum, p) => sum + p.counts.lines - p.counts.blank, 0),
          };
        };
        const whole = await parseAll(size + 1);
        assert.deepEqual(await parseAll(rangeBytes), whole);
        assert.equal(whole.lines, whole.rows.length + whole.rejects.length, 'every line is a row, a reject or blank');
        // Broken quotes make papaparse read records together; well-formed ones never do.
        if (wellFormed) assert.equal(whole.lines, records);
      }),
      fuzz(200),
    );
  });

  it('counts blank rows (empty, whitespace, only delimiters) as blank lines, and no row after the last line break', async () => {
    const file = path.join(dir, 'blanks.csv');
    fs.writeFileSync(file, 'id,a,b\n\n1,x,y\n , \n,,\n2,x,y\n\n');
    const source = readCsvSource(file, contract, file);
    const { mapping: m, columns } = csvMapping(contract, source.header, 't', file);
    const config = { file, mapping: m, keyCollations: [EXACT_COLLATION], csv: { ...source, columns } };
    const [range] = planCsvRanges(file, fs.statSync(file).size, source.dataStart, source.dataLine, 1 << 20, source.dialect);
    const parsed = await parseCsvRange(config, range, () => false);
    assert.deepEqual(parsed.counts, { lines: 6, inserted: 0, duplicates: 0, rejected: 0, blank: 4 });
    assert.deepEqual(parsed.rowLines, [3, 6]);
  });

  it('reads an inch mark as text, and a quote never closed holds at most half the record limit', async () => {
    const parseWith = async (text: string) => {
      const file = path.join(dir, 'quoted.csv');
      fs.writeFileSync(file, text);
      const source = readCsvSource(file, contract, file);
      const { mapping: m, columns } = csvMapping(contract, source.header, 't', file);
      const config = { file, mapping: m, keyCollations: [EXACT_COLLATION], csv: { ...source, columns } };
      const ranges = planCsvRanges(file, fs.statSync(file).size, source.dataStart, source.dataLine, 64, source.dialect, 200);
      const parsed = await Promise.all(ranges.map((r) => parseCsvRange(config, r, () => false)));
      return {
        ranges: ranges.length,
        ids: parsed.flatMap((p) => p.rows.values.map((v) => v[0])),
        rejects: parsed.flatMap((p) => p.rejects.map((r) => r.line)),
      };
    };
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i},"n ${from + i}",x\n`).join('');
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String(from + i));
    // 55" is text to papaparse, and to the cuts: every record loads, though a count of quotes stays odd to the end.
    const inch = await parseWith(`id,a,b\n0,TV 55" screen,x\n${rows(1, 60)}`);
    assert.deepEqual(inch, { ranges: inch.ranges, ids: ids(0, 60), rejects: [] });
    assert.ok(inch.ranges > 1, 'the file is still cut into ranges');
    // A quote never closed: its record is rejected, with the text up to the cut; the records after the cut load.
    const open = await parseWith(`id,a,b\n0,"open,x\n${rows(1, 60)}`);
    assert.deepEqual(open.rejects, [2]);
    assert.deepEqual(open.ids, ids(60 - open.ids.length, 60));
    assert.ok(open.ids.length > 40, `${open.ids.length} records after the cut load`);
  });

  it('rejects a line past 16 MiB unread, with its start, and reads the records around it', async () => {
    const file = path.join(dir, 'long.csv');
    fs.writeFileSync(file, `id,a,b\n1,x,y\n2,x,y\n3,${'z'.repeat(17 << 20)},y\n4,x,y\n`);
    const source = readCsvSource(file, contract, file);
    const { mapping: m, columns } = csvMapping(contract, source.header, 't', file);
    const config = { file, mapping: m, keyCollations: [EXACT_COLLATION], csv: { ...source, columns } };
    const ranges = planCsvRanges(file, fs.statSync(file).size, source.dataStart, source.dataLine, 1 << 20, source.dialect);
    const parsed = await Promise.all(ranges.map((r) => parseCsvRange(config, r, () => false)));
    assert.equal(
      parsed.reduce((sum, p) => sum + p.counts.lines, 0),
      4,
    );
    assert.deepEqual(
      parsed.flatMap((p) => p.rows.values.map((v) => v[0])),
      ['1', '2', '4'],
    );
    const [reject] = parsed.flatMap((p) => p.rejects);
    assert.equal(reject.line, 4);
    assert.equal(reject.reason, 'the record is 17.0 MiB, more than the 16.0 MiB a record may have; it was not read (its start is shown)');
    assert.equal(reject.text.slice(0, 6), '3,zzzz');
  });
});

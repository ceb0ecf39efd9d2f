// Property: a CSV through a random typed contract (integer, number with its own decimal and group characters,
// string, date with a strptime format, boolean with its own values) loads into the same table, with the same
// counts and rejects, whether its clean ranges go to LOAD DATA as the file's own bytes (the fast path) or as the
// parsed rows (the option the test turns off). The files hold quotes, line breaks and tabs inside cells,
// backslashes, \N and NULL, empty cells, the schema's missing values and their near misses, CRLF, a BOM, repeated ids
// and rejected rows beside clean ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findCsvMapping } from '../../shared/src/ingest/source/findMapping';
import { fuzz } from '../support/fuzz';
import { ingestInProcess, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { rootSql, sql } from '../support/mariadb';

const workspace = ingestWorkspace();

type Kind = 'integer' | 'number' | 'string' | 'date' | 'boolean';
interface Field {
  kind: Kind;
  options: Record<string, unknown>;
}

const DATE_FORMATS = [undefined, '%d/%m/%Y', '%m.%d.%Y', '%Y/%m/%d'];
const BOOLEANS: [string[] | undefined, string[] | undefined][] = [
  [undefined, undefined],
  [
    ['yes', 'Y'],
    ['no', 'N'],
  ],
  [['да'], ['нет']],
];
const NUMBER_STYLES = [{}, { decimalChar: ',' }, { decimalChar: ',', groupChar: '.' }, { groupChar: ' ' }];

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.constant({ kind: 'integer' as const, options: {} }),
  fc.constantFrom(...NUMBER_STYLES).map((options) => ({ kind: 'number' as const, options })),
  fc.constant({ kind: 'string' as const, options: {} }),
  fc.constantFrom(...DATE_FORMATS).map((format) => ({ kind: 'date' as const, options: format ? { format } : {} })),
  fc.constantFrom(...BOOLEANS).map(([trueValues, falseValues]) => ({ kind: 'boolean' as const, options: trueValues ? { trueValues, falseValues } : {} })),
);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const STRING_PIECES = ['a', 'b', 'Zoë', ' ', ',', ';', '"', '""', '\n', '\r\n', '\t', '\\', '\\N', 'NULL', "'", '日本'];
const stringCell = fc.oneof(
  fc.array(fc.constantFrom(...STRING_PIECES), { maxLength: 4 }).map((p) => p.join('')),
  fc.constantFrom('NULL', '\\N', 'null', ''),
);

/** A cell of the field: usually one the contract takes (sometimes in a spelling the server could not read alike), or one it rejects. */
function cellOf(f: Field): fc.Arbitrary<string> {
  const bad = fc.constantFrom('x!', '1x', '--');
  switch (f.kind) {
    case 'integer':
      return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -99999, max: 99999 }).map(String) }, fc.constantFrom('+5', '007', ' 3'), bad);
    case 'number': {
      const decimal = (f.options.decimalChar as string | undefined) ?? '.';
      const group = f.options.groupChar as string | undefined;
      const written = fc.integer({ min: -9999999, max: 9999999 }).map((n) => {
        const abs = Math.abs(n);
        const whole = String(Math.floor(abs / 100));
        const grouped = group ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
        return `${n < 0 ? '-' : ''}${grouped}${decimal}${pad(abs % 100)}`;
      });
      return fc.oneof({ weight: 8, arbitrary: written }, fc.constantFrom('1e3', '0.5', '12'), bad);
    }
    case 'string':
      return stringCell;
    case 'date': {
      const format = (f.options.format as string | undefined) ?? '%Y-%m-%d';
      const date = fc.record({
        y: fc.integer({ min: 1900, max: 2099 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
        padded: fc.boolean(),
      });
      return fc.oneof(
        {
          weight: 8,
          arbitrary: date.map(({ y, m, d, padded }) =>
            format
              .replace('%Y', String(y))
              .replace('%m', padded ? pad(m) : String(m))
              .replace('%d', padded ? pad(d) : String(d)),
          ),
        },
        bad,
      );
    }
    case 'boolean': {
      const values = [...((f.options.trueValues as string[]) ?? ['true', 'True', '1']), ...((f.options.falseValues as string[]) ?? ['false', 'FALSE', '0'])];
      return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, bad);
    }
  }
}

/** A cell as the file writes it: quoted when it must be, and now and then when it need not. */
const written = (cell: string, quote: boolean) => (quote || /[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

const fileCase = fc
  .record({
    fields: fc.array(field, { minLength: 1, maxLength: 4 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalBreak: fc.boolean(),
    onDuplicate: fc.constantFrom('skip' as const, 'error' as const),
    ranges: fc.integer({ min: 1, max: 8 }),
    /** The schema's missingValues: the tokens are NULL on both paths, their near misses ("na", "NA ") text. */
    missing: fc.constantFrom<string[]>([''], ['', 'NA'], ['NA', '', 'n/a'], ['', '-', 'NA '], ['NULL', '']),
    /** Rows with no bad cell: mostly, so that many ranges are clean. */
    cleanRows: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      rows: fc.array(
        fc.record({
          id: fc.integer({ min: 1, max: 60 }),
          cells: fc.tuple(
            ...c.fields.map((f) =>
              fc.oneof(
                { weight: 6, arbitrary: cellOf(f) },
                { weight: 1, arbitrary: fc.constant('') },
                { weight: 1, arbitrary: fc.constantFrom(...c.missing, 'na', 'NA ', '-') },
              ),
            ),
          ),
          quotes: fc.array(fc.boolean(), { minLength: c.fields.length + 1, maxLength: c.fields.length + 1 }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
    }),
  )
  .map(({ c, rows }) => ({ ...c, rows: c.cleanRows ? rows.filter((r) => !r.cells.some((cell) => ['x!', '1x', '--'].includes(cell))) : rows }));

/** How many LOAD DATA statements of a CSV's own bytes the server has run (its general log, kept in a table). */
const rawLoads = () => Number(rootSql(`SELECT COUNT(*) FROM mysql.general_log WHERE argument LIKE 'LOAD DATA%OPTIONALLY ENCLOSED BY%'`).trim());
/** Of those, how many load a field straight into its column, and how many read a cell through SET as NULL when empty. */
const loadsLike = (pattern: string) => Number(rootSql(`SELECT COUNT(*) FROM mysql.general_log WHERE argument REGEXP '${pattern}'`).trim());
const STRAIGHT = 'OPTIONALLY ENCLOSED BY .* LINES TERMINATED BY [^(]*\\\\([^)]*`';
const THROUGH_SET = 'OPTIONALLY ENCLOSED BY .* SET .*IF\\\\(LENGTH';
const MISSING_TOKENS = 'OPTIONALLY ENCLOSED BY .* SET .*OR BINARY @c[0-9]+ IN';

describe('CSV fast path (real MariaDB)', () => {
  it('gives the same table, counts and rejects as the parsed rows, over random contracts and files', async () => {
    const db = workspace.database();
    rootSql("SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1; TRUNCATE TABLE mysql.general_log");
    let run = 0;
    let fastCases = 0;
    let loads: { raw: number; straight: number; throughSet: number; tokens: number };
    try {
      await fc.assert(
        fc.asyncProperty(fileCase, async ({ fields, rows, crlf, bom, finalBreak, onDuplicate, ranges, missing }) => {
          const folder = path.join(workspace.dir, `case-${run++}`);
          fs.mkdirSync(folder);
          const names = fields.map((_, i) => `f${i}`);
          const headers = Object.fromEntries([
            ['id', { type: 'integer', required: true }],
            ...fields.map((f, i) => [names[i], { type: f.kind, ...f.options }]),
          ]);
          fs.writeFileSync(
            path.join(folder, '.loadline.json'),
            JSON.stringify({ contracts: [{ files: ['*.csv'], headers, schema: { fields: [], primaryKey: 'id', missingValues: missing } }] }),
          );
          const newline = crlf ? '\r\n' : '\n';
          const lines = [['id', ...names].join(','), ...rows.map((r) => [String(r.id), ...r.cells].map((cell, i) => written(cell, r.quotes[i])).join(','))];
          const text = (bom ? '\ufeff' : '') + lines.join(newline) + (finalBreak ? newline : '');
          const file = path.join(folder, 'data.csv');
          fs.writeFileSync(file, text);
          const load = async (table: string, rawCsv: boolean) => {
            const { mapping, input } = await findCsvMapping(file, table);
            const rejectsFile = path.join(folder, `${table}.rejects.jsonl`);
            const before = rawLoads();
            const report = await ingestInProcess(file, db.url, {
              mapping,
              input,
              onDuplicate,
              rejectsFile,
              rawCsv,
              workers: 2,
              rangeBytes: Math.max(1, Math.ceil(Buffer.byteLength(text) / ranges)),
            });
            const rejects = fs.existsSync(rejectsFile) ? rejectsOf(rejectsFile).map(({ line, code, reason, text }) => ({ line, code, reason, text })) : [];
            return { report, rejects, raw: rawLoads() - before };
          };
          const fast = await load(`fast_${run}`, true);
          const parsed = await load(`parsed_${run}`, false);
          assert.equal(parsed.raw, 0, 'the parsed path sends no CSV bytes');
          if (fast.raw > 0) fastCases++;
          const counts = (r: typeof fast.report) => ({ lines: r.lines, inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected, blank: r.blank });
          assert.deepEqual(counts(fast.report), counts(parsed.report));
          assert.deepEqual(fast.rejects, parsed.rejects);
          const checksum = (table: string) => sql(`CHECKSUM TABLE ${table}`, db.name).trim().split('\t')[1];
          assert.equal(checksum(`fast_${run}`), checksum(`parsed_${run}`), `same rows in fast_${run} and parsed_${run}`);
        }),
        fuzz(12),
      );
      loads = { raw: rawLoads(), straight: loadsLike(STRAIGHT), throughSet: loadsLike(THROUGH_SET), tokens: loadsLike(MISSING_TOKENS) };
    } finally {
      rootSql('SET GLOBAL general_log = 0; TRUNCATE TABLE mysql.general_log');
    }
    // The property means something only if the fast path ran: most clean files take it, with fields loaded straight
    // into their columns and, where a range has an empty cell, through SET.
    console.log(
      `fast ${fastCases} of ${run}; of ${loads.raw} raw loads, ${loads.straight} loaded a field straight, ${loads.throughSet} one through SET, ` +
        `${loads.tokens} read a missing value's token as NULL`,
    );
    assert.ok(fastCases >= 4, `the fast path loaded ${fastCases} of ${run} files`);
    assert.ok(loads.straight >= 1 && loads.throughSet >= 1, `of ${loads.raw} raw loads, ${loads.straight} straight, ${loads.throughSet} through SET`);
    assert.ok(loads.tokens >= 1, `of ${loads.raw} raw loads, ${loads.tokens} read a missing value's token`);
  });

  it('a clean range the server then refuses rows of (a CHECK) is parsed again and settled row by row, as the parsed rows are', async () => {
    const db = workspace.database();
    sql(`CREATE DATABASE \`${db.name}\``);
    const folder = path.join(workspace.dir, 'check');
    fs.mkdirSync(folder);
    const headers = { id: { type: 'integer', required: true }, qty: { type: 'integer' } };
    fs.writeFileSync(
      path.join(folder, '.loadline.json'),
      JSON.stringify({ contracts: [{ files: ['*.csv'], headers, schema: { fields: [], primaryKey: 'id' } }] }),
    );
    // Every row passes the contract (every range is clean); the table's CHECK refuses 1 row in 7, in every range.
    const rows = Array.from({ length: 400 }, (_, i) => `${i + 1},${i % 7 === 3 ? -i : i}`);
    const text = ['id,qty', ...rows].join('\n') + '\n';
    const file = path.join(folder, 'data.csv');
    fs.writeFileSync(file, text);
    rootSql("SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1; TRUNCATE TABLE mysql.general_log");
    try {
      const load = async (table: string, rawCsv: boolean) => {
        sql(`CREATE TABLE ${table} (id BIGINT PRIMARY KEY, qty BIGINT, CONSTRAINT qty_ok CHECK (qty >= 0))`, db.name);
        const { mapping, input } = await findCsvMapping(file, table);
        const rejectsFile = path.join(folder, `${table}.rejects.jsonl`);
        const before = rawLoads();
        const report = await ingestInProcess(file, db.url, { mapping, input, rejectsFile, rawCsv, workers: 2, rangeBytes: 512 });
        return { report, rejects: rejectsOf(rejectsFile).map(({ line, code, text }) => ({ line, code, text })), raw: rawLoads() - before };
      };
      const fast = await load('fast_check', true);
      const parsed = await load('parsed_check', false);
      assert.ok(fast.raw > 0, 'the clean ranges went to LOAD DATA as their own bytes first');
      assert.equal(fast.report.rejected, 57);
      assert.equal(fast.report.inserted, 343);
      assert.deepEqual(fast.rejects, parsed.rejects);
      const checksum = (table: string) => sql(`CHECKSUM TABLE ${table}`, db.name).trim().split('\t')[1];
      assert.equal(checksum('fast_check'), checksum('parsed_check'));
    } finally {
      rootSql('SET GLOBAL general_log = 0; TRUNCATE TABLE mysql.general_log');
    }
  });
});

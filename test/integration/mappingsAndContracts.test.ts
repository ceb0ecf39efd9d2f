import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeChatLogFile } from '../../shared/src/mapping/genChatLog';
import { assertSameCounts, dryRejectsPath, ingest, ingestWorkspace, killIngestAfter, loadRejectsPath, rejectsOf, validIdsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli, RunResult } from '../support/run';

const { dir, database } = ingestWorkspace();

/** A folder of its own with a .loadline.json and the given files; returns its path. */
function project(name: string, config: object | string, files: Record<string, string | Buffer>): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '.loadline.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

/** `loadline ingest FILE --dry-run --json`: no database. */
function dryRun(file: string, args: string[] = []): RunResult & { report?: Record<string, unknown> } {
  const result = runCli(['ingest', file, '--dry-run', '--json', ...args]);
  let report: Record<string, unknown> | undefined;
  try {
    report = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    report = undefined;
  }
  return { ...result, report };
}

const jsonl = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const rows = (database: string, query: string) =>
  sql(`SET time_zone = '+00:00'; ${query}`, database)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
const tableExists = (database: string, table: string) => sql(`SHOW TABLES LIKE '${table}'`, database).trim() !== '';

const killAfterThreeRanges = (file: string, url: string, rangeBytes: number, mode: 'declared' | 'csv') => killIngestAfter(file, url, 3, { rangeBytes, mode });

const TYPES_CONFIG = {
  ingest: [
    {
      name: 'typed',
      files: ['*.jsonl'],
      table: 'typed',
      key: 'id',
      columns: {
        id: { from: 'id', type: 'string', maxLength: 5 },
        i: { from: 'i', type: 'integer' },
        n: { from: 'n', type: 'number' },
        b: { from: 'b', type: 'boolean', default: false },
        us: { from: 'us', type: 'unix-seconds' },
        um: { from: 'um', type: 'unix-millis' },
        dt: { from: 'dt', type: 'datetime' },
        d: { from: 'd', type: 'date' },
        j: { from: 'j', type: 'json' },
      },
    },
  ],
};

describe('declared mappings: the ingest section of .loadline.json', () => {
  it('stores each type as documented, and rejects what does not fit with its reason, never coerced', () => {
    const db = database();
    const folder = project('types', TYPES_CONFIG, {
      'events.jsonl': jsonl([
        { id: 'a', i: 42, n: 7.25, b: true, us: 1554000000, um: 1554000000123, dt: '2024-05-01T12:00:00+02:00', d: '2024-02-29', j: { k: [1] } },
        { id: 'b', i: '-3', n: '7.25', b: 'false', us: '1554000060', um: '1554000060005', dt: '2024-05-01T12:00:00.123456Z', d: '1999-12-31', j: [1, 'x'] },
        { id: 'c' },
        { id: 'x1', i: 1.5 },
        { id: 'x2', i: 'seven' },
        { id: 'x3', n: 'NaN' },
        { id: 'x4', b: 'maybe' },
        { id: 'x5', us: 'soon' },
        { id: 'x6', um: 1.5 },
        { id: 'x7', dt: '2024-05-01 12:00:00' },
        { id: 'x8', d: '2023-02-29' },
        { id: 'x9', j: 'text' },
        { id: 'toolong' },
        { i: 1 },
      ]),
    });
    const result = ingest(path.join(folder, 'events.jsonl'), db.url);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual([result.report!.mapping, result.report!.builtInMapping], ['typed', false]);
    assertSameCounts(result.report!, { lines: 14, inserted: 3, duplicates: 0, rejected: 11, blank: 0 });
    assert.deepEqual(rows(db.name, 'SELECT id, i, n, b, UNIX_TIMESTAMP(us), UNIX_TIMESTAMP(um), dt, d, j FROM typed ORDER BY id'), [
      ['a', '42', '7.25', '1', '1554000000', '1554000000.123', '2024-05-01 10:00:00.000000', '2024-02-29', '{"k":[1]}'],
      ['b', '-3', '7.25', '0', '1554000060', '1554000060.005', '2024-05-01 12:00:00.123456', '1999-12-31', '[1,"x"]'],
      ['c', 'NULL', 'NULL', '0', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'],
    ]);
    assert.deepEqual(
      rejectsOf(loadRejectsPath(path.join(folder, 'events.jsonl'))).map((r) => [r.line, r.reason]),
      [
        [4, 'i 1.5 is not a whole number; i stores integers'],
        [5, 'wrong type for i: expected an integer, got string "seven"'],
        [6, 'wrong type for n: expected a number, got string "NaN"'],
        [7, 'wrong type for b: expected true or false, got string "maybe"'],
        [8, 'wrong type for us: expected unix seconds as a number or a string of digits, got string "soon"'],
        [9, 'um 1.5 has a fraction; the column stores whole milliseconds'],
        [10, 'wrong type for dt: expected an ISO 8601 date and time with an offset (2024-05-01T12:00:00Z), got string "2024-05-01 12:00:00"'],
        [11, 'd "2023-02-29" is not a real date'],
        [12, 'wrong type for j: expected an object or an array, got string "text"'],
        [13, 'id is 7 characters, more than id holds (5)'],
        [14, 'missing required field id'],
      ],
    );
  });

  it('reads dot paths with array items, JSON Pointers, "$" and a path per event type', () => {
    const db = database();
    const config = {
      ingest: [
        {
          name: 'paths',
          files: ['*.jsonl'],
          table: 'paths',
          key: ['kind', 'id'],
          when: { path: '/meta/kind', in: ['order', 'refund'] },
          columns: {
            kind: { from: 'meta.kind' },
            id: { from: '/meta/ids/0', type: 'integer' },
            email: { from: 'user.emails[1]' },
            slash: { from: '/a~1b/c~0d' },
            amount: { from: { order: 'total.amount', refund: 'refund.amount' }, type: 'number' },
            line: { from: '$', type: 'json' },
          },
        },
      ],
    };
    const events = [
      { meta: { kind: 'order', ids: [7] }, user: { emails: ['a@x', 'b@x'] }, 'a/b': { 'c~d': 'odd' }, total: { amount: 10 } },
      { meta: { kind: 'refund', ids: [7] }, refund: { amount: -2.5 } },
      { meta: { kind: 'typing', ids: [8] } },
    ];
    const folder = project('paths', config, { 'e.jsonl': jsonl(events) });
    const result = ingest(path.join(folder, 'e.jsonl'), db.url);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rows(db.name, 'SELECT kind, id, email, slash, amount, line FROM paths ORDER BY kind'), [
      ['order', '7', 'b@x', 'odd', '10', JSON.stringify(events[0])],
      ['refund', '7', 'NULL', 'NULL', '-2.5', JSON.stringify(events[1])],
    ]);
    assert.deepEqual(
      rejectsOf(loadRejectsPath(path.join(folder, 'e.jsonl'))).map((r) => r.reason),
      ['unsupported /meta/kind "typing": only order and refund events are loaded'],
    );
  });

  it('stops before loading anything when the existing table does not fit, with one line per mismatch', () => {
    const db = database();
    sql(`CREATE DATABASE ${db.name}`);
    sql(
      'CREATE TABLE typed (id INT, i VARCHAR(10), n DOUBLE, b TINYINT, us INT, um TIMESTAMP(3) NULL, dt DATETIME(6), d DATE, note VARCHAR(5) NOT NULL, UNIQUE KEY (i))',
      db.name,
    );
    const folder = project('mismatch', TYPES_CONFIG, { 'events.jsonl': jsonl([{ id: 'a', i: 1 }]) });
    const result = ingest(path.join(folder, 'events.jsonl'), db.url);
    assert.equal(result.status, 1);
    const table = `${db.name}.typed`;
    assert.equal(
      result.stderr,
      [
        `loadline: the table ${table} cannot take this load, so nothing was loaded:`,
        `  ${table}.id is INT(11), which cannot hold the mapping's string values`,
        `  ${table}.i is VARCHAR(10), which cannot hold the mapping's integer values`,
        `  ${table}.us is INT(11), which cannot hold the mapping's unix-seconds values`,
        `  ${table} has no column j, which the mapping fills`,
        `  ${table}.note is NOT NULL without a default, and the mapping does not fill it`,
        `  (id) is not a primary or unique key of ${table}, so duplicates could not be detected`,
        `Change the table or the mapping in .loadline.json, or load into a new --table.`,
        '',
      ].join('\n'),
    );
    assert.equal(sql('SELECT COUNT(*) FROM typed', db.name).trim(), '0');
    assert.equal(tableExists(db.name, 'loadline_ledger'), false, 'nothing written, not even the ledger');
    assert.equal(fs.existsSync(loadRejectsPath(path.join(folder, 'events.jsonl'))), false);
  });

  it("takes an existing table's widths and ranges as limits: VARCHAR(n), INT UNSIGNED, DECIMAL(p,s)", () => {
    const db = database();
    sql(`CREATE DATABASE ${db.name}`);
    sql('CREATE TABLE limited (id VARCHAR(3) PRIMARY KEY, qty INT UNSIGNED, price DECIMAL(5,2), extra VARCHAR(9) DEFAULT NULL)', db.name);
    const config = {
      ingest: [
        {
          name: 'limited',
          files: ['*.jsonl'],
          table: 'limited',
          key: 'id',
          columns: { id: { from: 'id' }, qty: { from: 'qty', type: 'integer' }, price: { from: 'price', type: 'number' } },
        },
      ],
    };
    const folder = project('limits', config, {
      'l.jsonl': jsonl([
        { id: 'ok', qty: 4294967295, price: '999.99' },
        { id: 'long', qty: 1, price: 1 },
        { id: 'neg', qty: -1, price: 1 },
        { id: 'big', qty: 1, price: 1000 },
        { id: 'dec', qty: 1, price: 1.005 },
      ]),
    });
    const result = ingest(path.join(folder, 'l.jsonl'), db.url);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rows(db.name, 'SELECT id, qty, price FROM limited'), [['ok', '4294967295', '999.99']]);
    assert.deepEqual(
      rejectsOf(loadRejectsPath(path.join(folder, 'l.jsonl'))).map((r) => r.reason),
      [
        'id is 4 characters, more than id holds (3)',
        'qty -1 is outside the range of qty (0 to 4294967295)',
        'price 1000 is larger than price holds (DECIMAL(5,2))',
        'price 1.005 has more decimals than price holds (DECIMAL(5,2))',
      ],
    );
  });

  for (const mode of ['skip', 'update', 'error'] as const) {
    const outcome = { skip: 'the first line of each key wins', update: 'the last line of each key wins', error: 'a repeat is rejected, naming the first line' }[
      mode
    ];
    it(`onDuplicate ${mode}: ${outcome}, across ranges loaded in parallel, as the dry run says`, () => {
      const db = database();
      const config = {
        ingest: [
          { name: 'seq', files: ['*.jsonl'], table: 'seq', key: 'k', onDuplicate: mode, columns: { k: { from: 'k' }, seq: { from: 'seq', type: 'integer' } } },
        ],
      };
      // 4,000 lines over 250 keys, each repeated in many ranges of 2 KiB.
      const events = Array.from({ length: 4000 }, (_, seq) => ({ k: `key-${(seq * 7919) % 250}`, seq }));
      const folder = project(`dup-${mode}`, config, { 'd.jsonl': jsonl(events) });
      const log = path.join(folder, 'd.jsonl');
      const dry = dryRun(log);
      const dryRejects = fs.existsSync(dryRejectsPath(log)) ? fs.readFileSync(dryRejectsPath(log), 'utf8') : '';
      const result = ingest(log, db.url, ['--workers', '2', '--range-bytes', '2048']);
      assert.equal(result.status, 0, result.stderr);
      const expected = new Map<string, number>();
      const firstLine = new Map<string, number>();
      events.forEach((e, i) => {
        if (mode === 'update' || !expected.has(e.k)) expected.set(e.k, e.seq);
        if (!firstLine.has(e.k)) firstLine.set(e.k, i + 1);
      });
      const repeats = mode === 'error' ? 3750 : 0;
      assertSameCounts(result.report!, { lines: 4000, inserted: 250, duplicates: mode === 'skip' ? 3750 : 0, rejected: repeats, blank: 0 });
      assert.equal(result.report!.updated, mode === 'update' ? 3750 : 0);
      assertSameCounts(dry.report!, result.report!);
      assert.equal(result.report!.onDuplicate, mode);
      const stored = new Map(rows(db.name, 'SELECT k, seq FROM seq').map(([k, seq]) => [k, Number(seq)]));
      assert.deepEqual(stored, expected);
      if (mode !== 'error') return;
      const rejects = rejectsOf(loadRejectsPath(log));
      assert.deepEqual(
        rejects.map((r) => [r.line, r.reason]),
        events.flatMap((e, i) => (firstLine.get(e.k) === i + 1 ? [] : [[i + 1, `duplicate key k "${e.k}": the first one is line ${firstLine.get(e.k)}`]])),
      );
      assert.equal(rejects[0].text, JSON.stringify(events[rejects[0].line - 1]));
      assert.equal(fs.readFileSync(loadRejectsPath(log), 'utf8'), dryRejects, 'the dry run wrote the same rejects');
    });
  }

  it('--on-duplicate update overrides the mapping, and the report says "updated"', () => {
    const db = database();
    const folder = project('dup-flag', TYPES_CONFIG, {
      'events.jsonl': jsonl([
        { id: 'a', i: 1 },
        { id: 'a', i: 2 },
      ]),
    });
    const result = ingest(path.join(folder, 'events.jsonl'), db.url, ['--on-duplicate', 'update']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rows(db.name, 'SELECT id, i FROM typed'), [['a', '2']]);
    assertSameCounts(result.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 0, blank: 0 });
    assert.equal(result.report!.updated, 1);
  });

  it('--dry-run writes the report and the rejects a real run writes, without a database', () => {
    const db = database();
    const folder = project('dry', TYPES_CONFIG, {});
    const log = path.join(folder, 'big.jsonl');
    // The chat generator's lines through the typed mapping: many rejects, duplicates and rows, in many ranges.
    writeChatLogFile(log, { lines: 20000, seed: 5, badRate: 0.05 });
    fs.writeFileSync(log, fs.readFileSync(log, 'utf8').replace(/"id":"([^"]{0,4})[^"]*"/g, '"id":"$1"'));
    const dry = dryRun(log);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.report!.method, 'none');
    const dryRejects = fs.readFileSync(dryRejectsPath(log), 'utf8');
    const real = ingest(log, db.url, ['--range-bytes', '65536']);
    assert.equal(real.status, 0, real.stderr);
    assertSameCounts(dry.report!, real.report!);
    assert.ok(Number(real.report!.duplicates) > 0 && Number(real.report!.rejected) > 0 && Number(real.report!.inserted) > 0);
    assert.equal(fs.readFileSync(loadRejectsPath(log), 'utf8'), dryRejects, 'the same rejects file, byte for byte');
  });

  it('--mapping NAME picks a mapping; an unknown name lists the known ones; no match uses the built-in mapping and says so', () => {
    const folder = project('names', TYPES_CONFIG, { 'other.log': jsonl([{ id: 'a' }]), 'events.jsonl': jsonl([{ id: 'a' }]) });
    const named = dryRun(path.join(folder, 'other.log'), ['--mapping', 'typed']);
    assert.equal(named.status, 0, named.stderr);
    assert.equal(named.report!.mapping, 'typed');
    assert.equal(named.report!.inserted, 1);
    const builtIn = dryRun(path.join(folder, 'other.log'));
    assert.equal(builtIn.status, 0, builtIn.stderr);
    assert.equal(builtIn.report!.builtInMapping, true);
    // Its own rejects file: a run does not replace the one the dry run above wrote.
    const text = runCli(['ingest', path.join(folder, 'other.log'), '--dry-run', '--rejects', path.join(folder, 'text-rejects.jsonl')]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /^ {2}through {5}the built-in chat mapping: no mapping in .*\.loadline\.json matches this file \(declare yours under "ingest" in \.loadline\.json\)$/m,
    );
    const unknown = dryRun(path.join(folder, 'events.jsonl'), ['--mapping', 'nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^loadline: there is no mapping named "nope"; the mappings are typed, chat \(built in\)\. Pass one of them to --mapping/);
  });

  it('a broken ingest section stops the load with the file, the line and the problem', () => {
    const config = '{\n  "ingest": [\n    { "name": "x", "table": "t", "key": "nope", "columns": { "a": { "from": "a..b" } } }\n  ]\n}\n';
    const folder = project('broken', config, { 'e.jsonl': jsonl([{ a: 1 }]) });
    const result = dryRun(path.join(folder, 'e.jsonl'));
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /\.loadline\.json:3:\d+: The key "nope" is not one of the mapping's columns\. See "Ingest mappings" in docs\/ingest\.md\. Fix the config/,
    );
  });

  for (const onDuplicate of ['skip', 'error'] as const) {
    it(`after SIGKILL mid-run, --resume through a declared mapping (onDuplicate ${onDuplicate}) gives exactly the right rows and counts`, async () => {
      const db = database();
      const config = {
        ingest: [
          {
            name: 'declared-chat',
            files: ['*.jsonl'],
            table: 'declared_chat',
            key: 'id',
            onDuplicate,
            when: { path: 'type', in: ['message', 'status'] },
            columns: chatColumns(),
          },
        ],
      };
      const folder = project(`kill-declared-${onDuplicate}`, config, {});
      const log = path.join(folder, 'chat.jsonl');
      writeChatLogFile(log, { lines: 150000, seed: 41, badRate: 0.01 });
      const dry = dryRun(log);
      const dryRejects = fs.readFileSync(dryRejectsPath(log), 'utf8');
      await killAfterThreeRanges(log, db.url, 262144, 'declared');
      if (onDuplicate === 'skip') {
        // A mapping edited between the crash and the resume would load the rest differently: refused, nothing touched.
        const configFile = path.join(folder, '.loadline.json');
        const original = fs.readFileSync(configFile, 'utf8');
        const rowsBefore = sql('SELECT COUNT(*) FROM declared_chat', db.name).trim();
        fs.writeFileSync(configFile, original.replace('"onDuplicate": "skip"', '"onDuplicate": "update"'));
        const refused = ingest(log, db.url, ['--resume']);
        assert.equal(refused.status, 1, refused.stderr);
        assert.match(refused.stderr, /the mapping of .*chat\.jsonl changed since its checkpoint was written; put the mapping .* back as they were, or delete /);
        assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
        assert.equal(sql('SELECT COUNT(*) FROM declared_chat', db.name).trim(), rowsBefore);
        fs.writeFileSync(configFile, original);
      }
      const resumed = ingest(log, db.url, ['--resume']);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.ok(Number(resumed.report!.resumedRanges) >= 3, `resumed ${String(resumed.report!.resumedRanges)} ranges`);
      const { ids, valid } = validIdsOf(log);
      assert.equal(Number(sql('SELECT COUNT(*) FROM declared_chat', db.name).trim()), ids);
      const repeats = valid - ids;
      const expected = onDuplicate === 'skip' ? { duplicates: repeats, rejected: 150000 - valid } : { duplicates: 0, rejected: 150000 - valid + repeats };
      assertSameCounts(resumed.report!, { lines: 150000, inserted: ids, blank: 0, ...expected });
      assertSameCounts(dry.report!, resumed.report!);
      assert.equal(fs.readFileSync(loadRejectsPath(log), 'utf8'), dryRejects, 'rejects neither lost nor doubled, as the dry run wrote them');
    });
  }
});

/** The built-in chat mapping as a user declares it (docs/ingest.md, "Ingest mappings"). */
function chatColumns() {
  return {
    id: { from: 'id', required: true },
    from: { from: 'from', required: true },
    type: { from: 'type', required: true, maxLength: 50 },
    site_id: { from: 'site_id', required: true, maxLength: 50, acceptNumbers: true },
    data: { from: { message: 'data.message', status: 'data.status' }, default: '' },
    timestamp: { from: 'timestamp', type: 'unix-seconds', required: true },
  };
}

const hex = (text: string) => Buffer.from(text).toString('hex').toUpperCase();

const CSV_CONTRACT = {
  contracts: [
    {
      files: ['*.csv', '*.tsv'],
      headers: {
        'Shop ID': { field: 'shop_id', type: 'integer', required: true },
        name: { required: true },
        opened: { type: 'date', format: '%d/%m/%Y' },
      },
      schema: { fields: [], primaryKey: ['Shop ID'] },
    },
  ],
};

describe('CSV files through their contract', () => {
  const variants: [string, string, (rows: string[][]) => string][] = [
    ['comma, LF', 'shops.csv', (r) => r.map((cells) => cells.join(',')).join('\n') + '\n'],
    ['BOM, CRLF, ;', 'semi.csv', (r) => '\ufeff' + r.map((cells) => cells.join(';')).join('\r\n') + '\r\n'],
    ['tab', 'tabs.tsv', (r) => r.map((cells) => cells.join('\t')).join('\n')],
  ];
  for (const [name, file, write] of variants) {
    it(`${name}: quoted line breaks load as written; a missing required cell and a type error are rejected with their diagnostics`, () => {
      const db = database();
      const csv = write([
        ['Shop ID', 'name', 'opened', 'note'],
        ['1', '"Ann\nand ""Bo"""', '01/02/2024', 'x'],
        ['2', '', '03/02/2024', ''],
        ['3x', 'C', '03/02/2024', ''],
        ['1', 'again', '', ''],
        ['4', 'D', '', '"a, b; c\td"'],
      ]);
      const folder = project(`csv-${file}`, CSV_CONTRACT, { [file]: csv });
      const result = ingest(path.join(folder, file), db.url);
      assert.equal(result.status, 0, result.stderr);
      const table = file.replace(/\..*/, '');
      assert.deepEqual([result.report!.mapping, result.report!.table], ['contract', table]);
      assertSameCounts(result.report!, { lines: 5, inserted: 2, duplicates: 1, rejected: 2, blank: 0 });
      assert.deepEqual(
        sql(`SELECT shop_id, HEX(name), opened, HEX(note) FROM ${table} ORDER BY shop_id`, db.name)
          .trim()
          .split('\n')
          .map((l) => l.split('\t')),
        [
          ['1', hex('Ann\nand "Bo"'), '2024-02-01', hex('x')],
          ['4', hex('D'), 'NULL', hex('a, b; c\td')],
        ],
      );
      assert.deepEqual(
        rejectsOf(loadRejectsPath(path.join(folder, file))).map((r) => [r.line, r.code, r.reason]),
        [
          [4, 'required', 'Missing required value name for row 4'],
          [5, 'type-error', 'Value "3x" in Shop ID (row 5) is not an integer'],
        ],
      );
    });
  }

  /** counts.csv (id, n: integers, keyed by id) loaded through its contract into the existing table `ddl` makes. */
  const loadCounts = (name: string, ddl: string, csv: string, missingValues?: string[]) => {
    const db = database();
    sql(`CREATE DATABASE ${db.name}`);
    sql(ddl, db.name);
    const fields = [
      { name: 'id', type: 'integer' },
      { name: 'n', type: 'integer' },
    ];
    const contract = { contracts: [{ files: ['*.csv'], schema: { fields, primaryKey: 'id', ...(missingValues ? { missingValues } : {}) } }] };
    const file = path.join(project(name, contract, { 'counts.csv': csv }), 'counts.csv');
    return { db, file, result: ingest(file, db.url) };
  };

  it("a NULL cell for an existing table's NOT NULL column is refused by the server, with the fix a CSV has (hp13, hp14 01)", () => {
    // Row 5 is short: it has no cell for n at all.
    const { db, file, result } = loadCounts(
      'csv-not-null',
      'CREATE TABLE counts (id BIGINT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 5)',
      'id,n\n1,7\n2,NA\n3,\n4\n',
      ['', 'NA'],
    );
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 4, inserted: 1, duplicates: 0, rejected: 3, blank: 0 });
    assert.deepEqual(rows(db.name, 'SELECT id, n FROM counts'), [['1', '7']]);
    const fix =
      "the server refused the row (error 1048): Column 'n' cannot be null; the row's cell for it is empty, one of its field's missingValues, " +
      'or not there (a short row), which loads as NULL: give it a value, or let the column take NULL';
    assert.deepEqual(
      rejectsOf(loadRejectsPath(file)).map((r) => [r.line, r.code, r.reason]),
      [
        [3, 'server-rejected', fix],
        [4, 'server-rejected', fix],
        [5, 'server-rejected', fix],
      ],
    );
  });

  it("an existing table's NOT NULL column that the CSV has no column for refuses the load, naming the CSV, not a mapping (hp14 02)", () => {
    const { db, result } = loadCounts('csv-not-null-column', 'CREATE TABLE counts (id BIGINT PRIMARY KEY, n BIGINT, z INT NOT NULL)', 'id,n\n1,7\n');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      [
        `loadline: the table ${db.name}.counts cannot take this load, so nothing was loaded:`,
        `  ${db.name}.counts.z is NOT NULL without a default, and the CSV does not fill it`,
        "Change the table, or the CSV's header and contract, or load into a new --table.",
        '',
      ].join('\n'),
    );
    assert.equal(sql('SELECT COUNT(*) FROM counts', db.name).trim(), '0');
  });

  it('--on-duplicate error rejects a repeated primary key with the line of the first one (quoted line breaks counted)', () => {
    const db = database();
    const folder = project('csv-repeat', CSV_CONTRACT, { 'r.csv': 'Shop ID,name\n1,"two\nlines"\n2,b\n1,again\n' });
    const result = ingest(path.join(folder, 'r.csv'), db.url, ['--on-duplicate', 'error']);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 3, inserted: 2, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(rejectsOf(loadRejectsPath(path.join(folder, 'r.csv'))), [
      { line: 5, code: 'duplicate-key', reason: 'duplicate key shop_id "1": the first one is line 2', text: '1,again' },
    ]);
  });

  it('unique columns and uniqueKeys hold across ranges loaded in parallel: a repeat is rejected naming the first row, as in a dry run', () => {
    const db = database();
    const contract = {
      contracts: [
        {
          files: ['*.csv'],
          headers: { id: { type: 'integer', required: true }, email: { constraints: { unique: true } }, city: {}, name: {} },
          schema: { fields: [], primaryKey: 'id', uniqueKeys: [['city', 'name']] },
        },
      ],
    };
    const records = Array.from({ length: 3000 }, (_, i) => ({
      id: i === 250 ? '250x' : String(i),
      // One address every 500 rows, and row 252's (a record rejected for its id, which holds nothing) again at the end.
      email: i % 500 === 0 ? 'shared@x.org' : i === 250 || i === 2750 ? 'first@x.org' : `u${i}@x.org`,
      city: `c${i % 3}`,
      name: i % 600 === 1 ? 'twin' : `n${i}`,
    }));
    const folder = project('csv-unique', contract, {
      'u.csv': ['id,email,city,name', ...records.map((r) => [r.id, r.email, r.city, r.name].join(','))].join('\n') + '\n',
    });
    const file = path.join(folder, 'u.csv');
    // The model: a record with a cell error is rejected for it; else for the first of its sets that repeats a value
    // held; else it loads and holds its values. A rejected record holds nothing.
    const firstRows = [new Map<string, number>(), new Map<string, number>()];
    const expected: [number, string, string][] = [];
    records.forEach((r, i) => {
      const row = i + 2;
      const keys = [r.email, `${r.city}|${r.name}`];
      const repeats = keys.map((key, set) => firstRows[set].get(key));
      if (r.id.endsWith('x')) expected.push([row, 'type-error', `Value "${r.id}" in id (row ${row}) is not an integer`]);
      else if (repeats[0]) expected.push([row, 'unique-error', `Value "${r.email}" in email (row ${row}) repeats row ${repeats[0]}: the column is unique`]);
      else if (repeats[1]) expected.push([row, 'unique-error', `Row ${row} repeats the unique key (city, name) of row ${repeats[1]}`]);
      else keys.forEach((key, set) => firstRows[set].set(key, row));
    });
    assert.ok(expected.length >= 10, 'the model finds repeats');
    const dry = dryRun(file);
    assert.equal(dry.status, 0, dry.stderr);
    const dryRejects = fs.readFileSync(dryRejectsPath(file), 'utf8');
    const result = ingest(file, db.url, ['--workers', '2', '--range-bytes', '2048']);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 3000, inserted: 3000 - expected.length, duplicates: 0, rejected: expected.length, blank: 0 });
    assertSameCounts(dry.report!, result.report!);
    assert.deepEqual(
      rejectsOf(loadRejectsPath(file)).map((r) => [r.line, r.code, r.reason]),
      expected,
    );
    assert.equal(fs.readFileSync(loadRejectsPath(file), 'utf8'), dryRejects, 'the dry run (one range) wrote the same rejects');
    assert.equal(Number(sql("SELECT COUNT(*) FROM u WHERE email = 'shared@x.org'", db.name).trim()), 1);
  });

  it('a CSV that is not UTF-8 loads as Windows-1252, as loadline validate reads it, and the report says so', () => {
    const db = database();
    const text = 'Shop ID,name,opened,note\n1,Café Zürich,01/02/2024,€ 5\n2,"Señor ‘Bo’",03/02/2024,x\n';
    // What Excel's "CSV (Comma delimited)" writes on Windows: Latin-1 below 0x100, and 0x80-0x9F for € ‘ ’.
    const cp1252: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92 };
    const bytes = Buffer.from([...text].map((c) => cp1252[c] ?? c.charCodeAt(0)));
    const folder = project('csv-1252', CSV_CONTRACT, { 'win.csv': bytes });
    const file = path.join(folder, 'win.csv');
    const checked = runCli(['ingest', file, '--dry-run']);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, /read as Windows-1252, since its bytes are not UTF-8/);
    const result = ingest(file, db.url);
    assert.equal(result.status, 0, result.stderr);
    assertSameCounts(result.report!, { lines: 2, inserted: 2, duplicates: 0, rejected: 0, blank: 0 });
    assert.deepEqual(
      sql('SELECT shop_id, HEX(name), HEX(note) FROM win ORDER BY shop_id', db.name)
        .trim()
        .split('\n')
        .map((l) => l.split('\t')),
      [
        ['1', hex('Café Zürich'), hex('€ 5')],
        ['2', hex('Señor ‘Bo’'), hex('x')],
      ],
    );
    // A UTF-8 file with one damaged byte stays UTF-8: that row is rejected, and "Zoë" is not loaded as "ZoÃ«".
    const damaged = path.join(folder, 'damaged.csv');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('Shop ID,name,opened\n1,Zoë,01/02/2024\n2,Caf'), Buffer.from([0xe9]), Buffer.from(',01/02/2024\n')]));
    const mixed = dryRun(damaged);
    assert.equal(mixed.status, 0, mixed.stderr);
    assertSameCounts(mixed.report!, { lines: 2, inserted: 1, duplicates: 0, rejected: 1, blank: 0 });
    assert.deepEqual(
      rejectsOf(dryRejectsPath(damaged)).map((r) => [r.line, r.code, r.reason]),
      [[3, 'invalid-csv', 'the row is not valid UTF-8']],
    );
  });

  it('a record with a broken quote is rejected with its diagnostic and counted, never loaded', () => {
    const db = database();
    const folder = project('csv-quotes', CSV_CONTRACT, {
      // papaparse reads a field with text after its closing quote on to a quote that closes it: row 3 is in it.
      'malformed.csv': 'Shop ID,name,opened\n1,ok,01/02/2024\n2,"bad"x,01/02/2024\n3,"fine",01/02/2024\n4,z,01/02/2024\n',
      'unclosed.csv': 'Shop ID,name,opened\n1,ok,01/02/2024\n2,"open,01/02/2024\n3,z,01/02/2024\n',
    });
    const expected = {
      'malformed.csv': 'Malformed quoted field: text follows the closing quote. Write a quote inside a quoted field as ""',
      'unclosed.csv': 'Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "',
    };
    const loaded = {
      'malformed.csv': [
        ['1', 'ok'],
        ['4', 'z'],
      ],
      'unclosed.csv': [['1', 'ok']],
    };
    for (const [name, reason] of Object.entries(expected)) {
      const file = path.join(folder, name);
      const result = ingest(file, db.url);
      assert.equal(result.status, 0, result.stderr);
      const stored = loaded[name as keyof typeof loaded];
      assertSameCounts(result.report!, { lines: stored.length + 1, inserted: stored.length, duplicates: 0, rejected: 1, blank: 0 });
      assert.deepEqual(
        rejectsOf(loadRejectsPath(file)).map((r) => [r.line, r.code, r.reason]),
        [[3, 'invalid-csv', reason]],
      );
      assert.deepEqual(rows(db.name, `SELECT shop_id, name FROM ${name.replace('.csv', '')} ORDER BY shop_id`), stored);
    }
  });

  it('a CSV without a contract, or whose header lacks a required column, is refused before anything loads', () => {
    const folder = project('csv-refused', CSV_CONTRACT, { 'bad.csv': 'Shop ID,opened\n1,01/01/2024\n' });
    const refused = dryRun(path.join(folder, 'bad.csv'));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /bad\.csv:1:1: Missing required header "name"/);
  });

  it('--dry-run of a CSV equals the real run; after SIGKILL mid-run, --resume gives exactly the right rows', async () => {
    const db = database();
    const folder = project('csv-kill', CSV_CONTRACT, {});
    const file = path.join(folder, 'many.csv');
    const lines = ['Shop ID,name,opened,note'];
    let valid = 0;
    const ids = new Set<number>();
    for (let i = 0; i < 60000; i++) {
      const id = i % 97 === 0 ? i - 1 : i;
      const bad = i % 101 === 0;
      const name = i % 10 === 0 ? `"name ${i}\nwith ""quotes"", and a line break"` : `name ${i}`;
      lines.push(`${bad ? `${id}x` : id},${name},0${(i % 9) + 1}/01/2024,note ${i}`);
      if (!bad) {
        valid++;
        ids.add(id);
      }
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const dry = dryRun(file, []);
    assert.equal(dry.status, 0, dry.stderr);
    const dryRejects = fs.readFileSync(dryRejectsPath(file), 'utf8');
    await killAfterThreeRanges(file, db.url, 65536, 'csv');
    const resumed = ingest(file, db.url, ['--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(Number(resumed.report!.resumedRanges) >= 3, `resumed ${String(resumed.report!.resumedRanges)} ranges`);
    assertSameCounts(resumed.report!, { lines: 60000, inserted: ids.size, duplicates: valid - ids.size, rejected: 60000 - valid, blank: 0 });
    assertSameCounts(dry.report!, resumed.report!);
    assert.equal(Number(sql('SELECT COUNT(*) FROM many', db.name).trim()), ids.size);
    assert.equal(fs.readFileSync(loadRejectsPath(file), 'utf8'), dryRejects, 'rejects neither lost nor doubled, as the dry run wrote them');
    assert.equal(sql('SELECT name FROM many WHERE shop_id = 10', db.name).trim(), 'name 10\\nwith "quotes", and a line break');
  });
});

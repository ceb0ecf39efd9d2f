import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('loadline validate and infer with typed contracts', () => {
  let dir: string;
  const write = (relative: string, content: unknown) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  const cli = (args: string[]) => runCli(args, { cwd: dir });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-typed-'));
    write('.loadline.json', {
      contracts: [
        {
          files: ['shops/*.csv'],
          headers: {
            shop_id: { field: 'id', type: 'integer', constraints: { required: true, unique: true, minimum: 1 } },
            email: { type: 'string', format: 'email' },
            joined: { type: 'date', format: '%d/%m/%Y' },
            tier: { type: 'string', constraints: { enum: ['gold', 'silver'] } },
          },
        },
        { files: ['orders/*.csv'], schema: 'schemas/orders.schema.json' },
      ],
    });
    write(
      'shops/shops.csv',
      'shop_id,email,joined,tier\n1,a@b.io,01/02/2020,gold\n12x,bad,31/02/2020,bronze\n0,c@d.io,1/2/2020,silver\n1,e@f.io,02/02/2020,gold\n',
    );
    write('schemas/orders.schema.json', {
      fields: [
        { name: 'order', type: 'integer' },
        { name: 'line', type: 'integer' },
        { name: 'amount', type: 'number', decimalChar: ',' },
      ],
      primaryKey: ['order', 'line'],
    });
    write('orders/orders.csv', 'order;line;amount\n1;1;"2,50"\n1;2;3\n1;1;4,5\n');
    write('package/datapackage.json', {
      resources: [
        {
          name: 'visits',
          path: 'visits.csv',
          schema: {
            fields: [
              { name: 'day', type: 'date' },
              { name: 'n', type: 'integer', constraints: { maximum: 10 } },
            ],
          },
        },
      ],
    });
    write('package/visits.csv', 'day,n\n2026-11-28,3\n2026-11-31,11\n');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports type, constraint and unique errors with the frictionless codes, the value, the column and the row', () => {
    const result = cli(['validate', 'shops/shops.csv']);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        'shops/shops.csv:3:1: error type-error Value "12x" in shop_id (row 3) is not an integer',
        'shops/shops.csv:3:5: error type-error Value "bad" in email (row 3) is not an email address',
        'shops/shops.csv:3:9: error type-error Value "31/02/2020" in joined (row 3) is not a date in the format %d/%m/%Y',
        'shops/shops.csv:3:20: error constraint-error Value "bronze" in tier (row 3) is not one of "gold", "silver" (enum)',
        'shops/shops.csv:4:1: error constraint-error Value "0" in shop_id (row 4) is below the minimum 1',
        'shops/shops.csv:5:1: error unique-error Value "1" in shop_id (row 5) repeats row 2: the column is unique',
        '',
      ].join('\n'),
    );
  });

  it('adds the finer reason to --format json', () => {
    const problems = JSON.parse(cli(['validate', '--format', 'json', 'shops/shops.csv']).stdout) as { code: string; reason?: string }[];
    assert.deepEqual(
      problems.map((p) => [p.code, p.reason]),
      [
        ['type-error', 'integer'],
        ['type-error', 'string'],
        ['type-error', 'date'],
        ['constraint-error', 'enum'],
        ['constraint-error', 'minimum'],
        ['unique-error', 'unique'],
      ],
    );
  });

  it('applies a Table Schema named by path (composite primary key, decimalChar) and a Data Package resource', () => {
    const orders = cli(['validate', 'orders/orders.csv']);
    assert.equal(orders.stdout, 'orders/orders.csv:4:1: error primary-key Row 4 repeats the primary key (order, line) of row 2\n');
    const visits = cli(['validate', 'package/visits.csv']);
    assert.equal(
      visits.stdout,
      'package/visits.csv:3:1: error type-error Value "2026-11-31" in day (row 3) is not a date (YYYY-MM-DD)\n' +
        'package/visits.csv:3:12: error constraint-error Value "11" in n (row 3) is above the maximum 10\n',
    );
  });

  it('reports a broken Table Schema file at the fault, once, and checks the CSV without it, saying so on each CSV', () => {
    write('broken/.loadline.json', { contracts: [{ files: ['*.csv'], schema: 's.json' }] });
    write('broken/s.json', '{\n  "fields": [{ "name": "a", "type": "money" }]\n}');
    write('broken/a.csv', 'a\n1\n');
    write('broken/b.csv', 'a\n2\n');
    const result = cli(['validate', 'broken']);
    assert.equal(result.status, 2);
    assert.match(result.stdout, /^broken\/s\.json:2:37: error invalid-config \/fields\/0\/type must be one of "string"/);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.filter((line) => line.startsWith('broken/s.json')).length, 1, 'once, not once per CSV');
    assert.deepEqual(
      lines.slice(1).map((line) => line.replace(/ are off .*/, '')),
      ['a.csv', 'b.csv'].map(
        (csv) => `broken/${csv}:1:1: error invalid-config The Table Schema broken/s.json is broken, so the typed checks (types, formats, constraints)`,
      ),
    );
  });

  it('loadline infer refuses a file that is not CSV (an unclosed quote), naming the line, and prints no contract (hp22 08)', () => {
    write('broken-quote/bad.csv', 'a,b\n"unclosed,1\n');
    const result = cli(['infer', 'broken-quote/bad.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^loadline: cannot infer a contract from broken-quote\/bad\.csv:2: Unclosed quote: this quoted field never ends/);
  });

  it('loadline infer refuses to print a contract above the size that validate reads (hp22b 04: 123 MiB for 1M columns)', () => {
    write('wide-label/w.csv', `${'h'.repeat(65 * 1024 * 1024)},b\n1,2\n`);
    const result = cli(['infer', 'wide-label/w.csv']);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^loadline: cannot infer a contract from wide-label\/w\.csv: it would be 66 MiB, above the 64 MiB that Loadline reads of a contract file/,
    );
  });

  it('loadline infer reads a quoted cell over several lines as one cell, not a broken file', () => {
    write('long-quote/ok.csv', `a,b\n${'1,x\n'.repeat(5)}"multi\nline\ncell",2\n`);
    assert.equal(cli(['infer', 'long-quote/ok.csv', '--rows', '1']).status, 0);
  });

  it('loadline infer prints a contract for the file, and validate then passes on it', () => {
    write('new/people.csv', 'id,name,email,born,active\n1,Ann,ann@x.io,1990-01-02,true\n2,Bob,,1985-12-31,false\n3,Cy,cy@x.io,2001-07-07,true\n');
    const result = cli(['infer', 'new/people.csv', '--rows', '2']);
    assert.equal(result.status, 0);
    const inferred = JSON.parse(result.stdout) as { contracts: { files: string[]; headers: Record<string, unknown> }[] };
    assert.deepEqual(inferred.contracts[0], {
      files: ['new/people.csv'],
      headers: {
        id: { type: 'integer', constraints: { required: true, unique: true } },
        name: { type: 'string', constraints: { required: true } },
        email: { type: 'string', format: 'email' },
        born: { type: 'date', constraints: { required: true } },
        active: { type: 'boolean', constraints: { required: true } },
      },
    });
    write('new/.loadline.json', JSON.stringify({ contracts: [{ ...inferred.contracts[0], files: ['people.csv'] }] }));
    assert.equal(cli(['validate', 'new/people.csv']).status, 0);
    assert.match(cli(['infer', 'missing.csv']).stderr, /cannot read missing\.csv: ENOENT/);
  });

  it("infer's output, saved as .loadline.json, passes its file: blank cells, values that repeat once cast, __proto__ columns", () => {
    write('self/data.csv', 'code,__proto__,constructor,toString\n1,1, ,a\n01,2,x,b\n');
    const result = cli(['infer', 'self/data.csv']);
    assert.equal(result.status, 0);
    const contract = (JSON.parse(result.stdout) as { contracts: { headers: Record<string, { constraints?: object }> }[] }).contracts[0];
    assert.deepEqual(Object.keys(contract.headers), ['code', '__proto__', 'constructor', 'toString']);
    assert.deepEqual(contract.headers.code.constraints, { required: true }, '1 and 01 are one integer: not unique');
    assert.equal(new Map(Object.entries(contract.headers)).get('constructor')?.constraints, undefined, 'a blank cell: not required');
    write('self/.loadline.json', { contracts: [{ ...contract, files: ['data.csv'] }] });
    const validated = cli(['validate', 'self/data.csv']);
    assert.equal(validated.status, 0, validated.stdout);
    // The __proto__ rule is read back and applies: a text there is a type error.
    write('self/data.csv', 'code,__proto__,constructor,toString\n1,one, ,a\n');
    assert.match(cli(['validate', 'self/data.csv']).stdout, /type-error Value "one" in __proto__/);
  });
});

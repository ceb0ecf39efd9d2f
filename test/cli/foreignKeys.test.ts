// `loadline validate` and Table Schema foreignKeys (issue 27): orphans in the files given, read against the files
// they refer to (given or not), worded by the CLI; a reference that is not to a key is the contract's problem.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('loadline validate with foreign keys', () => {
  let dir: string;
  const write = (relative: string, content: unknown) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  const cli = (args: string[]) => runCli(args, { cwd: dir });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-fk-cli-'));
    write('pkg/datapackage.json', {
      resources: [
        { name: 'warehouses', path: 'warehouses.csv', schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['site', 'bay'] } },
        {
          name: 'parcels',
          path: 'parcels.csv',
          schema: {
            fields: [{ name: 'id' }, { name: 'site' }, { name: 'bay' }],
            foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
          },
        },
      ],
    });
    write('pkg/warehouses.csv', 'site,bay\nWEST,1\nWEST,2\nEAST,2\n');
    write('pkg/parcels.csv', 'id,site,bay\np1,WEST,01\np2,,1\np3,EAST,2\np4,WEST,x\np5,EAST,1\n');
    write('dup/.loadline.json', {
      contracts: [
        { name: 'sites', files: ['sites.csv'], headers: { id: { type: 'integer' } } },
        { files: ['visits*.csv'], headers: { site: { foreignKey: { reference: { resource: 'sites', fields: 'id' } } } } },
      ],
    });
    write('dup/sites.csv', 'id\n1\n2\n01\n');
    write('dup/visits1.csv', 'site\n1\n');
    write('dup/visits2.csv', 'site\n2\n');
    // A resource of two files, the key 1 in both; a date key written twice (hp2527c 13, 05).
    write('multi/datapackage.json', {
      resources: [
        { name: 'wh', path: ['wh1.csv', 'wh2.csv'], schema: { fields: [{ name: 'k', type: 'integer' }] } },
        { name: 'days', path: 'days.csv', schema: { fields: [{ name: 'd', type: 'date' }] } },
        {
          name: 'u',
          path: 'u.csv',
          schema: {
            fields: [
              { name: 'k', type: 'integer' },
              { name: 'd', type: 'date' },
            ],
            foreignKeys: [
              { fields: 'k', reference: { resource: 'wh', fields: 'k' } },
              { fields: 'd', reference: { resource: 'days', fields: 'd' } },
            ],
          },
        },
      ],
    });
    write('multi/wh1.csv', 'k\n1\n');
    write('multi/wh2.csv', 'k\n1\n2\n');
    write('multi/days.csv', 'd\n2024-01-01\n2024-01-01\n');
    write('multi/u.csv', 'k,d\n1,2024-01-01\n');
    // Line 3 opens a quote that never closes: the keys from there on are not read.
    write('unclosed/datapackage.json', JSON.parse(fs.readFileSync(path.join(dir, 'pkg/datapackage.json'), 'utf8')));
    write('unclosed/warehouses.csv', 'site,bay\nWEST,1\n"WEST,2\nEAST,2\n');
    write('unclosed/parcels.csv', 'id,site,bay\np1,WEST,1\np2,WEST,2\np3,EAST,2\np4,EAST,2\n');
    // Keys that hold line breaks in quotes, in files of \n line endings (hp14 09).
    write('quoted/.loadline.json', {
      contracts: [
        { name: 'r', files: ['r.csv'], schema: { fields: [{ name: 's' }], primaryKey: ['s'] } },
        { files: ['c.csv'], schema: { fields: [{ name: 's' }], foreignKeys: [{ fields: 's', reference: { resource: 'r', fields: 's' } }] } },
      ],
    });
    write('quoted/r.csv', 's\n"p\r\nq"\n"x\ny"\n');
    write('quoted/c.csv', 's\n"p\r\nq"\n"x\ry"\n"x\ny"\n');
    // A referenced file that mixes line endings between its records, no quote in it (hp15 01).
    write('mixed/.loadline.json', {
      contracts: [
        { name: 'customers', files: ['customers.csv'], schema: { fields: [{ name: 'name' }, { name: 'id' }], primaryKey: ['id'] } },
        {
          files: ['orders.csv'],
          schema: { fields: [{ name: 'customer' }], foreignKeys: [{ fields: 'customer', reference: { resource: 'customers', fields: 'id' } }] },
        },
      ],
    });
    write('mixed/customers.csv', 'name,id\nA,k1\r\nB,k2\nC,k3\rD,k4\n');
    write('mixed/orders.csv', 'customer\nk1\nk2\nk3\nk4\nk5\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names each orphan by its values, fields and the referenced resource, reading a referenced file it was not given', () => {
    const result = cli(['validate', 'pkg/parcels.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stdout,
      [
        `${path.join('pkg', 'parcels.csv')}:5:4: error foreign-key Value ("WEST", "x") of (site, bay) in row 5 is not in warehouses (site, bay): it cannot be read as the referenced type (site: string, bay: integer)`,
        `${path.join('pkg', 'parcels.csv')}:6:4: error foreign-key Value ("EAST", 1) of (site, bay) in row 6 is not in warehouses (site, bay)`,
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /1 file checked: 2 errors/);
  });

  it('--format json gives the finer reason and the values in data', () => {
    const problems = JSON.parse(cli(['validate', 'pkg/parcels.csv', '--format', 'json']).stdout) as { code: string; data: unknown; endColumn: number }[];
    assert.deepEqual(
      problems.map((p) => [p.code, p.endColumn, p.data]),
      [
        [
          'foreign-key',
          10,
          { reason: 'uncastable', values: ['WEST', 'x'], fields: ['site', 'bay'], resource: 'warehouses', referencedFields: ['site', 'bay'] },
        ],
        ['foreign-key', 10, { reason: 'not-found', values: ['EAST', 1], fields: ['site', 'bay'], resource: 'warehouses', referencedFields: ['site', 'bay'] }],
      ],
    );
  });

  it('a referenced key that repeats is one invalid-config problem on the contract, however many files refer to it (exit 2)', () => {
    const result = cli(['validate', 'dup']);
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1, result.stdout);
    assert.match(
      lines[0],
      /^dup[\\/]\.loadline\.json:\d+:\d+: error invalid-config The foreign key refers to sites \(id\), which is not a key: rows 2 and 4 of dup[\\/]sites\.csv both hold 1/,
    );
  });

  it('a key repeated across the files of a resource names the file of each row; a date as written, not as a day count', () => {
    const result = cli(['validate', 'multi/u.csv']);
    assert.equal(result.status, 2, result.stderr);
    const messages = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.replace(/^.*? invalid-config /, ''));
    assert.deepEqual(messages, [
      `The foreign key refers to wh (k), which is not a key: row 2 of ${path.join('multi', 'wh1.csv')} and row 2 of ${path.join('multi', 'wh2.csv')} both hold 1. Refer to a unique key (a primaryKey or uniqueKeys entry)`,
      `The foreign key refers to days (d), which is not a key: rows 2 and 3 of ${path.join('multi', 'days.csv')} both hold "2024-01-01". Refer to a unique key (a primaryKey or uniqueKeys entry)`,
    ]);
  });

  it('a referenced file that is not CSV from a line on is one error on the referencing file, naming it and the line, not an orphan per key', () => {
    const result = cli(['validate', 'unclosed/parcels.csv']);
    assert.equal(result.status, 1, result.stderr);
    const warehouses = path.join('unclosed', 'warehouses.csv');
    assert.equal(
      result.stdout,
      `${path.join('unclosed', 'parcels.csv')}:1:1: error foreign-key Cannot check the foreign key (site, bay) against warehouses (site, bay): ${warehouses} is not CSV from line 3 on (Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "). Correct ${warehouses} at line 3\n`,
    );
    const [problem] = JSON.parse(cli(['validate', 'unclosed/parcels.csv', '--format', 'json']).stdout) as { data: unknown }[];
    assert.deepEqual(problem.data, {
      reason: 'referenced-file-unreadable',
      file: warehouses,
      line: 3,
      fields: ['site', 'bay'],
      resource: 'warehouses',
      referencedFields: ['site', 'bay'],
    });
  });

  it('a key cell holding a quoted line break is read as written in both files (a row is numbered by its first line): \\r\\n matches \\r\\n, and \\r is not \\n', () => {
    const result = cli(['validate', 'quoted/c.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, `${path.join('quoted', 'c.csv')}:4:1: error foreign-key Value "x\\ry" of s in row 4 is not in r (s)\n`);
  });

  it('a referenced file that mixes line endings between records holds the keys its lines show (no \\r kept in a cell)', () => {
    const result = cli(['validate', 'mixed/orders.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, `${path.join('mixed', 'orders.csv')}:6:1: error foreign-key Value "k5" of customer in row 6 is not in customers (id)\n`);
  });
});

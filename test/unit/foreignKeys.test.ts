// Table Schema foreignKeys (issue 27): where they can be written, what refers to what, and which rows are orphans.
// Cases come from the Table Schema spec (https://datapackage.org/standard/table-schema/#foreign-keys, "spec") and
// from frictionless-py v5 (frictionless/resources/table.py, the lookup and the "Foreign Key Error" of
// __open_row_stream, "frictionless"); where Loadline differs from frictionless-py, the case says so.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { fileStateOnDisk, readFromDisk } from '../../shared/src/contract/readFromDisk';
import { findOrphans, readReferencedKeys } from '../../shared/src/csv/foreignKeyCheck';
import { fileInput } from '../../shared/src/csv/validateFile';
import { Problem } from '../../shared/src/problem';

let root: string;
let serial = 0;

/** A folder of files; its contract files' problems; and each foreign key of `csv`'s contract checked. */
async function check(files: Record<string, unknown>, csv: string) {
  const dir = path.join(root, String(++serial));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  const problems = new Map<string, Problem[]>();
  const service = new ContractService({
    readText: (uri) => readFromDisk(uri.fsPath),
    fileState: (uri) => fileStateOnDisk(uri.fsPath),
    publishConfigProblems: (uri, found) => problems.set(path.relative(dir, uri.fsPath), found),
  });
  const file = path.join(dir, csv);
  const resolved = await service.lookup(URI.file(file));
  const results = [];
  for (const target of resolved?.foreignKeys ?? []) {
    const keys = await readReferencedKeys((target.files.length === 0 ? [file] : target.files.map((f) => URI.parse(f).fsPath)).map(fileInput), target);
    const { orphans, count } = await findOrphans(fileInput(file), resolved!.contract, target, keys);
    results.push({ orphans, count, repeat: keys.repeat, missingFields: keys.missingFields, target });
  }
  const configProblems = [...problems.values()].flat().map((p) => ({ line: p.range.start.line + 1, message: p.message }));
  return { resolved, results, configProblems };
}

/** The 1-based line of the first line of `text` that holds `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

const rows = (result: { orphans: { row: number; values: unknown[]; reason: string }[] }) => result.orphans.map((o) => [o.row, o.values, o.reason]);

const WAREHOUSES = {
  name: 'warehouses',
  path: 'warehouses.csv',
  schema: {
    fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }],
    primaryKey: ['site', 'bay'],
  },
};

/** A package of WAREHOUSES and a parcels resource of `fields` whose (site, bay) refers to it. */
const parcelsPackage = (fields: { name: string; type?: string }[]) => ({
  resources: [
    WAREHOUSES,
    {
      name: 'parcels',
      path: 'parcels.csv',
      schema: { fields, foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }] },
    },
  ],
});

describe('foreign keys', () => {
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-fk-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('simple: a field refers to another resource of the package (spec: fields and reference.fields as strings)', async () => {
    const { results, configProblems } = await check(
      {
        'datapackage.json': {
          resources: [
            { name: 'customers', path: 'customers.csv', schema: { fields: [{ name: 'id', type: 'integer' }], primaryKey: 'id' } },
            {
              name: 'orders',
              path: 'orders.csv',
              schema: {
                fields: [{ name: 'order' }, { name: 'customer', type: 'integer' }],
                foreignKeys: [{ fields: 'customer', reference: { resource: 'customers', fields: 'id' } }],
              },
            },
          ],
        },
        'customers.csv': 'id\n1\n2\n3\n',
        'orders.csv': 'order,customer\na,1\nb,4\nc,3\nd,7\n',
      },
      'orders.csv',
    );
    assert.deepEqual(configProblems, []);
    assert.deepEqual(rows(results[0]), [
      [3, [4], 'not-found'],
      [5, [7], 'not-found'],
    ]);
  });

  it('composite: (site, bay) refers to a two-field key, the issue example; the orphan is named by its cast values', async () => {
    const { results } = await check(
      {
        'datapackage.json': parcelsPackage([{ name: 'id' }, { name: 'site' }, { name: 'bay', type: 'integer' }]),
        'warehouses.csv': 'site,bay\nWEST,1\nWEST,2\nEAST,2\n',
        'parcels.csv': 'id,site,bay\np1,WEST,1\np2,WEST,2\np3,EAST,2\np4,WEST,3\np5,EAST,1\n',
      },
      'parcels.csv',
    );
    assert.deepEqual(rows(results[0]), [
      [5, ['WEST', 3], 'not-found'],
      [6, ['EAST', 1], 'not-found'],
    ]);
    // The range runs over the referencing cells, "EAST,1" of row 6.
    assert.deepEqual(results[0].orphans[1].range, { start: { line: 5, character: 3 }, end: { line: 5, character: 9 } });
  });

  it('self-reference: reference.resource "" is the same resource (spec); staff.boss refers to staff.sid', async () => {
    const { results } = await check(
      {
        'datapackage.json': {
          resources: [
            {
              name: 'staff',
              path: 'staff.csv',
              schema: {
                fields: [
                  { name: 'sid', type: 'integer' },
                  { name: 'boss', type: 'integer' },
                ],
                primaryKey: 'sid',
                foreignKeys: [{ fields: 'boss', reference: { resource: '', fields: 'sid' } }],
              },
            },
          ],
        },
        // A boss may come after the rows that name them: the whole file's keys are read first.
        'staff.csv': 'sid,boss\n1,\n2,4\n3,9\n4,1\n',
      },
      'staff.csv',
    );
    assert.deepEqual(rows(results[0]), [[4, [9], 'not-found']]);
  });

  it('nulls: a row with any null member is skipped (the issue; frictionless-py skips only an all-null key)', async () => {
    const { results } = await check(
      {
        'datapackage.json': {
          resources: [
            { ...WAREHOUSES, schema: { ...WAREHOUSES.schema, missingValues: ['', 'NA'] } },
            {
              name: 'parcels',
              path: 'parcels.csv',
              schema: {
                fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }],
                missingValues: ['', '-'],
                foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
              },
            },
          ],
        },
        'warehouses.csv': 'site,bay\nWEST,1\nNA,2\n',
        // The referencing schema's missing values decide what is null here: "-" is, "NA" is not.
        'parcels.csv': 'site,bay\n,1\nWEST,\n-,-\nNA,2\nWEST,1\n',
      },
      'parcels.csv',
    );
    assert.deepEqual(rows(results[0]), [[5, ['NA', 2], 'not-found']]);
  });

  it('types that cast differently: "01" refers to the integer key 1, compared as the referenced field reads it', async () => {
    const { results } = await check(
      {
        '.loadline.json': {
          contracts: [
            { name: 'sites', files: ['sites.csv'], schema: { fields: [{ name: 'id', type: 'integer' }], primaryKey: 'id' } },
            // The referencing column is a plain string here; its values are read as the referenced integer.
            { files: ['visits.csv'], headers: { site: { foreignKey: { reference: { resource: 'sites', fields: 'id' } } } } },
          ],
        },
        'sites.csv': 'id\n1\n2\n',
        'visits.csv': 'site\n01\n+2\n2.0\nx\n3\n',
      },
      'visits.csv',
    );
    assert.deepEqual(rows(results[0]), [
      [4, ['2.0'], 'uncastable'],
      [5, ['x'], 'uncastable'],
      [6, [3], 'not-found'],
    ]);
  });

  it('a referenced key that repeats is a problem of the reference, not of each row (frictionless-py does not check it)', async () => {
    const { results } = await check(
      {
        'datapackage.json': {
          resources: [
            { name: 'warehouses', path: 'warehouses.csv', schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }] } },
            {
              name: 'parcels',
              path: 'parcels.csv',
              schema: {
                fields: [{ name: 'site' }, { name: 'bay' }],
                foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
              },
            },
          ],
        },
        'warehouses.csv': 'site,bay\nWEST,1\nEAST,1\nWEST,01\n',
        'parcels.csv': 'site,bay\nWEST,1\n',
      },
      'parcels.csv',
    );
    const file = path.join(root, String(serial), 'warehouses.csv');
    assert.deepEqual(results[0].repeat, { file, row: 4, firstFile: file, firstRow: 2, values: ['WEST', 1], written: ['WEST', '01'] });
  });

  it('a referenced file of no header (empty, or blank lines) lacks every referenced field; one of a header alone holds no key (hp27 01)', async () => {
    const files = (warehouses: string) => ({
      'datapackage.json': parcelsPackage([{ name: 'site' }, { name: 'bay' }]),
      'warehouses.csv': warehouses,
      'parcels.csv': 'site,bay\nWEST,1\n',
    });
    for (const empty of ['', '\n\n']) {
      const { results } = await check(files(empty), 'parcels.csv');
      assert.deepEqual(results[0].missingFields, ['site', 'bay'], JSON.stringify(empty));
    }
    const { results: headerOnly } = await check(files('site\n'), 'parcels.csv');
    assert.deepEqual(headerOnly[0].missingFields, ['bay']);
    const { results: noRows } = await check(files('site,bay\n'), 'parcels.csv');
    assert.deepEqual([noRows[0].missingFields, rows(noRows[0])], [[], [[2, ['WEST', 1], 'not-found']]]);
  });

  it('a .loadline.json contract refers to another by name; reference.path picks the file among its glob', async () => {
    const { results, configProblems } = await check(
      {
        '.loadline.json': {
          contracts: [
            { name: 'warehouses', files: ['ref/*.csv'], headers: { site: {}, bay: { type: 'integer' } } },
            {
              files: ['parcels.csv'],
              schema: {
                fields: [{ name: 'site' }, { name: 'bay' }],
                foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'], path: 'ref/2026.csv' } }],
              },
            },
          ],
        },
        'ref/2025.csv': 'site,bay\nEAST,1\n',
        'ref/2026.csv': 'site,bay\nWEST,1\n',
        'parcels.csv': 'site,bay\nWEST,1\nEAST,1\n',
      },
      'parcels.csv',
    );
    assert.deepEqual(configProblems, []);
    assert.deepEqual(rows(results[0]), [[3, ['EAST', 1], 'not-found']]);
  });

  it('a foreign key of a Table Schema file named by the contract', async () => {
    const { results } = await check(
      {
        '.loadline.json': {
          contracts: [
            { name: 'customers', files: ['customers.csv'], headers: { id: { type: 'integer' } } },
            { files: ['orders.csv'], schema: 'orders.schema.json' },
          ],
        },
        'orders.schema.json': {
          fields: [{ name: 'customer', type: 'integer' }],
          foreignKeys: [{ fields: 'customer', reference: { resource: 'customers', fields: 'id' } }],
        },
        'customers.csv': 'id\n1\n',
        'orders.csv': 'customer\n1\n2\n',
      },
      'orders.csv',
    );
    assert.deepEqual(rows(results[0]), [[3, [2], 'not-found']]);
  });

  it("a header rule's column is named by its field (its Table Schema name) first, else by its label, on either side (hp2527 03)", async () => {
    const { results, configProblems } = await check(
      {
        '.loadline.json': {
          contracts: [
            { name: 'ref', files: ['ref.csv'], headers: { 'Key Label': { field: 'k', constraints: { unique: true } }, k: {} } },
            {
              files: ['use.csv'],
              headers: { 'Use Key': { field: 'uk' }, other: { foreignKey: { reference: { resource: 'ref', fields: 'Key Label' } } } },
              schema: { fields: [], foreignKeys: [{ fields: 'uk', reference: { resource: 'ref', fields: 'k' } }] },
            },
          ],
        },
        // The column labelled "k" is not the one named k: the rule's field wins.
        'ref.csv': 'Key Label,k\nx,nope\ny,x\n',
        'use.csv': 'Use Key,other\nx,y\nnope,nope\n',
      },
      'use.csv',
    );
    assert.deepEqual(configProblems, []);
    assert.deepEqual(
      results.map((r) => [r.target.fields, rows(r)]),
      [
        [['Use Key'], [[3, ['nope'], 'not-found']]],
        [['other'], [[3, ['nope'], 'not-found']]],
      ],
    );
  });

  describe('config errors, each at its position', () => {
    const orders = (foreignKeys: unknown[], extra: object = {}) => ({
      'datapackage.json': JSON.stringify(
        {
          resources: [
            { name: 'customers', path: 'customers.csv', schema: { fields: [{ name: 'id', type: 'integer' }] } },
            { name: 'orders', path: 'orders.csv', schema: { fields: [{ name: 'customer' }, { name: 'shop' }], foreignKeys } },
          ],
        },
        null,
        2,
      ),
      'customers.csv': 'id\n1\n',
      'orders.csv': 'customer,shop\n1,2\n',
      ...extra,
    });
    const problemsOf = async (files: Record<string, unknown>, csv = 'orders.csv') => (await check(files, csv)).configProblems;

    it('fields and reference.fields of unequal lengths (spec: "MUST have the same number of fields")', async () => {
      const files = orders([{ fields: ['customer', 'shop'], reference: { resource: 'customers', fields: 'id' } }]);
      const found = await problemsOf(files);
      assert.equal(found.length, 1);
      assert.match(found[0].message, /The foreign key has 2 fields but its reference has 1/);
      assert.equal(found[0].line, lineOf(files['datapackage.json'], '"fields": "id"'));
    });

    it('a referencing field that is not a field of the schema', async () => {
      const found = await problemsOf(orders([{ fields: 'client', reference: { resource: 'customers', fields: 'id' } }]));
      assert.deepEqual(
        found.map((p) => p.message.split('. ')[0]),
        ['The foreign key names "client", which is not a field of this schema'],
      );
    });

    it('a resource that the package does not hold (frictionless: "resource ... does not exist")', async () => {
      const files = orders([{ fields: 'customer', reference: { resource: 'clients', fields: 'id' } }]);
      const found = await problemsOf(files);
      assert.match(found[0].message, /refers to resource "clients", which is not a resource of this file/);
      assert.equal(found[0].line, lineOf(files['datapackage.json'], '"resource": "clients"'));
    });

    it('a referenced field that the referenced resource does not have', async () => {
      const found = await problemsOf(orders([{ fields: 'customer', reference: { resource: 'customers', fields: 'number' } }]));
      assert.match(found[0].message, /refers to field "number" of resource "customers", which has no such field/);
    });

    it('a self-reference to a field this schema does not have', async () => {
      const found = await problemsOf(orders([{ fields: 'customer', reference: { resource: '', fields: 'parent' } }]));
      assert.match(found[0].message, /The self-reference names "parent", which is not a field of this schema/);
    });

    it('a reference.path to no file, and a contract whose globs may match several without one', async () => {
      const config = (reference: object) => ({
        '.loadline.json': {
          contracts: [
            { name: 'sites', files: ['sites/*.csv'], headers: { id: {} } },
            { files: ['visits.csv'], headers: { site: { foreignKey: { reference: { resource: 'sites', fields: 'id', ...reference } } } } },
          ],
        },
        'visits.csv': 'site\n1\n',
      });
      assert.match((await problemsOf(config({}), 'visits.csv'))[0].message, /may match several files: give reference.path/);
      assert.match((await problemsOf(config({ path: 'sites/none.csv' }), 'visits.csv'))[0].message, /sites\/none.csv is not a readable file/);
    });

    it('two contracts of one name', async () => {
      const found = await problemsOf(
        {
          '.loadline.json': {
            contracts: [
              { name: 'a', files: ['a.csv'], headers: { x: {} } },
              { name: 'a', files: ['b.csv'], headers: { x: {} } },
            ],
          },
        },
        'a.csv',
      );
      assert.match(found[0].message, /Contract name "a" repeats contract 1's/);
    });
  });
});

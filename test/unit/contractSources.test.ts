// Where the rules come from: header rules, a Table Schema by path, a Data Package; the nearer file wins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { Problem } from '../../shared/src/problem';

const at = (p: string) => URI.parse(`memfs:/ws${p}`);

function service(entries: Record<string, unknown>) {
  const published = new Map<string, Problem[]>();
  const contracts = new ContractService({
    readText: (uri) => {
      const value = entries[uri.path.slice('/ws'.length)];
      return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
    },
    publishConfigProblems: (uri, problems) => published.set(uri.path.slice('/ws'.length), problems),
  });
  return { contracts, published };
}

const SCHEMA = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true } },
    { name: 'price', type: 'number' },
  ],
  primaryKey: ['id'],
};

describe('contract sources', () => {
  it('a contract names a Table Schema by a path relative to the config', async () => {
    const s = service({
      '/.loadline.json': { contracts: [{ files: ['data/*.csv'], schema: 'schemas/shops.schema.json' }] },
      '/schemas/shops.schema.json': SCHEMA,
    });
    const resolved = await s.contracts.lookup(at('/data/shops.csv'));
    assert.equal(resolved?.kind, 'contract');
    assert.equal(resolved?.schemaPath, at('/schemas/shops.schema.json').toString());
    assert.deepEqual(
      validateCsv('id,price\n1,2.5\n1,x\n', resolved.contract).problems.map((p) => p.code),
      ['primary-key', 'type-error'],
    );
  });

  it('a broken schema file gets its own problems; the CSV falls back to the header rules', async () => {
    const s = service({
      '/.loadline.json': { contracts: [{ files: ['*.csv'], schema: 'bad.json', headers: { id: { required: true } } }] },
      '/bad.json': '{"fields": [{"name": "id", "type": "money"}]}',
    });
    const resolved = await s.contracts.lookup(at('/x.csv'));
    assert.equal(resolved?.contract.schema, undefined);
    assert.match(s.published.get('/bad.json')![0].message, /must be one of/);
    assert.deepEqual(
      validateCsv('id,n\n,1\n', resolved!.contract).problems.map((p) => p.code),
      ['required'],
    );
  });

  it('a datapackage.json resource whose path is the CSV applies its inline schema and dialect', async () => {
    const s = service({
      '/datapackage.json': {
        name: 'shops',
        resources: [
          { name: 'other', path: 'other.csv' },
          { name: 'shops', path: './data/shops.csv', schema: SCHEMA, dialect: { delimiter: ';' } },
        ],
      },
    });
    const resolved = await s.contracts.lookup(at('/data/shops.csv'));
    assert.equal(resolved?.kind, 'data-package');
    assert.equal(resolved?.index, 1);
    assert.deepEqual(
      validateCsv('id;price\n;1\n', resolved.contract).problems.map((p) => p.code),
      ['required'],
    );
    assert.equal(await s.contracts.lookup(at('/data/unlisted.csv')), undefined);
  });

  it('a resource schema given as a path, relative to the Data Package', async () => {
    const s = service({ '/datapackage.json': { resources: [{ path: 'a.csv', schema: 'a.schema.json' }] }, '/a.schema.json': SCHEMA });
    const resolved = await s.contracts.lookup(at('/a.csv'));
    assert.equal(resolved?.schemaPath, at('/a.schema.json').toString());
    assert.deepEqual(resolved?.contract.schema, SCHEMA);
  });

  it('the nearer file wins: a Data Package in the CSV folder over a .loadline.json above it, and the other way round', async () => {
    const config = { contracts: [{ files: ['**/*.csv'], headers: { id: {} } }] };
    const nearPackage = service({ '/.loadline.json': config, '/data/datapackage.json': { resources: [{ path: 'x.csv', schema: SCHEMA }] } });
    assert.equal((await nearPackage.contracts.lookup(at('/data/x.csv')))?.kind, 'data-package');
    assert.equal((await nearPackage.contracts.lookup(at('/data/y.csv')))?.kind, 'contract', 'a resource that does not list the CSV falls through');
    const nearConfig = service({ '/datapackage.json': { resources: [{ path: 'data/x.csv', schema: SCHEMA }] }, '/data/.loadline.json': config });
    assert.equal((await nearConfig.contracts.lookup(at('/data/x.csv')))?.kind, 'contract');
  });

  it('a broken datapackage.json is reported at the position of the fault', async () => {
    const s = service({
      '/datapackage.json': '{"resources": [{"path": "x.csv", "schema": {"fields": [{"name": "a", "type": "integer", "constraints": {"pattern": "x"}}]}}]}',
    });
    assert.equal(await s.contracts.lookup(at('/x.csv')), undefined);
    const [problem] = s.published.get('/datapackage.json')!;
    assert.match(problem.message, /The integer type does not support the pattern constraint/);
    assert.equal(problem.range.start.character, 115, "at the constraint's value");
  });
});

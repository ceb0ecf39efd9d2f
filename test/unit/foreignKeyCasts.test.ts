// A referencing cell is read by its own field, then compared in the referenced type (hp2527 08): frictionless-py
// (frictionless/resources/table.py, __open_row_stream) casts each row by its own schema and compares the values, so
// "01/02/2024" under "%d/%m/%Y", "1.500,5" with decimalChar "," and "yes" among trueValues are the referenced
// 2024-02-01, 1500.5 and true. An untyped referencing cell is read by the referenced type ("01" is the integer 1),
// Loadline's rule for what frictionless-py would compare as unequal types. validate, the editor (the same
// referringRows) and ingest (referenceCheck, here through Preview Ingest) agree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { fileStateOnDisk, readFromDisk } from '../../shared/src/contract/readFromDisk';
import { findOrphans, readReferencedKeys } from '../../shared/src/csv/foreignKeyCheck';
import { foreignKeyProblems } from '../../shared/src/csv/foreignKeys/foreignKeyProblems';
import { fileInput } from '../../shared/src/csv/validateFile';
import { findCsvMapping } from '../../shared/src/ingest/source/findMapping';
import { previewIngest } from '../../shared/src/ingest/previewIngest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-fk-casts-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const REF = {
  name: 'ref',
  path: 'ref.csv',
  schema: {
    fields: [
      { name: 'd', type: 'date' },
      { name: 'x', type: 'number' },
      { name: 'b', type: 'boolean' },
      { name: 'n', type: 'integer' },
    ],
    primaryKey: ['d'],
    uniqueKeys: [['x'], ['b'], ['n']],
  },
};

/** use.csv refers to ref.csv by each of its four fields, one foreign key each; `fields` types use.csv's columns. */
function project(name: string, fields: object[], use: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const foreignKeys = ['d', 'x', 'b', 'n'].map((f) => ({ fields: f, reference: { resource: 'ref', fields: f } }));
  const resources = [REF, { name: 'use', path: 'use.csv', schema: { fields, foreignKeys } }];
  fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ name: 'p', resources }));
  fs.writeFileSync(path.join(folder, 'ref.csv'), 'd,x,b,n\n2024-02-01,1500.5,true,1\n2024-03-01,2,false,2\n');
  fs.writeFileSync(path.join(folder, 'use.csv'), use);
  return path.join(folder, 'use.csv');
}

/** The contract that applies to `file`, read from the disk. */
async function resolvedOf(file: string) {
  const service = new ContractService({
    readText: (uri) => readFromDisk(uri.fsPath),
    fileState: (uri) => fileStateOnDisk(uri.fsPath),
    publishConfigProblems: () => undefined,
  });
  return (await service.lookup(URI.file(file)))!;
}

/** validate's orphans of `file`: [row, values, reason] per foreign key with any. */
async function orphansOf(file: string) {
  const resolved = await resolvedOf(file);
  const found: unknown[] = [];
  for (const target of resolved.foreignKeys ?? []) {
    const keys = await readReferencedKeys(
      target.files.map((f) => fileInput(URI.parse(f).fsPath)),
      target,
    );
    const { orphans } = await findOrphans(fileInput(file), resolved.contract, target, keys);
    found.push(...orphans.map((o) => [o.row, target.fields[0], o.values, o.reason]));
  }
  return found;
}

describe('a referencing cell is read by its own field, compared in the referenced type', () => {
  const OWN_FORMATS = [
    { name: 'd', type: 'date', format: '%d/%m/%Y' },
    { name: 'x', type: 'number', decimalChar: ',', groupChar: '.' },
    { name: 'b', type: 'boolean', trueValues: ['yes'], falseValues: ['no'] },
    { name: 'n', type: 'number' },
  ];

  it('validate: its own date format, decimal and group marks, true values; a number 1.0 for the integer key 1 (frictionless)', async () => {
    const file = project('validate', OWN_FORMATS, 'd;x;b;n\n01/02/2024;1.500,5;yes;1.0\n01/03/2024;2;no;2\n05/05/2024;3;yes;1.5\n');
    assert.deepEqual(await orphansOf(file), [
      [4, 'd', [19848], 'not-found'],
      [4, 'x', [3], 'not-found'],
      // 1.5 is a number its referenced integer type cannot hold.
      [4, 'n', ['1.5'], 'uncastable'],
    ]);
  });

  it('validate: a number cell written as an integer past 2^53 is that integer, not its double (hp14 06)', async () => {
    const folder = path.join(dir, 'wide');
    fs.mkdirSync(folder);
    const resources = [
      { name: 'r', path: 'r.csv', schema: { fields: [{ name: 'a', type: 'integer' }], primaryKey: ['a'] } },
      {
        name: 'c',
        path: 'c.csv',
        schema: { fields: [{ name: 'a', type: 'number' }], foreignKeys: [{ fields: 'a', reference: { resource: 'r', fields: 'a' } }] },
      },
    ];
    fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ name: 'p', resources }));
    fs.writeFileSync(path.join(folder, 'r.csv'), 'a\n1000000000000000000000\n9007199254740993\n5\n');
    // 9007199254740992 is the double that 9007199254740993 reads as: it is not a key.
    fs.writeFileSync(path.join(folder, 'c.csv'), 'a\n1000000000000000000000\n9007199254740993\n5\n5.0\n9007199254740992\n');
    assert.deepEqual(await orphansOf(path.join(folder, 'c.csv')), [[6, 'a', [9007199254740992n], 'not-found']]);
  });

  it('validate: an untyped cell is read by the referenced type, so "01" is the integer key 1 and "yes" is no boolean', async () => {
    const file = project('untyped', [{ name: 'd' }, { name: 'x' }, { name: 'b' }, { name: 'n' }], 'd,x,b,n\n2024-02-01,1500.50,true,01\n2024-03-01,2,yes,2\n');
    assert.deepEqual(await orphansOf(file), [[3, 'b', ['yes'], 'uncastable']]);
  });

  it('ingest reads the cells alike: no row of the formatted file is an orphan', async () => {
    const file = project('ingest', OWN_FORMATS, 'd;x;b;n\n01/02/2024;1.500,5;yes;1.0\n01/03/2024;2;no;2\n05/05/2024;3;yes;1\n');
    const { mapping, input } = await findCsvMapping(file);
    const preview = await previewIngest(file, mapping, input);
    assert.deepEqual(
      preview.rows.map((r) => r.line),
      [2, 3],
    );
    assert.deepEqual(
      preview.rejects.map((r) => [r.line, r.code, r.reason]),
      [[4, 'foreign-key', 'Value "05/05/2024" of d in row 4 is not in ref (d)']],
    );
  });
});

describe('an orphan is named by its cells as written, never by a number Loadline keeps (hp2527c 05)', () => {
  it('a date, a datetime and a time key: validate and ingest quote each cell as written', async () => {
    const folder = path.join(dir, 'written');
    fs.mkdirSync(folder);
    const fields = [
      { name: 'at', type: 'datetime' },
      { name: 'd', type: 'date' },
      { name: 't', type: 'time' },
      { name: 'n', type: 'integer' },
    ];
    const foreignKeys = [
      ...['at', 'd', 't'].map((f) => ({ fields: f, reference: { resource: 'r', fields: f } })),
      { fields: ['d', 'n'], reference: { resource: 'r', fields: ['d', 'n'] } },
    ];
    const own = fields.map((f) => (f.name === 'd' ? { ...f, format: '%d/%m/%Y' } : f));
    const resources = [
      { name: 'r', path: 'r.csv', schema: { fields, uniqueKeys: [['at'], ['d'], ['t'], ['d', 'n']] } },
      { name: 'u', path: 'u.csv', schema: { fields: own, foreignKeys } },
    ];
    fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ name: 'p', resources }));
    fs.writeFileSync(path.join(folder, 'r.csv'), 'at,d,t,n\n2024-05-01T12:00:00Z,2024-01-01,10:00:00,1\n');
    const file = path.join(folder, 'u.csv');
    fs.writeFileSync(file, 'at,d,t,n\n2024-06-01T08:00:00+02:00,02/01/2024,11:30:00,01\n');
    const resolved = await resolvedOf(file);
    const keysOf = (target: { files: string[] } & Parameters<typeof readReferencedKeys>[1]) =>
      readReferencedKeys(
        target.files.map((f) => fileInput(URI.parse(f).fsPath)),
        target,
      );
    const { filed } = await foreignKeyProblems(fileInput(file), resolved, keysOf, 100, (f) => path.basename(f));
    const expected = [
      'Value "2024-06-01T08:00:00+02:00" of at in row 2 is not in r (at)',
      'Value "02/01/2024" of d in row 2 is not in r (d)',
      'Value "11:30:00" of t in row 2 is not in r (t)',
      'Value ("02/01/2024", 01) of (d, n) in row 2 is not in r (d, n)',
    ];
    assert.deepEqual(
      filed.map((f) => f.problem.message),
      expected,
    );
    // --format json's data: a number as its value, the rest as written.
    assert.deepEqual((filed[3].problem.data as { values: unknown[] }).values, ['02/01/2024', 1]);
    const { mapping, input } = await findCsvMapping(file);
    const preview = await previewIngest(file, mapping, input);
    assert.deepEqual(
      preview.rejects.map((r) => r.reason),
      [expected[0]],
    );
  });
});

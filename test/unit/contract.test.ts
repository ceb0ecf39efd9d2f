import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { matchContract } from '../../shared/src/contract/matchContract';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { ContractConfig } from '../../shared/src/contract/types';

const root = path.resolve('/project');
const files = (entries: Record<string, string>) => (uri: URI) => entries[uri.fsPath];
const below = (p: string) => path.relative(root, p).split(path.sep).join('/');

describe('parseConfig', () => {
  it('accepts the documented form with comments and trailing commas', () => {
    const result = parseConfig(`{
      // imports from shops
      "contracts": [
        { "files": ["imports/**/*.csv"], "headers": { "shop_id": { "field": "id", "required": true }, }, },
      ],
    }`);
    assert.ok(result.ok);
    assert.deepEqual(result.config.contracts[0].headers?.shop_id, { field: 'id', required: true });
  });

  it('reports a syntax error at its position', () => {
    const result = parseConfig('{\n  "contracts": [\n    { "files": ["a"] "headers": {} }\n  ]\n}');
    assert.ok(!result.ok);
    assert.equal(result.problems[0].code, 'invalid-config');
    assert.deepEqual(result.problems[0].range.start, { line: 2, character: 21 });
    assert.match(result.problems[0].message, /comma expected/);
  });

  it('reports a wrong shape on the offending value', () => {
    const result = parseConfig('{\n  "contracts": [\n    { "files": "a.csv", "headers": {} }\n  ]\n}');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => [p.range.start.line, p.range.start.character]),
      [[2, 15]],
    );
    assert.match(result.problems[0].message, /\/contracts\/0\/files must be array/);
  });

  it('a value that fits no branch of a choice is one message that names what it may be (hp2527 07: fields 7 or [])', () => {
    const fk = (fields: unknown) =>
      parseConfig(
        JSON.stringify({ contracts: [{ files: ['a.csv'], schema: { fields: [{ name: 'id' }], foreignKeys: [{ fields, reference: { fields: 'id' } }] } }] }),
      );
    for (const fields of [7, []]) {
      const result = fk(fields);
      assert.ok(!result.ok);
      assert.deepEqual(
        result.problems.map((p) => p.message.replace(/\. See .*/, '')),
        ['/contracts/0/schema/foreignKeys/0/fields must be a non-empty string or a non-empty array of strings'],
      );
    }
    const schema = parseConfig('{"contracts": [{"files": ["a.csv"], "schema": 7}]}');
    assert.ok(!schema.ok);
    assert.deepEqual(
      schema.problems.map((p) => p.message.replace(/\. See .*/, '')),
      ['/contracts/0/schema must be a non-empty string or an object'],
    );
  });

  it('reports an unknown property on its key', () => {
    const result = parseConfig('{"contracts": [{"files": ["*.csv"], "headers": {"id": {"requird": true}}}]}');
    assert.ok(!result.ok);
    assert.match(result.problems[0].message, /Unknown property "requird"/);
    assert.equal(result.problems[0].range.start.character, 55);
  });

  it('reports a missing "contracts" and an empty file', () => {
    const missing = parseConfig('{}');
    assert.ok(!missing.ok);
    assert.match(missing.problems[0].message, /must have "contracts"/);
    const empty = parseConfig('');
    assert.ok(!empty.ok);
    assert.match(empty.problems[0].message, /empty/);
  });
});

describe('ContractService and matchContract', () => {
  const lookup = (entries: Record<string, string>, csv: string) =>
    new ContractService({ readText: files(entries), publishConfigProblems: () => {} }).lookup(URI.file(csv));

  it('walks up from the CSV folder to the nearest .loadline.json', async () => {
    const config = (glob: string) => JSON.stringify({ contracts: [{ files: [glob], headers: { [glob]: {} } }] });
    const entries = { [path.join(root, '.loadline.json')]: config('**/*.csv'), [path.join(root, 'a', '.loadline.json')]: config('b/*.csv') };
    assert.equal((await lookup(entries, path.join(root, 'a', 'b', 'x.csv')))?.configPath, URI.file(path.join(root, 'a', '.loadline.json')).toString());
    assert.equal((await lookup(entries, path.join(root, 'c', 'x.csv')))?.configPath, URI.file(path.join(root, '.loadline.json')).toString());
    assert.equal(await lookup(entries, '/elsewhere/x.csv'), undefined);
  });

  it('applies the first contract whose globs match, relative to the config folder', async () => {
    const config: ContractConfig = {
      contracts: [
        { files: ['imports/**/*.csv'], headers: { a: {} } },
        { files: ['**/*.csv'], headers: { b: {} } },
      ],
    };
    const configPath = path.join(root, '.loadline.json');
    assert.equal((await matchContract(config, configPath, below(path.join(root, 'imports', 'x', 'y.csv'))))?.index, 0);
    assert.equal((await matchContract(config, configPath, below(path.join(root, 'other', 'y.csv'))))?.index, 1);
    assert.equal(await matchContract(config, configPath, below(path.join(root, 'y.tsv'))), undefined);
  });

  it('publishes the problems of a broken config and applies no contract', async () => {
    const published: string[] = [];
    const service = new ContractService({
      readText: files({ [path.join(root, '.loadline.json')]: '{ "contracts": [ }' }),
      publishConfigProblems: (uri, problems) => published.push(`${uri.fsPath}:${problems.length > 0}`),
    });
    assert.equal(await service.lookup(URI.file(path.join(root, 'x.csv'))), undefined);
    assert.deepEqual(published, [`${path.join(root, '.loadline.json')}:true`]);
  });
});

// A shape fault in a contract file is reported once, where it is, and points to the guide that describes that
// file: one bad type in a Data Package's inline schema gave three errors (ajv's oneOf branches at the schema
// object) that all named "Configuring .loadline.json"; an `ingest` fault named the contracts guide (hp26 16).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseDataPackage, parseTableSchema } from '../../shared/src/contract/parse/parseConfig';

const problemsOf = (result: { ok: boolean; problems?: { message: string; range: { start: { character: number } } }[] }) => {
  assert.equal(result.ok, false);
  return result.problems!;
};

describe('contract file shape faults', () => {
  it('gives one error at the bad type of an inline Data Package schema, pointing to the typed contracts guide', () => {
    const text = '{"name":"x","resources":[{"name":"b","path":"b.csv","schema":{"fields":[{"name":"id","type":"nope"}]}}]}';
    const problems = problemsOf(parseDataPackage(text));
    assert.deepEqual(
      problems.map((p) => [p.range.start.character, p.message.split(' must ')[0]]),
      [[text.indexOf('"nope"'), '/resources/0/schema/fields/0/type']],
    );
    assert.match(problems[0].message, /See "Typed contracts" in docs\/contracts\.md\.$/);
  });

  it("points the rest of a Data Package (a resource's path, its dialect) to the guide's Data Packages section", () => {
    const [shape] = problemsOf(parseDataPackage('{"name":"x","resources":[{"name":"b","path":5}]}'));
    assert.match(shape.message, /See "Data Packages" in docs\/contracts\.md\.$/);
    const [dialect] = problemsOf(parseDataPackage('{"name":"x","resources":[{"name":"b","path":"b.csv","dialect":{"delimiter":";;"}}]}'));
    assert.match(dialect.message, /See "Data Packages" in docs\/contracts\.md\.$/);
  });

  it('points a Table Schema file to the typed contracts guide', () => {
    const [problem] = problemsOf(parseTableSchema('{"fields":[{"name":"id","type":"nope"}]}'));
    assert.match(problem.message, /See "Typed contracts" in docs\/contracts\.md\.$/);
  });

  it("points a .loadline.json's ingest section to the ingest guide, and its contracts to the contracts guide", () => {
    const ingest = problemsOf(
      parseConfig('{"ingest":[{"name":"m","files":["*.jsonl"],"table":"t","key":["id"],"columns":{"id":{"from":"id","type":"strin"}}}]}'),
    );
    assert.deepEqual(
      ingest.map((p) => p.message.replace(/^.*\. (See .*)$/, '$1')),
      ['See "Ingest mappings" in docs/ingest.md.'],
    );
    const [contract] = problemsOf(parseConfig('{"contracts":[{"files":"*.csv"}]}'));
    assert.match(contract.message, /See "Configuring \.loadline\.json" in docs\/contracts\.md\.$/);
  });
});

// `loadline validate` on a log whose mapping names a JSON Schema (issue 25): each line that breaks it is the dry
// run's schema-error reject, in every output format; a schema that cannot be used is a config error (exit 2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const mappingWith = (schema: unknown) => ({
  ingest: [
    {
      name: 'events',
      files: ['logs/*.jsonl'],
      table: 'events',
      key: 'id',
      schema,
      columns: { id: { from: 'id' }, age: { from: 'user.age', type: 'integer' } },
    },
  ],
});
const SCHEMA = { type: 'object', required: ['user'], properties: { user: { properties: { age: { type: 'integer', minimum: 0 } } } } };
const LOG = ['{"id":"a","user":{"age":3}}', '{"id":"b","user":{"age":-1}}', '{"id":"c"}', '{"id":"d","user":{"age":"x"}}'].join('\n') + '\n';

describe('loadline validate on a log with a JSON Schema', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-validate-log-schema-'));
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas', 'events.json'), JSON.stringify(SCHEMA));
    fs.writeFileSync(path.join(dir, 'logs', 'a.jsonl'), LOG);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports the dry run's schema-error rejects, with the keyword, and exits 1", () => {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(mappingWith('schemas/events.json')));
    const rejects = path.join(dir, 'rejects.jsonl');
    const dry = runCli(['ingest', '--dry-run', 'logs/a.jsonl', '--rejects', rejects], { cwd: dir });
    assert.equal(dry.status, 0, dry.stderr);
    const expected = fs
      .readFileSync(rejects, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { line: number; code: string; reason: string })
      .map(({ line, code, reason }) => ({ line, code, reason }));
    fs.rmSync(rejects);
    assert.deepEqual(expected, [
      { line: 2, code: 'schema-error', reason: '/user/age must be >= 0 (minimum)' },
      { line: 3, code: 'schema-error', reason: "the line must have required property 'user' (required)" },
      { line: 4, code: 'schema-error', reason: '/user/age must be integer (type)' },
    ]);
    const result = runCli(['validate', '--format', 'json', 'logs/a.jsonl'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { line: number; code: string; message: string }[]).map(({ line, code, message }) => ({ line, code, reason: message })),
      expected,
    );
    const sarif = runCli(['validate', '--format', 'sarif', 'logs/a.jsonl'], { cwd: dir });
    const rules = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] }).runs[0].tool
      .driver.rules;
    assert.equal(rules.find((r) => r.id === 'schema-error')?.shortDescription.text, "A log line breaks its mapping's JSON Schema");
  });

  it('a schema that cannot be used is an error at its place in the config, and exits 2, as ingest does', () => {
    const cases: [unknown, RegExp][] = [
      ['https://example.com/events.json', /is a URL, which Loadline never fetches/],
      ['schemas/none.json', /which is not a readable file \(there is no such file\)/],
      ['schemas', /which is not a readable file \(it is a folder\)/],
      [{ $ref: 'other.json' }, /its \$ref "other.json" points outside the schema/],
    ];
    for (const [schema, message] of cases) {
      fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(mappingWith(schema), null, 2));
      const result = runCli(['validate', 'logs/a.jsonl'], { cwd: dir });
      assert.equal(result.status, 2, result.stdout + result.stderr);
      // `"schema": ` is on line 10 of the pretty-printed config, its value at column 17.
      assert.match(result.stdout, new RegExp(`^\\.loadline\\.json:10:17: error invalid-config .*${message.source}`, 'm'));
      assert.doesNotMatch(result.stdout + result.stderr, /^\s+at /m, 'no stack trace');
      const ingest = runCli(['ingest', '--dry-run', 'logs/a.jsonl'], { cwd: dir });
      assert.equal(ingest.status, 2, ingest.stderr);
      assert.match(ingest.stderr, message);
    }
  });
});

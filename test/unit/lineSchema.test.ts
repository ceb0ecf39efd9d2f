// A mapping's JSON Schema per line (issue 25): each violation a schema-error reject with its keyword, placed on the
// instance path's token; the order against the mapping's own checks; hostile schemas; and the schema's faults in the
// config, at the `schema` property.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredMapping } from '../../shared/src/mapping/declaredMapping';
import { mapLine, MappedLine } from '../../shared/src/mapping/mapLine';
import { rejectSpan } from '../../shared/src/mapping/rejectSpan';
import { Problem } from '../../shared/src/problem';
import type { FileState } from '../../shared/src/contract/fileState';

const EVENTS_SCHEMA = {
  type: 'object',
  required: ['id', 'user'],
  properties: {
    id: { type: 'string', pattern: '^[a-z]+$' },
    user: { type: 'object', additionalProperties: false, properties: { age: { type: 'integer', minimum: 0 }, name: { type: 'string' } } },
  },
};

const declared = (schema: object | string): DeclaredMapping => ({
  name: 'events',
  table: 'events',
  key: 'id',
  when: { path: 'kind', in: ['click'] },
  schema,
  columns: { id: { from: 'id', required: true }, age: { from: 'user.age', type: 'integer' }, kind: { from: 'kind' } },
});

const mapped = (line: string, schema: object = EVENTS_SCHEMA) => mapLine(line, compileMapping(declared(schema)));

/** The reject's code, reason and the text its span covers in the line. */
function rejected(line: string, result: MappedLine): [string, string, string] {
  assert.equal(result.kind, 'reject', JSON.stringify(result));
  if (result.kind !== 'reject') throw new Error('not a reject');
  const span = rejectSpan(line, result.at, result.reason);
  return [result.code, result.reason, line.slice(span.start, span.end)];
}

describe('JSON Schema per line: rejects', () => {
  it('a valid line is a row; a violation is schema-error with the instance path and the keyword, on its token', () => {
    assert.equal(mapped('{"id":"a","kind":"click","user":{"age":3}}').kind, 'row');
    const cases: [string, string, string][] = [
      ['{"id":"a","kind":"click","user":{"age":-1}}', '/user/age must be >= 0 (minimum)', '-1'],
      ['{"id":"a","kind":"click","user":{"age":2.5}}', '/user/age must be integer (type)', '2.5'],
      ['{"id":"A1","kind":"click","user":{}}', '/id must match pattern "^[a-z]+$" (pattern)', '"A1"'],
      ['{"id":"a","kind":"click"}', "the line must have required property 'user' (required)", '{"id":"a","kind":"click"}'],
      ['{"id":"a","kind":"click","user":{"age":1,"x":true}}', '/user must NOT have additional properties (additionalProperties)', '{"age":1,"x":true}'],
    ];
    for (const [line, reason, token] of cases) assert.deepEqual(rejected(line, mapped(line)), ['schema-error', reason, token], line);
  });

  it('the order: JSON, object, when, then the schema, then the columns', () => {
    // A filtered line is never held to the schema.
    assert.equal(rejected('{"kind":"view"}', mapped('{"kind":"view"}'))[0], 'unsupported-event');
    // The schema before the columns: the missing id breaks both `required`s; the schema's is reported.
    const line = '{"kind":"click","user":{"age":"old"}}';
    assert.deepEqual(rejected(line, mapped(line)).slice(0, 2), ['schema-error', "the line must have required property 'id' (required)"]);
    // A line the schema accepts still meets the columns' checks.
    const loose = '{"kind":"click","id":"a","user":{"age":1e30}}';
    assert.equal(rejected(loose, mapped(loose, {}))[0], 'value-error');
    assert.equal(rejected('[1]', mapped('[1]'))[0], 'not-an-object');
  });

  it('numbers are checked as JSON Schema reads them, also where the mapping keeps exact digits', () => {
    const line = '{"id":"a","kind":"click","user":{"age":12345678901234567}}';
    assert.equal(mapped(line, { properties: { user: { properties: { age: { type: 'number', maximum: 10 } } } } }).kind, 'reject');
    assert.equal(mapped(line, { properties: { user: { properties: { age: { type: 'number' } } } } }).kind, 'row');
  });

  it('a key with "/" or "~" in the instance path is placed on its value', () => {
    const line = '{"id":"a","kind":"click","a/b":{"c~d":5}}';
    const result = mapped(line, { properties: { 'a/b': { properties: { 'c~d': { type: 'string' } } } } });
    assert.deepEqual(rejected(line, result), ['schema-error', '/a~1b/c~0d must be string (type)', '5']);
  });
});

describe('JSON Schema per line: hostile schemas never hang', () => {
  it('a schema that branches at every level spends its budget on the line, and rejects it, in linear time', () => {
    const b = { $ref: '#/definitions/b' };
    const branching = { definitions: { b: { anyOf: [{ type: 'array', items: b }, { type: 'array', items: b }, { type: 'object' }] } }, properties: { n: b } };
    // 2^40 applications without the budget.
    const line = `{"id":"a","kind":"click","n":${'['.repeat(40)}"x"${']'.repeat(40)}}`;
    const started = performance.now();
    const result = mapped(line, branching);
    assert.deepEqual(rejected(line, result).slice(0, 2), [
      'schema-error',
      'the schema applies its subschemas to this line too many times to check it in time: simplify its anyOf, oneOf or $ref',
    ]);
    assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
    // The same schema on a line of its own size that it can check: no budget is spent.
    assert.equal(mapped('{"id":"a","kind":"click","n":[[[{}]]]}', branching).kind, 'row');
  });

  it('a line the budget allows is checked whole: 20,000 items against their schema', () => {
    const line = `{"id":"a","kind":"click","n":[${Array.from({ length: 20_000 }, (_, i) => `{"v":${i}}`).join(',')}]}`;
    const schema = { properties: { n: { items: { anyOf: [{ required: ['w'] }, { properties: { v: { minimum: 0 } } }] } } } };
    assert.equal(mapped(line, schema).kind, 'row');
    assert.deepEqual(rejected(line.replace('{"v":19999}', '{"v":-1}'), mapped(line.replace('{"v":19999}', '{"v":-1}'), schema)).slice(0, 2), [
      'schema-error',
      "/n/19999 must have required property 'w' (required)",
    ]);
  });

  it('a backtracking pattern runs in linear time (RE2)', () => {
    const line = `{"id":"${'a'.repeat(50_000)}!","kind":"click"}`;
    const started = performance.now();
    const result = mapped(line, { properties: { id: { pattern: '^(a+)+$' } } });
    assert.equal(result.kind === 'reject' && result.code, 'schema-error');
    assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
  });

  it('a recursive schema ($ref "#") on a line nested past the stack is a reject, not a crash', () => {
    const depth = 200_000;
    const line = `{"id":"a","kind":"click","n":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const result = mapped(line, {
      anyOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#' } }, { type: 'object', additionalProperties: { $ref: '#' } }],
    });
    assert.deepEqual(rejected(line, result).slice(0, 2), ['schema-error', 'the line nests too deeply to be checked against the schema']);
  });
});

const at = (p: string) => URI.parse(`memfs:/ws${p}`);

/** A ContractService over in-memory files: a string is a file's text, an object its JSON, a FileState a file that cannot be read. */
function service(entries: Record<string, unknown>, states: Record<string, FileState> = {}) {
  const published = new Map<string, Problem[]>();
  const contracts = new ContractService({
    readText: (uri) => {
      const value = entries[uri.path.slice('/ws'.length)];
      return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
    },
    fileState: (uri) => states[uri.path.slice('/ws'.length)],
    publishConfigProblems: (uri, problems) => published.set(uri.path.slice('/ws'.length), problems),
  });
  return { contracts, published };
}

/** The config's problems: [line, character, message] of each. */
async function configFaults(schema: unknown, files: Record<string, unknown> = {}, states: Record<string, FileState> = {}) {
  // `schema` first, so that its place in the pretty-printed config is known.
  const config = JSON.stringify({ ingest: [{ schema, ...declared(schema as object), files: ['*.jsonl'] }] }, null, 2);
  const s = service({ '/.loadline.json': config, ...files }, states);
  const found = await s.contracts.ingestMappings(at('/a.jsonl'));
  const problems = s.published.get('/.loadline.json') ?? [];
  return { ok: found?.ok, mappings: found?.mappings, problems: problems.map((p) => [p.range.start.line, p.range.start.character, p.code, p.message] as const) };
}

describe('JSON Schema per line: the config', () => {
  it('a schema path is read relative to the config and carried as JSON into the compiled mapping', async () => {
    const { ok, mappings, problems } = await configFaults('schemas/events.json', { '/schemas/events.json': EVENTS_SCHEMA });
    assert.deepEqual(problems, []);
    assert.equal(ok, true);
    const compiled = compileMapping(mappings![0]);
    assert.deepEqual(compiled.schema, EVENTS_SCHEMA);
    assert.equal(mapLine('{"id":"a","kind":"click","user":{"age":-1}}', structuredClone(compiled)).kind, 'reject');
  });

  it('each schema fault is an invalid-config error at the schema property; the config then loads nothing', async () => {
    const cases: [unknown, Record<string, unknown>, Record<string, FileState>, RegExp][] = [
      ['https://example.com/s.json', {}, {}, /The schema "https:\/\/example.com\/s.json" is a URL, which Loadline never fetches/],
      ['/etc/s.json', {}, {}, /is an absolute path/],
      ['missing.json', {}, { '/missing.json': 'missing' }, /which is not a readable file \(there is no such file\)/],
      ['folder', {}, { '/folder': { why: 'folder' } }, /which is not a readable file \(it is a folder\)/],
      ['bad.json', { '/bad.json': '{"type": ' }, {}, /which is not JSON \(.+\): fix its syntax/],
      // `..` may leave the config's folder (as a Table Schema path may); a file that is not JSON is named, never quoted.
      [
        '../ws/pw',
        { '/pw': 'S3cretPass\n' },
        {},
        /^The schema "\.\.\/ws\/pw" names \S*\/ws\/pw, which is not JSON \(line 1, column 1: invalid symbol\): fix its syntax\./,
      ],
      ['list.json', { '/list.json': '[1]' }, {}, /holds no JSON Schema object/],
      ['s.json', { '/s.json': { type: 'strnig' } }, {}, /The schema "s.json" cannot check log lines: it is not a JSON Schema Ajv can compile: .*type/],
      [{ $ref: 'other.json#/x' }, {}, {}, /The inline schema cannot check log lines: its \$ref "other.json#\/x" points outside the schema/],
      [{ pattern: '(a)\\1' }, {}, {}, /The inline schema cannot check log lines: .*the pattern "\(a\)\\1" cannot run in linear time/],
      [{ $ref: '#' }, {}, {}, /The inline schema cannot check log lines: its \$ref "#" at "#" leads back to itself without reading into the value/],
      [{ enum: ['x'.repeat(40_000)] }, {}, {}, /past the 32000 characters a log's schema may have/],
      // An async validator answers with a promise, which is truthy: every line would pass.
      ['async.json', { '/async.json': { $async: true, type: 'string' } }, {}, /cannot check log lines: it is an "\$async" schema/],
      [{ properties: { tags: { uniqueItems: true } } }, {}, {}, /"uniqueItems" at "#\/properties\/tags" compares every pair .* \(quadratic time\)/],
    ];
    for (const [schema, files, states, message] of cases) {
      const { ok, problems } = await configFaults(schema, files, states);
      assert.equal(ok, false, String(schema));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      const [line, character, code, text] = problems[0];
      // The `schema` property's value, in the pretty-printed config: line 4 (0-based 3), after `      "schema": `.
      assert.deepEqual([line, character, code], [3, 16, 'invalid-config'], text);
      assert.match(text, message);
      assert.doesNotMatch(text, /S3cret/);
      assert.match(text, /See "A JSON Schema per line" in docs\/ingest-reference\.md\.$/);
    }
  });

  it('a $ref that comes back to itself without reading into the value is a fault at that subschema; one that descends is not', async () => {
    const node = { anyOf: [{ $ref: '#/$defs/node' }, { type: 'object', properties: { c: { $ref: '#/$defs/node' } } }] };
    const looping = await configFaults({ $defs: { node }, $ref: '#/$defs/node' });
    assert.equal(looping.ok, false);
    assert.deepEqual(
      looping.problems.map(([line, character, code, message]) => [line, character, code, message.replace(/ without.*/, '')]),
      // In the pretty-printed config: `anyOf`'s first item, on line 8 (0-based 7).
      [[7, 14, 'invalid-config', 'The inline schema cannot check log lines: its $ref "#/$defs/node" at "#/$defs/node/anyOf/0" leads back to itself']],
    );
    assert.deepEqual(
      (await configFaults({ anyOf: [{ $ref: '#' }, { $ref: '#' }] })).problems.map(([line, character, , message]) => [
        line,
        character,
        message.replace(/ without.*/, ''),
      ]),
      [[5, 10, 'The inline schema cannot check log lines: its $ref "#" at "#/anyOf/0" leads back to itself']],
    );
    const descending = { $defs: { node: { type: 'object', properties: { c: { $ref: '#/$defs/node' } } } }, $ref: '#/$defs/node' };
    assert.deepEqual((await configFaults(descending)).problems, []);
    const file = await configFaults('s.json', { '/s.json': { $ref: '#' } });
    assert.deepEqual(
      file.problems.map(([line, character, , message]) => [line, character, message.replace(/ without.*/, '')]),
      [[3, 16, 'The schema "s.json" cannot check log lines: its $ref "#" at "#" leads back to itself']],
    );
  });

  it('a change to the schema file is a change the config depends on', async () => {
    const s = service({ '/.loadline.json': JSON.stringify({ ingest: [{ ...declared('s.json'), files: ['*.jsonl'] }] }), '/s.json': {} });
    await s.contracts.ingestMappings(at('/a.jsonl'));
    assert.equal(s.contracts.dependsOn(at('/s.json')), true);
  });
});

// A Table Schema with a syntax error must not leave a CSV passing on its header rules alone in silence: the CSV
// gets an error naming the schema, where it is broken, and that its typed checks are off; the exit is non-zero.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

/** A syntax error at 3:1 (a second comma). */
const BROKEN_SCHEMA = '{\n  "fields": [{ "name": "id", "type": "integer" }],\n,}\n';

describe('validate: a Table Schema with a syntax error', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-broken-schema-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [name, file, text] of [
    ['a contract', '.loadline.json', JSON.stringify({ contracts: [{ files: ['*.csv'], schema: 'schema.json' }] })],
    ['a Data Package resource', 'datapackage.json', JSON.stringify({ resources: [{ path: 'a.csv', schema: 'schema.json' }] })],
  ]) {
    it(`named by ${name}: the CSV gets an error naming the schema and its line and column, and the exit is 2`, () => {
      const folder = path.join(dir, name.replace(/\W/g, '-'));
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, file), text);
      fs.writeFileSync(path.join(folder, 'schema.json'), BROKEN_SCHEMA);
      // A clean CSV: only the broken schema can fail it.
      fs.writeFileSync(path.join(folder, 'a.csv'), 'id\n1\n');
      const result = runCli(['validate', 'a.csv'], { cwd: folder });
      assert.equal(result.status, 2, result.stdout + result.stderr);
      const onCsv = result.stdout.split('\n').filter((line) => line.startsWith('a.csv:'));
      assert.equal(onCsv.length, 1, result.stdout);
      assert.match(
        onCsv[0],
        /^a\.csv:1:1: error invalid-config The Table Schema schema\.json is broken, so the typed checks \(types, formats, constraints\) are off until it is fixed\. At schema\.json:3:1: .*Fix the syntax/,
      );
    });
  }
});

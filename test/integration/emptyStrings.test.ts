// Hostile probe of issue 21: in a JSON-lines log, `""` is a value, not a missing one. A required column stores it,
// and a key column takes it as a key like any other; only a missing or null value is refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ingest, ingestWorkspace, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();
const LINES = ['{"b":"","c":"x"}', '{"b":"","c":"y"}', '{"b":"a","c":""}', '{"b":"z"}', '{"b":null,"c":"q"}', '{"b":"e","c":" "}'];
const MAPPING = {
  name: 'empty',
  files: ['*.jsonl'],
  table: 'empties',
  key: 'b',
  columns: { b: { from: 'b', type: 'string' }, c: { from: 'c', type: 'string', required: true } },
};

function workspace(name: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [MAPPING] }));
  const file = path.join(folder, 'e.jsonl');
  fs.writeFileSync(file, LINES.join('\n') + '\n');
  return file;
}

describe('an empty string in a JSON-lines log is a value', () => {
  for (const method of ['infile', 'insert', 'dry run']) {
    it(`a required column stores "" and a key column takes "" as a key (${method})`, () => {
      const file = workspace(method.replace(' ', '-'));
      const rejects = path.join(path.dirname(file), 'rejects.jsonl');
      const db = database();
      const result =
        method === 'dry run'
          ? runCli(['ingest', file, '--dry-run', '--json', '--rejects', rejects])
          : ingest(file, db.url, ['--method', method, '--rejects', rejects]);
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(result.stdout) as Record<string, number>;
      assert.deepEqual([report.inserted, report.duplicates, report.rejected], [3, 1, 2]);
      assert.deepEqual(
        rejectsOf(rejects).map((r) => [r.line, r.code, r.reason]),
        [
          [4, 'required', 'missing required field c'],
          [5, 'required', 'missing required field b'],
        ],
      );
      if (method === 'dry run') return;
      const rows = sql('SELECT CONCAT("[", b, "]"), CONCAT("[", c, "]") FROM empties ORDER BY b', db.name).trim().split('\n');
      assert.deepEqual(rows, ['[]\t[x]', '[a]\t[]', '[e]\t[ ]']);
    });
  }
});

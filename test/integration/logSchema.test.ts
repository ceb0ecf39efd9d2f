// A mapping's JSON Schema per line (issue 25) against the throwaway MariaDB: a line that breaks it is rejected with
// schema-error and its keyword, in range workers that compile the schema themselves; every line is accounted for, and
// the dry run's rejects equal the load's, byte for byte.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, dryRejectsPath, ingest, ingestWorkspace, loadRejectsPath, rejectsOf } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const workspace = ingestWorkspace();

const SCHEMA = {
  type: 'object',
  required: ['id', 'n'],
  properties: { id: { type: 'string', pattern: '^e[0-9]+$' }, n: { type: 'integer', minimum: 0 }, tags: { type: 'array', maxItems: 2 } },
};

/** Line i (1-based): every 7th breaks `minimum`, every 11th lacks `n`, every 13th has a wrong id; the rest load. */
function line(i: number): string {
  if (i % 7 === 0) return JSON.stringify({ id: `e${i}`, n: -i });
  if (i % 11 === 0) return JSON.stringify({ id: `e${i}` });
  if (i % 13 === 0) return JSON.stringify({ id: `x${i}`, n: i });
  return JSON.stringify({ id: `e${i}`, n: i, tags: ['a'] });
}

describe('ingest through a mapping with a JSON Schema', () => {
  it('rejects each line that breaks the schema with schema-error, across parallel ranges, as the dry run says', () => {
    const db = workspace.database();
    const folder = path.join(workspace.dir, 'schema');
    fs.mkdirSync(folder);
    const config = {
      ingest: [
        {
          name: 'events',
          files: ['*.jsonl'],
          table: 'events',
          key: 'id',
          schema: 'events.schema.json',
          columns: { id: { from: 'id', maxLength: 16 }, n: { from: 'n', type: 'integer' } },
        },
      ],
    };
    fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify(config));
    fs.writeFileSync(path.join(folder, 'events.schema.json'), JSON.stringify(SCHEMA));
    const lines = Array.from({ length: 3000 }, (_, i) => line(i + 1));
    const log = path.join(folder, 'e.jsonl');
    fs.writeFileSync(log, lines.join('\n') + '\n');

    const dry = runCli(['ingest', log, '--dry-run', '--json']);
    assert.equal(dry.status, 0, dry.stderr);
    const real = ingest(log, db.url, ['--workers', '4', '--range-bytes', '8192']);
    assert.equal(real.status, 0, real.stderr);

    const expected = lines.flatMap((_, index) => {
      const i = index + 1;
      if (i % 7 === 0) return [[i, 'schema-error', '/n must be >= 0 (minimum)']];
      if (i % 11 === 0) return [[i, 'schema-error', "the line must have required property 'n' (required)"]];
      if (i % 13 === 0) return [[i, 'schema-error', '/id must match pattern "^e[0-9]+$" (pattern)']];
      return [];
    });
    const rejected = rejectsOf(loadRejectsPath(log)).map((r) => [r.line, r.code, r.reason]);
    assert.deepEqual(rejected, expected);
    assertSameCounts(real.report!, { lines: 3000, inserted: 3000 - expected.length, duplicates: 0, rejected: expected.length, blank: 0 });
    assertSameCounts(JSON.parse(dry.stdout) as object, real.report!);
    assert.equal(fs.readFileSync(loadRejectsPath(log), 'utf8'), fs.readFileSync(dryRejectsPath(log), 'utf8'), 'the same rejects file, byte for byte');
    assert.equal(sql('SELECT COUNT(*), MIN(n) FROM events', db.name).trim(), `${3000 - expected.length}\t1`);
  });
});

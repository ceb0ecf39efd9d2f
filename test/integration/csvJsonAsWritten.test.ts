// Issue 21, class 5 for CSV (hp21f F6): a cell of an `object` or `array` field is stored as its own JSON text, as a
// log's json value is, never parsed and printed again (which turned 12345678901234567890 into …7000, 1e400 into
// null and -0 into 0). validate, the dry run and the real run agree on every row.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertSameCounts, ingest, ingestWorkspace } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';
import { runCli } from '../support/run';

const { dir, database } = ingestWorkspace();

/** Each row's cells as the file writes them (before CSV quoting), and the text the table must hold. */
const ROWS: { o: string; a: string; stored: [string, string] }[] = [
  { o: '{"n":12345678901234567890}', a: '[0.1000000000000000055511]', stored: ['{"n":12345678901234567890}', '[0.1000000000000000055511]'] },
  { o: '{"n":1e400,"m":-1E-400}', a: '[1.50,-0]', stored: ['{"n":1e400,"m":-1E-400}', '[1.50,-0]'] },
  { o: '{"a":1,"a":2}', a: '[]', stored: ['{"a":1,"a":2}', '[]'] },
  // JSON's own space around the value is not part of it (as jsonTextAt reads a log's value); the space inside is.
  { o: ' { "x" : [ 1.0 , 2 ] }\t', a: '\n[ "\\u00e9" ]\n', stored: ['{ "x" : [ 1.0 , 2 ] }', '[ "\\u00e9" ]'] },
];

const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

function csvProject(): string {
  const folder = path.join(dir, 'objects');
  fs.mkdirSync(folder);
  const fields = [
    { name: 'id', type: 'integer' },
    { name: 'o', type: 'object' },
    { name: 'a', type: 'array' },
  ];
  fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], schema: { fields, primaryKey: ['id'] } }] }));
  const lines = ['id,o,a', ...ROWS.map((row, i) => `${i + 1},${quoted(row.o)},${quoted(row.a)}`)];
  const file = path.join(folder, 'docs.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('CSV object and array cells: stored as written', () => {
  it('keeps every digit, exponent, sign, repeated key and inner space, and validate and the dry run agree', () => {
    const file = csvProject();
    const expected = { lines: ROWS.length, inserted: ROWS.length, duplicates: 0, rejected: 0, blank: 0 };
    const validate = runCli(['validate', file]);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    const dry = runCli(['ingest', file, '--dry-run', '--json']);
    assert.equal(dry.status, 0, dry.stderr);
    assertSameCounts(JSON.parse(dry.stdout) as object, expected);
    const db = database();
    const run = ingest(file, db.url);
    assert.equal(run.status, 0, run.stderr);
    assertSameCounts(run.report!, expected);
    // HEX: the text exactly as stored, whatever the client would print for a tab or a newline inside it.
    const stored = sql('SELECT HEX(o), HEX(a) FROM docs ORDER BY id', db.name)
      .trim()
      .split('\n')
      .map((line) => line.split('\t').map((hex) => Buffer.from(hex, 'hex').toString('utf8')));
    assert.deepEqual(
      stored,
      ROWS.map((row) => row.stored),
    );
  });
});

// A mapping's key or index that MariaDB could not create in the table a load makes is a config fault at its place,
// not a load stopped by the server's "Specified key was too long" (hp2527c 15).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';

/** Each problem as [character, message]. */
function configProblems(text: string): [number, string][] {
  const result = parseConfig(text);
  assert.equal(result.ok, false, 'the config should be refused');
  return result.ok ? [] : result.problems.map((p) => [p.range.start.character, p.message.replace(/ See .*$/, '')]);
}

describe('the indexes of a table a mapping creates', () => {
  it('refuses a key or index MariaDB could not create: a json column, or past 3072 bytes (hp2527c 15)', () => {
    const strings = { w: { from: 'w' }, x: { from: 'x' }, y: { from: 'y' }, z: { from: 'z' }, n: { from: 'n', type: 'integer' } };
    const text = JSON.stringify({
      ingest: [
        { name: 'a', table: 't', key: 'k', columns: { k: { from: 'k', maxLength: 5000 } } },
        { name: 'b', table: 'u', key: 'j', columns: { j: { from: '$', type: 'json' } } },
        // Three VARCHAR(255) and a BIGINT: 3068 bytes, within; four VARCHAR(255): 4080, past.
        { name: 'c', table: 'v', key: ['x', 'y', 'z', 'n'], indexes: [['w', 'x', 'y', 'z']], columns: strings },
        // utf8mb4's 4 bytes a character: 768 characters are exactly 3072 bytes.
        { name: 'd', table: 'w', key: 'k', columns: { k: { from: 'k', maxLength: 768 } } },
      ],
    });
    const past = (what: string, bytes: number) =>
      `The ${what} takes up to ${bytes} bytes in an index, past the 3072 that MariaDB allows (a string column takes 4 bytes a character of its maxLength, in utf8mb4): lower the maxLength of its string columns.`;
    assert.deepEqual(configProblems(text), [
      [text.indexOf('"k","columns"'), past('key (k)', 20000)],
      [text.indexOf('"j","columns"'), 'The key holds "j", a json column, which MariaDB cannot index: key on other columns.'],
      [text.indexOf('["w","x","y","z"]'), past('index (w, x, y, z)', 4080)],
    ]);
  });
});

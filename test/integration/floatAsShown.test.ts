// Property: the hover's "value as stored" of a number into FLOAT or DOUBLE (floatAsShown) is the text MariaDB itself
// gives back for that number. One batch per property run: random doubles written as JSON numbers are, with the
// edges of each notation, inserted into a real table and read back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { floatAsShown } from '../../shared/src/mapping/values/floatAsShown';
import { fuzz } from '../support/fuzz';
import { ingestWorkspace } from '../support/ingestFixtures';
import { sql } from '../support/mariadb';

const workspace = ingestWorkspace();

/** Where MariaDB's notation turns (1e15, 1e-15) and the floats' own ends, written as a log would write them. */
const EDGES = ['0', '-0', '1e15', '999999999999999', '1e-15', '1e-16', '9999999999999998', '1.7976931348623157e308', '5e-324', '0.1', '1.50'];

const writtenNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.tuple(fc.double({ min: -1e20, max: 1e20, noNaN: true }), fc.integer({ min: 0, max: 8 })).map(([x, digits]) => x.toFixed(digits)),
  fc.tuple(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: -40, max: 40 })).map(([m, e]) => `${m}e${e}`),
);

describe('a FLOAT or DOUBLE value as the hover shows it', () => {
  it('is the text MariaDB gives back for the same written number', () => {
    const db = workspace.database();
    sql(`CREATE DATABASE \`${db.name}\``);
    sql('CREATE TABLE n (i INT PRIMARY KEY, d DOUBLE, f FLOAT)', db.name);
    const { numRuns } = fuzz(300);
    const written = [...EDGES, ...fc.sample(writtenNumber, { numRuns: numRuns ?? 300, seed: 20261207 })].filter(
      // A FLOAT past its range is an error on the server; the mapping rejects such a line before it gets there.
      (text) => Math.abs(Math.fround(Number(text))) !== Infinity,
    );
    sql(`INSERT INTO n VALUES ${written.map((text, i) => `(${i}, ${text}, ${text})`).join(', ')}`, db.name);
    const rows = sql('SELECT i, d, f FROM n ORDER BY i', db.name).trim().split('\n');
    const wrong = rows
      .map((row) => row.split('\t'))
      .filter(([i, d, f]) => floatAsShown(written[Number(i)], 53) !== d || floatAsShown(written[Number(i)], 24) !== f)
      .map(
        ([i, d, f]) => `${written[Number(i)]}: MariaDB ${d} / ${f}, shown ${floatAsShown(written[Number(i)], 53)} / ${floatAsShown(written[Number(i)], 24)}`,
      );
    assert.equal(rows.length, written.length);
    assert.deepEqual(wrong, []);
  });
});

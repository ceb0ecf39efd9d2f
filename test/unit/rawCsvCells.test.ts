// Property: when readsAsCells says the server reads a record as papaparse did, it does. The server's reading is
// modelled here on MariaDB's LOAD DATA with FIELDS TERMINATED BY d OPTIONALLY ENCLOSED BY '"' ESCAPED BY '' (a
// field that starts with a quote ends at a quote followed by the delimiter or the end, "" inside it is one quote;
// any other field ends at the delimiter); csvFastPath (integration) holds the whole path to the real server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseRecords } from '../../shared/src/csv/parseRecords';
import { readsAsCells } from '../../shared/src/ingest/parse/rawCsvRecords';
import { fuzz } from '../support/fuzz';

/** The cells LOAD DATA reads from one record's text (without its line break), as the model above; null: NULL. */
function serverCells(text: string, d: string): (string | null)[] {
  const cells: (string | null)[] = [];
  let at = 0;
  for (;;) {
    if (text[at] === '"') {
      let cell = '';
      for (at++; at < text.length; at++) {
        if (text[at] !== '"') cell += text[at];
        else if (text[at + 1] === '"') cell += text[at++];
        else if (at + 1 === text.length || text[at + 1] === d) break;
        else cell += '"';
      }
      cells.push(cell);
      at++;
    } else {
      const next = text.indexOf(d, at);
      const cellEnd = next === -1 ? text.length : next;
      const cell = text.slice(at, cellEnd);
      // The word NULL unquoted is NULL with ESCAPED BY ''; \N is taken for NULL too, as the server reads it with an escape.
      cells.push(cell === 'NULL' || cell === '\\N' ? null : cell);
      at = cellEnd;
    }
    if (at >= text.length) return cells;
    at++;
    if (at === text.length) return [...cells, ''];
  }
}

/** The one record papaparse reads from `text` without a quote error, or undefined. */
function papaparseCells(text: string, d: string): string[] | undefined {
  const records: { cells: string[]; error: boolean }[] = [];
  parseRecords(text, { delimiter: d, newline: '\n' }, (r) => records.push({ cells: [...r.cells], error: r.quoteError !== undefined }));
  return records.length === 1 && !records[0].error ? records[0].cells : undefined;
}

const PIECES = ['a', 'bc', ' ', ',', '\t', '"', '""', 'NULL', '\\N', 'é', '\r', '\n'];
const delimiter = fc.constantFrom(',', '\t');
/** A field's text: its pieces as they are, or between quotes, now and then with a space or more after the closing one. */
const field = fc
  .tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }), fc.constantFrom('', '"', '" ', '"a', '"""'))
  .map(([pieces, close]) => (close ? `"${pieces.join('')}${close}` : pieces.join('')));

describe('readsAsCells (a CSV record loaded as its own bytes)', () => {
  it('says yes only when the server reads the cells papaparse read, over random record texts', () => {
    let agreed = 0;
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 5 }), delimiter, (fields, d) => {
        const text = fields.join(d);
        const cells = papaparseCells(text, d);
        if (!cells || !readsAsCells(text, cells, d)) return;
        agreed++;
        assert.deepEqual(serverCells(text, d), cells, JSON.stringify(text));
      }),
      fuzz(3000),
    );
    assert.ok(agreed > 100, `only ${agreed} records were read alike`);
  });

  it('says yes for cells written as they are or quoted with their quotes doubled', () => {
    const cell = fc.array(fc.constantFrom('a', ' ', ',', '\t', '"', 'é', '\n'), { maxLength: 4 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 5 }), delimiter, (written, d) => {
        // A cell must be quoted when it holds the delimiter, a quote or a line break; an empty one may not be.
        const quoted = written.map(([c, q]) => q || c.includes(d) || c.includes('"') || c.includes('\n'));
        const text = written.map(([c], i) => (quoted[i] ? `"${c.replace(/"/g, '""')}"` : c)).join(d);
        const cells = written.map(([c]) => c);
        if (cells.length === 1 && cells[0] === '' && !quoted[0]) return; // an empty line: a blank row, not a record
        assert.deepEqual(papaparseCells(text, d), cells, JSON.stringify(text));
        assert.equal(readsAsCells(text, cells, d), true, JSON.stringify(text));
      }),
      fuzz(1000),
    );
  });

  it('says no for a quoted cell with text or spaces after its closing quote, and for the word NULL', () => {
    // papaparse reads `"a" ,b` as [a, b]; the server reads its first field as `a" `.
    assert.deepEqual(papaparseCells('"a" ,b', ','), ['a', 'b']);
    assert.equal(readsAsCells('"a" ,b', ['a', 'b'], ','), false);
    assert.equal(readsAsCells('x,NULL', ['x', 'NULL'], ','), false);
    assert.equal(readsAsCells('x,"NULL"', ['x', 'NULL'], ','), true);
    assert.equal(readsAsCells('a"b,c', ['a"b', 'c'], ','), false);
  });
});

// A key-only read (CsvCheckOptions.onCells) of text with no quote splits it itself, as papaparse's fast mode would
// (validateCsv's readPlainCells): it must give each record's cells, row and text exactly as papaparse's reading does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CsvChecker, validateCsv } from '../../shared/src/csv/check/validateCsv';
import { CheckStream } from '../../shared/src/csv/check/checkStream';
import { fuzz } from '../support/fuzz';

type Seen = [string[], number, string][];

/** Every record a key-only read gives, with its row and text. */
function keyOnly(text: string, delimiter = ','): Seen {
  const seen: Seen = [];
  // The delimiter given, as a contract gives it: sniffed, a text and its pieces may find different ones.
  validateCsv(text, { files: [], delimiter }, { raggedRows: 'off', onCells: (cells, row, _header, recordText) => seen.push([[...cells], row, recordText()]) });
  return seen;
}

/** The same read fed in pieces, as a file on disk is. */
function keyOnlyStreamed(text: string, sizes: number[]): Seen {
  const seen: Seen = [];
  const checker = new CsvChecker(
    { files: [], delimiter: ',' },
    { raggedRows: 'off', onCells: (cells, row, _header, recordText) => seen.push([[...cells], row, recordText()]) },
  );
  const stream = new CheckStream(checker, 1);
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    stream.push(text.slice(at, at + size));
    at += size;
  }
  stream.end();
  checker.finish();
  return seen;
}

const cell = fc.constantFrom('', ' ', 'a', 'b c', '01', 'x;y', 'é😀', '\t', '\r');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');

describe('a key-only read of text without quotes', () => {
  it('gives the cells, rows and texts that papaparse gives (its reading is taken when a quote is in the text)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '\t'),
        lineBreak,
        fc.array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 4 }), fc.option(lineBreak, { freq: 6 })), { maxLength: 25 }),
        fc.boolean(),
        fc.boolean(),
        (delimiter, newline, rows, bom, endsWithBreak) => {
          const body = rows.map(([cells, other], i) => cells.join(delimiter) + (i < rows.length - 1 || endsWithBreak ? (other ?? newline) : '')).join('');
          const head = `${bom ? '\ufeff' : ''}id${delimiter}name${newline}`;
          // The same text with a quoted last row: papaparse reads it all. The rows before it must read alike.
          const plain = `${head}${body}${body === '' || endsWithBreak ? '' : newline}last${newline}`;
          const quoted = `${head}${body}${body === '' || endsWithBreak ? '' : newline}"last"${newline}`;
          const fast = keyOnly(plain, delimiter);
          const papaparse = keyOnly(quoted, delimiter);
          assert.equal(fast.length, papaparse.length);
          assert.deepEqual(fast.slice(0, -1), papaparse.slice(0, -1));
        },
      ),
      fuzz(300),
    );
  });

  it('fed in pieces of any size, gives what the whole text gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 3 }), lineBreak), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
        (rows, sizes) => {
          const text = `id,name\n${rows.map(([cells, newline]) => cells.join(',') + newline).join('')}`;
          assert.deepEqual(keyOnlyStreamed(text, sizes), keyOnly(text));
        },
      ),
      fuzz(300),
    );
  });
});

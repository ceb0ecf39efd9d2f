// RecordBreaks finds where papaparse ends records without parsing: held here to papaparse's own reading.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseRecords } from '../../shared/src/csv/parseRecords';
import { RecordBreaks } from '../../shared/src/csv/recordBreaks';
import { fuzz } from '../support/fuzz';

/**
 * Where papaparse starts a new record: the ends of all its records but the last, in the text with a Z added (a
 * text that ends inside a quoted field takes the Z into that field, so no record starts there).
 */
function papaparseBreaks(text: string, delimiter: string, newline: string): number[] {
  const ends: number[] = [];
  parseRecords(`${text}Z`, { delimiter, newline }, (record) => void ends.push(record.nextRecordStart));
  return ends.slice(0, -1);
}

function scannerBreaks(pieces: string[], delimiter: string, newline: string): number[] {
  const breaks = new RecordBreaks(delimiter, newline);
  const ends: number[] = [];
  const text = pieces.join('');
  let at = 0;
  for (const piece of pieces) {
    breaks.scan(text, at, at + piece.length, (end) => ends.push(end));
    at += piece.length;
  }
  return ends;
}

describe('RecordBreaks', () => {
  const dialect = fc.record({ delimiter: fc.constantFrom(',', ';', '\t'), newline: fc.constantFrom('\n', '\r\n', '\r') });
  // Quotes anywhere: opening, closing, doubled, after text (an inch mark), before spaces (Unicode ones too) and line breaks.
  const text = fc
    .array(fc.constantFrom('a', 'é', ' ', '\u00a0', '\u3000', '"', '""', ',', ';', '\t', '\n', '\r', '\r\n', '" ,', '"\u00a0\n', '"\r\n'), { maxLength: 40 })
    .map((p) => p.join(''));

  it('ends records where papaparse does, for any text and any dialect, fed in any pieces', () => {
    fc.assert(
      fc.property(text, dialect, fc.array(fc.nat(), { maxLength: 5 }), (csv, { delimiter, newline }, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (csv.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((from, i) => csv.slice(from, i < points.length ? points[i] : csv.length));
        assert.deepEqual(scannerBreaks(pieces, delimiter, newline), papaparseBreaks(csv, delimiter, newline), JSON.stringify(csv));
      }),
      fuzz(2000),
    );
  });

  it('knows the examples by heart', () => {
    const at = (csv: string) => scannerBreaks([csv], ',', '\n');
    assert.deepEqual(at('a,"b\nc"\nd\n'), [8, 10], 'a quoted line break');
    assert.deepEqual(at('1,TV 55" screen\n2,x\n'), [16, 20], 'an inch mark is text');
    assert.deepEqual(at('1,"ab"c\n2,ok\n3,"x",y\n'), [21], 'text after a closing quote: papaparse reads on to a quote that closes');
    assert.deepEqual(at('1,"a" ,b\n'), [9], 'whitespace between a closing quote and the delimiter');
  });
});

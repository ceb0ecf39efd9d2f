// Guards the one use of papaparse's undocumented Parser class: if a release changes it, this fails first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { ParsedRecord, parseRecords, parseRows } from '../../shared/src/csv/parseRecords';

const records = (text: string, delimiter = ',', newline = '\n') => {
  const seen: ParsedRecord[] = [];
  parseRecords(text, { delimiter, newline }, (r) => seen.push({ ...r }));
  return seen;
};

describe('parseRecords (papaparse Parser adapter)', () => {
  it('papaparse still has the Parser class this adapter drives', () => {
    assert.equal(typeof (Papa as unknown as { Parser?: unknown }).Parser, 'function');
  });

  it('gives each record with the offset where the next one starts, quoted newlines included', () => {
    const text = 'a,b\n"x\ny",2\r\nlast,3';
    const seen = records(text);
    assert.deepEqual(
      seen.map((r) => [r.cells, r.nextRecordStart]),
      [
        [['a', 'b'], 4],
        [['x\ny', '2\r'], 13],
        [['last', '3'], 19],
      ],
    );
    assert.ok(seen.every((r) => r.quoteError === undefined));
  });

  it('honours the delimiter and newline it is given, and ends with an empty record after a final line break', () => {
    assert.deepEqual(
      records('a;b\r\n1;2\r\n', ';', '\r\n').map((r) => [r.cells, r.nextRecordStart]),
      [
        [['a', 'b'], 5],
        [['1', '2'], 10],
        [[''], 10],
      ],
    );
  });

  it('reports an unclosed quote and text after a closing quote, with an offset', () => {
    const [unclosed] = records('a,"b\nc,d\n');
    assert.equal(unclosed.quoteError?.code, 'MissingQuotes');
    const [malformed] = records('"a"b,c\n');
    assert.equal(malformed.quoteError?.code, 'InvalidQuotes');
    assert.equal(typeof malformed.quoteError?.index, 'number');
  });

  it('stops after the record that stopAfter says, returning where the next one starts', () => {
    const seen: string[][] = [];
    const text = 'h1,h2\n"a\nb",1\nc,2\n';
    assert.equal(
      parseRecords(
        text,
        { delimiter: ',', newline: '\n' },
        (r) => seen.push(r.cells),
        false,
        () => seen.length === 2,
      ),
      14,
    );
    assert.deepEqual(seen, [
      ['h1', 'h2'],
      ['a\nb', '1'],
    ]);
  });

  it("gives a whole text's rows in one call, where the complete ones end, and whether a quote was malformed", () => {
    const dialect = { delimiter: ',', newline: '\r\n' };
    assert.deepEqual(parseRows('a,b\r\n"x\r\ny",2\r\nlast,"open', dialect, true), {
      rows: [
        ['a', 'b'],
        ['x\r\ny', '2'],
      ],
      quoteError: false,
      end: 15,
    });
    assert.deepEqual(parseRows('a\r\nb', dialect), { rows: [['a'], ['b']], quoteError: false, end: 4 });
    assert.equal(parseRows('"a"b,c\r\n', dialect).quoteError, true);
  });
});

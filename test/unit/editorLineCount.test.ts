// Lines counted as editors count them (\n, \r\n, a lone \r) over text read in pieces (EditorLineCount), and the
// first line of each range a load cuts a CSV into (planCsvRanges), which numbers its rows and rejects (hp15 06).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { EditorLineCount } from '../../shared/src/text/editorLineCount';
import { planCsvRanges } from '../../shared/src/ingest/plan/planCsvRanges';
import { fuzz } from '../support/fuzz';

/** The editor's count, for the whole text at once. */
const editorLines = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

describe('EditorLineCount', () => {
  it('counts a text read in pieces of any size as editors count the whole (a \\r\\n cut between pieces once)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '\r', '\n', '\r\n', '"', ','), { maxLength: 60 }).map((parts) => parts.join('')),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (text, sizes) => {
          const counter = new EditorLineCount();
          let lines = 0;
          for (let at = 0, i = 0; at < text.length; i++) {
            const piece = text.slice(at, at + sizes[i % sizes.length]);
            lines += counter.count(piece, 0, piece.length);
            at += piece.length;
          }
          assert.equal(lines + counter.end(), editorLines(text));
        },
      ),
      fuzz(500),
    );
  });
});

describe('planCsvRanges', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-plan-lines-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives each range the editor's line of its start, in files whose quoted cells hold lone \\r and \\r\\n (hp15 06)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('1,"a\rb"', '2,x', '3,"c\r\nd"', '4,"\r"', '5,y'), { minLength: 1, maxLength: 300 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 16, max: 200 }),
        (rows, newline, rangeBytes) => {
          const text = `id,v${newline}${rows.join(newline)}${newline}`;
          const file = path.join(dir, 'lines.csv');
          fs.writeFileSync(file, text);
          const ranges = planCsvRanges(file, text.length, 4 + newline.length, 1, rangeBytes, { delimiter: ',', newline });
          for (const range of ranges) assert.equal(range.firstLine, editorLines(text.slice(0, range.start)), `range at ${range.start}`);
        },
      ),
      fuzz(100),
    );
  });

  it('numbers a range of a \\r file that starts where a 64 KiB read ends, right after a \\r', () => {
    // The first read starts past the 6 bytes of header: its last byte is the \r of row 8,192 (8 bytes each).
    const text = `id,vv\r${'1234567\r'.repeat(8192)}${'abcdefg\r'.repeat(10)}`;
    const file = path.join(dir, 'cr.csv');
    fs.writeFileSync(file, text);
    const ranges = planCsvRanges(file, text.length, 6, 1, 65536, { delimiter: ',', newline: '\r' });
    assert.deepEqual(
      ranges.map((r) => [r.start, r.firstLine]),
      [
        [6, 1],
        [65542, 8193],
      ],
    );
  });
});

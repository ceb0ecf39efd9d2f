// Property-based tests of the CSV engine (fast-check): for any text it never throws and keeps every range
// inside the document; on well-formed files its positions agree with the writer that made the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Contract } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { anyContract, anyText } from '../support/csvArbitraries';
import { fuzz } from '../support/fuzz';

/** Lines as an editor counts them: \r\n, \n and a lone \r each end one. */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

describe('validateCsv on any text', () => {
  it('never throws, and every range lies inside the document, start before end', () => {
    fc.assert(
      fc.property(anyText, anyContract, fc.integer({ min: 1, max: 50 }), (text, contract, maxProblems) => {
        const lines = linesOf(text);
        for (const { range } of validateCsv(text, contract as Contract | undefined, { maxProblems }).problems) {
          for (const p of [range.start, range.end]) {
            assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} of ${lines.length}`);
            assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character} of ${lines[p.line].length}`);
          }
          assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
        }
      }),
      fuzz(2000),
    );
  });
});

/** A well-formed file and, from the writer's own bookkeeping, where each empty required cell is. */
interface Written {
  text: string;
  contract: Contract;
  expected: { line: number; character: number }[];
}

const cell = fc.oneof(
  fc.constant(''),
  fc.constant(' '),
  fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r\n', '|', '\t'), maxLength: 6 }),
);

const wellFormed: fc.Arbitrary<Written> = fc
  .record({
    columns: fc.integer({ min: 1, max: 5 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    endings: fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 2 }),
    bom: fc.boolean(),
  })
  .chain(({ columns, delimiter, endings, bom }) =>
    fc
      .record({
        rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
        required: fc.array(fc.boolean(), { minLength: columns, maxLength: columns }),
        ending: fc.array(fc.constantFrom(...endings), { minLength: 10, maxLength: 10 }),
      })
      .map(({ rows, required, ending }) => {
        const names = Array.from({ length: columns }, (_, i) => `col${i}`);
        const contract: Contract = { files: ['**'], headers: Object.fromEntries(names.map((n, i) => [n, { required: required[i] }])), delimiter };
        let text = bom ? '\ufeff' : '';
        let line = 0;
        let character = bom ? 1 : 0;
        const expected: { line: number; character: number }[] = [];
        const write = (piece: string) => {
          text += piece;
          for (const part of piece.split(/(\r\n|\r|\n)/)) {
            if (/^(\r\n|\r|\n)$/.test(part)) {
              line++;
              character = 0;
            } else character += part.length;
          }
        };
        const quote = (value: string) => (/[",;|\t\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value);
        write(names.join(delimiter));
        rows.forEach((row, r) => {
          write(ending[r % ending.length]);
          const blank = row.every((v) => v.trim() === '');
          row.forEach((value, i) => {
            if (i > 0) write(delimiter);
            if (!blank && required[i] && value.trim() === '') expected.push({ line, character });
            write(quote(value));
          });
        });
        return { text, contract, expected };
      }),
  );

describe('validateCsv on well-formed files', () => {
  it('finds exactly the empty required cells, at the positions the writer put them', () => {
    fc.assert(
      fc.property(wellFormed, ({ text, contract, expected }) => {
        const problems = validateCsv(text, contract, { maxProblems: 100000 }).problems;
        assert.deepEqual(
          problems.map((p) => p.code),
          expected.map(() => 'required'),
          JSON.stringify(text),
        );
        assert.deepEqual(
          problems.map((p) => p.range.start),
          expected,
          JSON.stringify(text),
        );
      }),
      fuzz(300),
    );
  });
});

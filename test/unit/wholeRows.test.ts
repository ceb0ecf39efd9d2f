// A plain contract's rows checked whole (checkWholeRows: one papaparse call a piece, positions found only for a
// problem) give what one callback per record gives: the same problems, positions and order, streamed or not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Contract } from '../../shared/src/contract/types';
import { CheckStream } from '../../shared/src/csv/check/checkStream';
import { CsvCheckOptions, CsvChecker, validateCsv } from '../../shared/src/csv/check/validateCsv';
import { FileFeeder } from '../../shared/src/csv/fileFeeder';
import { Problem } from '../../shared/src/problem';
import { fuzz } from '../support/fuzz';

/** Quoted cells with delimiters, quotes and line breaks (any of the three), inch marks, text after a closing quote, an unclosed quote. */
const cell = fc.constantFrom(
  '1',
  'x',
  'é',
  '',
  ' ',
  'NA',
  '"a,b"',
  '"two\nlines"',
  '"two\r\nlines"',
  '"cr\rline"',
  '""',
  '"say ""hi"""',
  '55" tv',
  '"q"x',
  '"q" ',
  'a""b',
  '"open',
);
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
/** Rows of any length (ragged), blank lines and rows of delimiters only, line breaks mixed or not, a BOM or not. */
const csv = fc
  .tuple(
    fc.array(fc.oneof(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.constantFrom([''], ['', '', ''], [' '])), { maxLength: 40 }),
    fc.array(lineBreak, { minLength: 1, maxLength: 3 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([rows, breaks, bom, lastBreak]) => {
    const lines = ['a,b,c', ...rows.map((r) => r.join(','))];
    const text = lines.map((line, i) => line + (i < lines.length - 1 || lastBreak ? breaks[i % breaks.length] : '')).join('');
    return (bom ? '\ufeff' : '') + text;
  });
/** Nothing typed, unique or keyed: required columns, missing values, ragged rows at any severity, or no contract at all. */
const plainContract: fc.Arbitrary<Contract | undefined> = fc.option(
  fc.oneof(
    fc.record({
      files: fc.constant(['**']),
      headers: fc.record({ a: fc.record({ required: fc.boolean() }), b: fc.constant({}), c: fc.record({ required: fc.boolean(), allowEmpty: fc.boolean() }) }),
    }),
    fc.record({
      files: fc.constant(['**']),
      schema: fc.record({
        fields: fc.constant([{ name: 'a', constraints: { required: true } }, { name: 'b' }, { name: 'c', constraints: { required: true } }]),
        missingValues: fc.constantFrom(['', 'NA'], ['NA'], []),
      }),
    }),
  ),
  { nil: undefined },
) as fc.Arbitrary<Contract | undefined>;
const options = fc.record({
  raggedRows: fc.constantFrom('warning', 'error', 'off'),
  maxProblems: fc.integer({ min: 1, max: 30 }),
}) as fc.Arbitrary<CsvCheckOptions>;

/** The text's UTF-8 bytes read `pieceBytes` at a time, as `loadline validate` reads a file, with problems streamed as found. */
function streamed(text: string, contract: Contract | undefined, options: CsvCheckOptions, pieceBytes: number) {
  const found: Problem[][] = [];
  const checker = new CsvChecker(contract, { ...options, onProblems: (problems) => found.push(problems) });
  const stream = new CheckStream(checker, 1);
  const bytes = Buffer.from(text, 'utf8');
  const read = (buffer: Buffer, offset: number, length: number, position: number) => bytes.copy(buffer, offset, position, position + length);
  const feeder = new FileFeeder(read, 0, bytes.length, 'utf-8', { take: (piece) => stream.take(piece), end: (rest) => stream.end(rest) }, pieceBytes);
  while (feeder.step());
  return { report: checker.finish(), found: found.flat() };
}

describe('whole rows (a plain contract)', () => {
  it('give the problems, positions and order of a callback per record, for a whole text and in pieces of any size', () => {
    fc.assert(
      fc.property(csv, plainContract, options, fc.integer({ min: 4, max: 96 }), (text, contract, options, pieceBytes) => {
        assert.deepEqual(validateCsv(text, contract, options), validateCsv(text, contract, { ...options, perRecord: true }));
        assert.deepEqual(streamed(text, contract, options, pieceBytes), streamed(text, contract, { ...options, perRecord: true }, pieceBytes));
      }),
      fuzz(400),
    );
  });
});

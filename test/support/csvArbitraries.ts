// Texts and contracts where CSV engines break: shared by the property tests and the Node/browser comparison.
import fc from 'fast-check';

const csvChar = fc.constantFrom(',', ';', '\t', '|', '"', '"', '\n', '\r', '\r\n', ' ', 'a', 'b', '1', 'é', '😀', '\ufeff', '\u0000');
/** Records made of CSV-shaped tokens, quote-heavy: where malformed quotes hide. */
const csvToken = fc.constantFrom('"', '""', '"x"', '"x" y', 'x', '1', ',', ',', ';', '\n', '\r\n', ' ', '\t');
const quoteHeavy = fc.array(csvToken, { maxLength: 40 }).map((tokens) => tokens.join(''));
export const anyText = fc.oneof(
  { arbitrary: quoteHeavy, weight: 3 },
  { arbitrary: fc.string({ unit: csvChar, maxLength: 200 }), weight: 2 },
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
);
export const anyContract = fc.option(
  fc.record({
    files: fc.constant(['**']),
    headers: fc.dictionary(
      fc.constantFrom('a', 'b', 'A', ' c ', 'é', ''),
      fc.record(
        {
          required: fc.boolean(),
          allowEmpty: fc.boolean(),
          // Typed rules too, some of them ones parseConfig would refuse: the engine must take any contract.
          type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'date', 'datetime', 'list'),
          format: fc.constantFrom('email', '%d/%m/%Y', '%Q', 'any', 'default'),
          constraints: fc.record(
            {
              unique: fc.boolean(),
              minimum: fc.constantFrom(1, '2020-01-01', 'x'),
              pattern: fc.constantFrom('a.*', '(', '(a+)+'),
              enum: fc.constant(['1', 'a']),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['required', 'allowEmpty'] },
      ),
    ),
    delimiter: fc.option(fc.constantFrom(',', ';', '\t', '|'), { nil: undefined }),
  }),
  { nil: undefined },
);

/**
 * Cells where inference and checking can disagree: spellings of one number, whitespace, dates in several
 * formats, quoted delimiters, and labels that are names of Object's own machinery.
 */
const inferLabel = fc.constantFrom('id', 'code', 'name', 'A', 'a', ' x ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'when', '');
const inferCell = fc.constantFrom(
  ...['1', '01', ' 01 ', '2.7', '2.70', '1e3', '1000', '0', '-0', '+0', ' ', '\t', '', 'NaN', 'nan', 'INF', '-inf'],
  ...['9007199254740992', '9007199254740993', 'true', 'TRUE', '2020-01-02', '02/01/2020', '2020-01-02T10:00:00', '12:00:00'],
  ...['a@b.co', 'x', 'X', 'x,y', 'say "hi"', '1,5', '2020-13'],
);
const quoteCell = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
/** A CSV of one header row and up to 12 records, some of them short or long. */
export const inferableCsv = fc
  .record({
    header: fc.array(inferLabel, { minLength: 1, maxLength: 5 }),
    rows: fc.array(fc.array(inferCell, { minLength: 0, maxLength: 6 }), { maxLength: 12 }),
  })
  .map(({ header, rows }) => [header, ...rows].map((cells) => cells.map(quoteCell).join(',')).join('\n') + '\n');

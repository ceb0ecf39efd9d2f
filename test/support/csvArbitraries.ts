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

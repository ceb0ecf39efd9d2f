// Random keys for the key property tests (test/unit/keyProperties, test/integration/keyProperties): lines whose
// composite key (a, b, n) holds NUL in its strings and a number in many spellings (signs, exponents, trailing
// zeros), cut into 1 to 50 ranges, with a model that compares keys by their value, independently of Loadline.
import fc from 'fast-check';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { OnDuplicate } from '../../shared/src/mapping/declaredMapping';
import { IngestMapping } from '../../shared/src/mapping/ingestMapping';

/** A number m / 10^d and how it is written. */
interface KeyNumber {
  m: number;
  d: number;
  spelling: string | number;
}

export interface KeyLine {
  a: string;
  b: string;
  n: KeyNumber;
}

export interface KeyCase {
  lines: KeyLine[];
  onDuplicate: Exclude<OnDuplicate, 'update'>;
  ranges: number;
}

export const keyMapping = (table: string, onDuplicate: OnDuplicate): IngestMapping => ({
  ...compileMapping({
    name: 'keys',
    table,
    key: ['a', 'b', 'n'],
    onDuplicate,
    columns: { a: { from: 'a', type: 'string' }, b: { from: 'b', type: 'string' }, n: { from: 'n', type: 'number' }, note: { from: 'note', type: 'string' } },
  }),
  builtIn: false,
});

/** m / 10^d written exactly: plain with `zeros` more fraction digits, or as an integer times a power of ten. */
function spell(m: number, d: number, negativeZero: boolean, form: number, extra: number): string | number {
  const sign = m < 0 || (m === 0 && negativeZero) ? '-' : '';
  const digits = String(Math.abs(m));
  if (form === 0) return m / 10 ** d;
  if (form === 1) {
    const scale = d + extra;
    if (scale === 0) return sign + digits;
    const padded = (digits + '0'.repeat(extra)).padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  const exponent = -(d + extra);
  const mantissa = m === 0 ? '0' : digits + '0'.repeat(extra);
  return `${sign}${mantissa}${form === 2 ? 'e' : 'E'}${exponent === 0 && extra % 2 === 0 ? '+0' : exponent}`;
}

const keyNumber: fc.Arbitrary<KeyNumber> = fc
  .record({
    m: fc.integer({ min: -3, max: 3 }),
    d: fc.integer({ min: 0, max: 1 }),
    negativeZero: fc.boolean(),
    form: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ m, d, negativeZero, form, extra }) => ({ m, d, spelling: spell(m, d, negativeZero, form, extra) }));

// Few values, so that keys repeat often; 'x\0' + 'x' and 'x' + '\0x' are the pair a NUL separator would join.
const keyText = fc.constantFrom('x', 'x\u0000', '\u0000x', '\u0000');

export const keyCase: fc.Arbitrary<KeyCase> = fc.record({
  lines: fc.array(fc.record({ a: keyText, b: keyText, n: keyNumber }), { minLength: 1, maxLength: 120 }),
  onDuplicate: fc.constantFrom('skip' as const, 'error' as const),
  ranges: fc.integer({ min: 1, max: 50 }),
});

/** The file's text: one JSON line per key line, each with its line number as its note. */
export const keyFile = (lines: KeyLine[]) => lines.map((l, i) => JSON.stringify({ a: l.a, b: l.b, n: l.n.spelling, note: `L${i + 1}` })).join('\n') + '\n';

/** The number as a fraction in lowest terms: what a DOUBLE column compares (these are exact and distinct as doubles). */
function numberValue({ m, d }: KeyNumber): string {
  while (d > 0 && m % 10 === 0) {
    m /= 10;
    d--;
  }
  return m === 0 ? '0' : `${m}/${d}`;
}

/** The model: the first line of each key wins; the others are duplicates (skip) or rejects (error). */
export function expectedOf(c: KeyCase): { winners: string[]; repeats: number[]; inserted: number; duplicates: number; rejected: number } {
  const first = new Map<string, number>();
  const repeats: number[] = [];
  c.lines.forEach((l, i) => {
    const key = JSON.stringify([l.a, l.b, numberValue(l.n)]);
    if (first.has(key)) repeats.push(i + 1);
    else first.set(key, i + 1);
  });
  const winners = [...first.values()].map((line) => `L${line}`).sort();
  const skip = c.onDuplicate === 'skip';
  return { winners, repeats, inserted: first.size, duplicates: skip ? repeats.length : 0, rejected: skip ? 0 : repeats.length };
}

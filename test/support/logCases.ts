// Random mappings and logs for the log checker's property (test/unit/logCheckProperties): every reject class a
// line can meet (invalid JSON, not an object, a `when` mismatch, a missing required value, a value that does not
// fit, a JSON Schema violation, invalid UTF-8), blank lines and repeated keys, under each onDuplicate.
import fc from 'fast-check';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { ColumnType, DeclaredMapping, OnDuplicate } from '../../shared/src/mapping/declaredMapping';
import { IngestMapping } from '../../shared/src/mapping/ingestMapping';

interface ColumnCase {
  type: ColumnType;
  required: boolean;
  nested: boolean;
}

export interface LogCase {
  columns: ColumnCase[];
  /** Columns in the key (at least the first). */
  keySize: number;
  when: boolean;
  onDuplicate: OnDuplicate;
  /** A JSON Schema for the lines: a constraint on one column's field, and at times `required` and `additionalProperties`. */
  schema?: SchemaCase;
  /** Each line as text, or as bytes that are not UTF-8. */
  lines: (string | Buffer)[];
  /** The line endings, taken in turn (\n, \r\n, a lone \r): each ends a line for the loader as for an editor. */
  endings: string[];
  ranges: number;
}

const TYPES: ColumnType[] = ['string', 'integer', 'number', 'boolean', 'unix-seconds', 'datetime', 'json'];
const MAX_LENGTH = 4;

/** Values that fit some column types and not others; few, so that keys repeat. */
const value = fc.oneof(
  fc.constantFrom('a', 'b', 'a ', '', 'abcdefg', '7', '2024-01-02T03:04:05Z', 'warm', '😀😀'),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(1.5, 1e300, 2 ** 31, -1, 0, true, false, null),
  fc.constant({ x: 1 }),
  fc.constant([1, 'a']),
);

/** Few values that fit a key column of each type, in several spellings of one key, so that keys repeat across lines that differ. */
const KEY_VALUES: Record<ColumnType, unknown[]> = {
  string: ['a', 'a ', 'b'],
  integer: [1, 2, 1.0],
  number: [1, 1.5, 1, 2],
  boolean: [true, false],
  'unix-seconds': [1700000000, 1700000001],
  'unix-millis': [1700000000000],
  datetime: ['2024-01-02T03:04:05Z', '2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'],
  date: ['2024-01-02'],
  json: [{ x: 1 }, [1]],
};
const keyValue = (type: ColumnType) => fc.oneof({ arbitrary: fc.constantFrom(...KEY_VALUES[type]), weight: 4 }, { arbitrary: value, weight: 1 });

const noise = fc.oneof(
  fc.constantFrom('', '  ', '{', '{"a":', '[1,2]', '"text"', '42', 'null', 'not json', '{"f0":1}{'),
  fc.string({ maxLength: 8 }),
  fc.constant(Buffer.from([0x7b, 0x22, 0x66, 0x30, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
);

interface SchemaCase {
  /** The column (modulo their count) whose field the constraint is on. */
  column: number;
  constraint: object;
  requireKind: boolean;
  closed: boolean;
}

const schemaCase = fc.record({
  column: fc.nat(3),
  constraint: fc.constantFrom<object>(
    { type: 'string' },
    { minimum: 0 },
    { maxLength: 3 },
    { not: { const: 'b' } },
    { pattern: '^a' },
    { type: ['integer', 'null'] },
  ),
  requireKind: fc.boolean(),
  closed: fc.boolean(),
});

/** The JSON Schema of a case: the constraint where the column's field sits (top level or under `o`). */
function jsonSchemaOf(c: LogCase, s: SchemaCase): object {
  const i = s.column % c.columns.length;
  const field = { [`f${i}`]: s.constraint };
  return {
    type: 'object',
    properties: c.columns[i].nested ? { o: { properties: field } } : field,
    ...(s.requireKind ? { required: ['kind'] } : {}),
    ...(s.closed ? { propertyNames: { enum: ['kind', 'o', ...c.columns.map((_, j) => `f${j}`)] } } : {}),
  };
}

const columnCase = fc.record({ type: fc.constantFrom(...TYPES), required: fc.boolean(), nested: fc.boolean() });

export const logCase: fc.Arbitrary<LogCase> = fc
  .record({
    columns: fc.array(columnCase, { minLength: 1, maxLength: 4 }),
    keySize: fc.integer({ min: 1, max: 2 }),
    when: fc.boolean(),
    onDuplicate: fc.constantFrom<OnDuplicate>('skip', 'update', 'error'),
    schema: fc.option(schemaCase, { nil: undefined }),
    ranges: fc.integer({ min: 1, max: 6 }),
    endings: fc.array(fc.constantFrom('\n', '\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }),
  })
  .chain((shape) => {
    const event = fc
      .record({
        kind: fc.option(fc.constantFrom('a', 'b', 'c', 7), { nil: undefined }),
        values: fc.tuple(...shape.columns.map((column, i) => fc.option(i < shape.keySize ? keyValue(column.type) : value, { nil: undefined, freq: 4 }))),
      })
      .map(({ kind, values }) => {
        const line: Record<string, unknown> = kind === undefined ? {} : { kind };
        values.forEach((v, i) => {
          if (v === undefined) return;
          if (shape.columns[i].nested) ((line.o ??= {}) as Record<string, unknown>)[`f${i}`] = v;
          else line[`f${i}`] = v;
        });
        return JSON.stringify(line);
      });
    const lines = fc.array(fc.oneof({ arbitrary: event, weight: 6 }, { arbitrary: noise, weight: 1 }), { maxLength: 40 });
    // Copies of earlier lines, so that keys repeat whatever their columns' types.
    const withRepeats = fc
      .tuple(lines, fc.array(fc.nat(), { maxLength: 12 }))
      .map(([l, copies]) => (l.length === 0 ? l : [...l, ...copies.map((i) => l[i % l.length])]));
    return withRepeats.map((l) => ({ ...shape, keySize: Math.min(shape.keySize, shape.columns.length), lines: l }));
  });

export function logCaseMapping(c: LogCase): IngestMapping {
  const columns: DeclaredMapping['columns'] = {};
  c.columns.forEach((column, i) => {
    columns[`c${i}`] = {
      from: column.nested ? `o.f${i}` : `f${i}`,
      type: column.type,
      // Key columns are required, as compileMapping asks.
      ...(column.required || i < c.keySize ? { required: true } : {}),
      ...(column.type === 'string' ? { maxLength: MAX_LENGTH } : {}),
    };
  });
  return compileMapping({
    name: 'events',
    table: 'events',
    key: c.columns.slice(0, c.keySize).map((_, i) => `c${i}`),
    onDuplicate: c.onDuplicate,
    ...(c.when ? { when: { path: 'kind', in: ['a', 'b'] } } : {}),
    ...(c.schema ? { schema: jsonSchemaOf(c, c.schema) } : {}),
    columns,
  });
}

export const logCaseBytes = (c: LogCase): Buffer =>
  Buffer.concat(c.lines.flatMap((l, i) => [typeof l === 'string' ? Buffer.from(l) : l, Buffer.from(c.endings[i % c.endings.length])]));

// The mapping the "Declare an ingest mapping" quick fix infers from a log's first lines: a whole number is never
// given a type that rounds it (hp2527c 03: a 20-digit order number was inferred as a DOUBLE, and two ids became one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { inferMapping } from '../../shared/src/mapping/inferMapping';
import { mapLine } from '../../shared/src/mapping/mapLine';
import { floatAsShown } from '../../shared/src/mapping/values/floatAsShown';
import { fuzz } from '../support/fuzz';

const infer = (lines: string[]) => inferMapping(lines.join('\n'), { rows: 100, glob: 'a.jsonl', name: 'a' })!;

describe('inferMapping on whole numbers past 2^53', () => {
  it('within BIGINT: an integer column; past it: the digits as text; a fraction: a number', () => {
    const { columns } = infer(['{"id":1,"big":9223372036854775807,"huge":12345678901234567890,"f":1.5}', '{"id":2,"big":-9007199254740993,"huge":7,"f":2}']);
    assert.deepEqual(columns.big, { from: 'big', type: 'integer', required: true });
    assert.deepEqual(columns.huge, { from: 'huge', type: 'string', acceptNumbers: true, required: true });
    assert.deepEqual(columns.f, { from: 'f', type: 'number', required: true });
  });

  it('two ids that a double cannot tell apart are two values: the key is still the id', () => {
    const { key } = infer(['{"n":1,"id":12345678901234567890}', '{"n":1,"id":12345678901234567891}']);
    assert.equal(key, 'id');
  });

  it('property: every sampled whole number is stored as written, by the mapping inferred from it', () => {
    const whole = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    fc.assert(
      fc.property(fc.array(whole, { minLength: 1, maxLength: 5 }), (numbers) => {
        const lines = numbers.map((n, i) => `{"id":${i},"v":${n}}`);
        const mapping = compileMapping(infer(lines));
        const v = mapping.columns.findIndex((c) => c.column === 'v');
        for (const [i, line] of lines.entries()) {
          const mapped = mapLine(line, mapping);
          assert.equal(mapped.kind, 'row', JSON.stringify(mapped));
          if (mapped.kind !== 'row') continue;
          // What the column gives back: a FLOAT or DOUBLE its nearest float; any other column the text sent.
          const { floatBits } = mapping.columns[v].limits;
          assert.equal(floatBits ? floatAsShown(mapped.values[v]!, floatBits) : mapped.values[v], String(numbers[i]));
        }
      }),
      fuzz(200),
    );
  });
});

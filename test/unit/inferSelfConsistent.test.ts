// `loadline infer` (and the editor's "Create a contract from this file") must write a contract that the file it
// came from passes: the contract adds no problem to the ones the file has on its own (its structure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { Contract } from '../../shared/src/contract/types';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { inferContract } from '../../shared/src/csv/inferContract';
import { inferableCsv } from '../support/csvArbitraries';
import { fuzz } from '../support/fuzz';

/** The inferred contract as the user gets it: printed as JSON, then read back from .loadline.json. */
function inferredFromConfig(csv: string): Contract {
  const printed = JSON.stringify({ contracts: [inferContract(csv, { glob: 'data.csv', fileName: 'data.csv' })] });
  const parsed = parseConfig(printed);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.config.contracts[0];
}

/**
 * The generated CSVs, and the same with a first row of delimiters (and whitespace) only, which the checker reads
 * as a header of blank labels, not as a blank row.
 */
const blankFirstRow = fc.array(fc.constantFrom('', ' ', '\t'), { minLength: 2, maxLength: 5 }).map((cells) => cells.join(','));
const csvs = fc.oneof(
  inferableCsv,
  fc.tuple(blankFirstRow, inferableCsv).map(([first, csv]) => `${first}\n${csv}`),
);

const codes = (csv: string, contract: Contract | undefined) =>
  validateCsv(csv, contract, { fileName: 'data.csv' }).problems.map((p) => `${p.code}: ${p.message}`);

describe('infer then validate', () => {
  it('property: for any generated CSV, the inferred contract adds no problem', () => {
    fc.assert(
      fc.property(csvs, (csv) => {
        assert.deepEqual(codes(csv, inferredFromConfig(csv)), codes(csv, undefined));
      }),
      fuzz(300),
    );
  });

  it('a first row of delimiters only is the header, of blank labels, as the checker reads it', () => {
    const csv = ',,\nid,name\n1,a\n';
    assert.deepEqual(Object.keys(inferContract(csv, { glob: '*' }).headers!), []);
    assert.deepEqual(codes(csv, inferredFromConfig(csv)), codes(csv, undefined));
  });

  it('a whitespace-only cell: the column is not required', () => {
    const csv = 'id,name\n1,a\n2, \n';
    assert.equal(inferContract(csv, { glob: '*' }).headers!.name.constraints?.required, undefined);
    assert.deepEqual(codes(csv, inferredFromConfig(csv)), []);
  });

  it('unique is decided on the values the checker compares: 1 and 01, 2.7 and 2.70, 1e3 and 1000, 0 and -0', () => {
    for (const [a, b] of [
      ['1', '01'],
      ['2.7', '2.70'],
      ['1e3', '1000'],
      ['0', '-0'],
    ]) {
      const csv = `id\n${a}\n${b}\n`;
      assert.equal(inferContract(csv, { glob: '*' }).headers!.id.constraints?.unique, undefined, `${a} and ${b}`);
      assert.deepEqual(codes(csv, inferredFromConfig(csv)), []);
    }
  });

  it('columns named __proto__, constructor and toString are kept, in the contract and through .loadline.json', () => {
    const csv = '__proto__,constructor,toString\n1,2,3\n4,5,6\n';
    const contract = inferredFromConfig(csv);
    assert.deepEqual(Object.keys(contract.headers!), ['__proto__', 'constructor', 'toString']);
    assert.deepEqual(
      Object.values(contract.headers!).map((h) => h.type),
      ['integer', 'integer', 'integer'],
    );
    assert.match(codes('__proto__,constructor,toString\nx,2,3\n', contract).join('\n'), /^type-error: Value "x" in __proto__/);
  });
});

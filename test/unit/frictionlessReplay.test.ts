// frictionless-py v5's own single-cell field tests replayed through the checker (issue 22, class 9): each case
// (test/support/frictionlessFieldCases.ts, citing its frictionless-py test) must read as frictionless reads it,
// or differ as docs/contracts-reference.md ("Where the spec is silent, and where Loadline differs") says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileField } from '../../shared/src/schema/fieldRule';
import { INVALID } from '../../shared/src/schema/temporal';
import { FIELD_CASES, FieldCase, FieldCaseValue } from '../support/frictionlessFieldCases';

const DAY_MS = 86_400_000;

/** The checker's reading of the cell, written as the frictionless-py tests write theirs. */
function loadlineReads({ options, cell }: FieldCase): FieldCaseValue {
  const rule = compileField({ name: 'name', ...options });
  if (rule.isMissing(cell)) return null;
  const value = rule.cast(cell);
  if (value === INVALID) return null;
  switch (options.type) {
    case 'date':
      return new Date(Number(value) * DAY_MS).toISOString().slice(0, 10);
    case 'time':
      return new Date(Number(value)).toISOString().slice(11, 19);
    case 'datetime':
      return new Date(Number(value)).toISOString().slice(0, 19);
    case 'geopoint':
      return String(value).split(',').map(Number) as [number, number];
    case 'yearmonth':
      return [Math.floor(Number(value) / 12), (Number(value) % 12) + 1];
    case 'integer':
      return Number(value);
    default:
      return value as FieldCaseValue;
  }
}

/** The documented differences, each with the words of docs/contracts-reference.md that state it. */
const DEVIATIONS: { doc: string; applies: (c: FieldCase) => boolean }[] = [
  { doc: 'format `any` (of a date, time or datetime) is refused (say which format you accept)', applies: (c) => c.options.format === 'any' },
];

describe("frictionless-py's field tests, replayed", () => {
  it('every text cell reads as frictionless-py reads it, or differs as the docs say', () => {
    const counts = { match: 0, deviation: 0, other: 0 };
    const others: string[] = [];
    for (const c of FIELD_CASES) {
      const got = loadlineReads(c);
      const deviation = DEVIATIONS.find((d) => d.applies(c));
      if (deviation) counts.deviation++;
      else if (JSON.stringify(got) === JSON.stringify(c.expected)) counts.match++;
      else {
        counts.other++;
        others.push(
          `${c.test} ${JSON.stringify(c.options)} ${JSON.stringify(c.cell)}: frictionless ${JSON.stringify(c.expected)}, Loadline ${JSON.stringify(got)}`,
        );
      }
    }
    console.log(`frictionless-py field cases: ${FIELD_CASES.length}; match ${counts.match}, documented deviation ${counts.deviation}, other ${counts.other}`);
    assert.deepEqual(others, []);
  });
});

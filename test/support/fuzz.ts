import type { Parameters } from 'fast-check';

/**
 * fast-check settings: a fixed seed and a small number of cases in `npm test`; `npm run fuzz` sets
 * LOADLINE_FUZZ_SCALE=100 for a hundred times more, with a fresh seed that fast-check prints on a failure.
 */
export const FUZZ_SCALE = Number(process.env.LOADLINE_FUZZ_SCALE ?? 1);

export function fuzz(runs: number): Parameters<unknown> {
  const numRuns = runs * FUZZ_SCALE;
  // Printed when the property finishes, so that `npm run fuzz` can say how many cases ran.
  process.once('beforeExit', () => console.log(`fast-check cases run: ${numRuns}`));
  return FUZZ_SCALE > 1 ? { numRuns } : { numRuns, seed: 20261128 };
}

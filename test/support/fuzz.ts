import type { Parameters } from 'fast-check';

/**
 * fast-check settings: a fixed seed and a small number of cases in `npm test`; `npm run fuzz` sets
 * LOADLINE_FUZZ_SCALE=100 for a hundred times more, with a fresh seed that fast-check prints on a failure.
 */
export const FUZZ_SCALE = Number(process.env.LOADLINE_FUZZ_SCALE ?? 1);

export function fuzz(runs: number): Parameters<unknown> {
  return FUZZ_SCALE > 1 ? { numRuns: runs * FUZZ_SCALE } : { numRuns: runs, seed: 20261128 };
}

/** Cases run by every property, for `npm run fuzz` to print. */
export const casesRun = { count: 0 };

/**
 * RE2 runs this in linear time, but a thousand states follow each character of a random run of a and b (too many
 * for its DFA's cache): a 4 MB cell takes seconds. Tests use it for a check that outlives its time budget.
 */
export const SLOW_PATTERN = '(?:a|b)*a[ab]{999}(?:a|b)*';

/** A fixed pseudo-random run of a and b, the input that keeps SLOW_PATTERN slow. */
export function randomAb(length: number): string {
  let seed = 12345;
  const letters: string[] = [];
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    letters.push((seed >> 7) & 1 ? 'a' : 'b');
  }
  return letters.join('');
}

/**
 * Two such alternatives: RE2's cache thrashes far harder, about 35 µs a character, so a 400 kB cell outlives
 * even the server's default check budget. Tests that keep that default use it.
 */
export const SLOWER_PATTERN = `(?:${SLOW_PATTERN})|(?:(?:a|b)*b[ab]{999}(?:a|b)*)`;

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

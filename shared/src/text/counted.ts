/**
 * A count and its noun, plural unless the count is one: "1 error", "0 errors", "3 more problems". Every message
 * that prints a count says it through here, so that none says "1 errors". `plural` is for nouns that do not
 * take an "s" ("1 line was", "2 lines were").
 */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

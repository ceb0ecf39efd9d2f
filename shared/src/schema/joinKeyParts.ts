/**
 * A key of several parts as one string that no two different keys share: each part with its length before it,
 * so that no character a value holds (NUL, \u0001, a digit or a colon) can pass for the boundary between two parts.
 * The validator's keys and the load's keys are joined by this one rule, so validate, the dry run and the real run
 * tell the same tuples apart.
 */
export function joinKeyParts(parts: string[]): string {
  let key = '';
  for (const part of parts) key += `${part.length}:${part}`;
  return key;
}

/**
 * Where a value is in an event: `user.emails[0]` (a dot path with array items), `/user/emails/0` (a JSON
 * Pointer, RFC 6901) or `$` (the whole line). Parsed once into steps; an empty list is the whole event.
 */
export type PathSteps = string[];

export function parseValuePath(text: string): PathSteps | { error: string } {
  if (text === '$') return [];
  if (text.startsWith('/'))
    return text
      .slice(1)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  const steps: string[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return { error: `"${text}" is not a path: write a.b[0].c, a JSON Pointer such as /a/b/0/c, or $ for the whole line` };
    steps.push(match[1], ...[...match[2].matchAll(/\[(\d+)\]/g)].map((m) => m[1]));
  }
  return steps;
}

/** The value at `steps`; a number step indexes an array, any step names an object's own property. */
export function valueAt(event: unknown, steps: PathSteps): unknown {
  let current = event;
  for (const step of steps) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current)) current = /^(0|[1-9]\d*)$/.test(step) ? current[Number(step)] : undefined;
    else current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
  }
  return current;
}

import { PathSteps } from '../valuePath';

/**
 * The text of the value at `steps` in a line of valid JSON, as written: a `json` column stores it so, with its
 * numbers, spacing and repeated keys (`{"a":1,"a":2}` re-serialised would lose the first). A repeated key on the
 * path is followed to its last value, as JSON.parse (and so `valueAt`) does. The value must be there.
 */
export function jsonTextAt(line: string, steps: PathSteps): string {
  if (steps.length === 0) return line;
  let at = skipSpace(line, 0);
  for (const step of steps) at = childAt(line, at, step);
  return line.slice(at, valueEnd(line, at));
}

/** Where the member `step` of the object or array at `at` starts. */
function childAt(line: string, at: number, step: string): number {
  const isObject = line.charCodeAt(at) === OPEN_BRACE;
  let found = -1;
  let index = 0;
  at = skipSpace(line, at + 1);
  while (line.charCodeAt(at) !== CLOSE_BRACE && line.charCodeAt(at) !== CLOSE_BRACKET) {
    let matches: boolean;
    if (isObject) {
      const keyEnd = valueEnd(line, at);
      const raw = line.slice(at, keyEnd);
      matches = (raw.includes('\\') ? JSON.parse(raw) : raw.slice(1, -1)) === step;
      at = skipSpace(line, skipSpace(line, keyEnd) + 1);
    } else matches = String(index++) === step;
    if (matches) found = at;
    at = skipSpace(line, valueEnd(line, at));
    if (line.charCodeAt(at) === COMMA) at = skipSpace(line, at + 1);
  }
  return found;
}

/** Where the value starting at `at` ends. */
function valueEnd(line: string, at: number): number {
  const first = line.charCodeAt(at);
  if (first === QUOTE) return stringEnd(line, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    while (at < line.length && !ENDS_SCALAR.has(line.charCodeAt(at))) at++;
    return at;
  }
  let depth = 0;
  for (;;) {
    const c = line.charCodeAt(at);
    if (c === QUOTE) {
      at = stringEnd(line, at);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return at + 1;
    at++;
  }
}

function stringEnd(line: string, at: number): number {
  for (let i = at + 1; ; i++) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
}

function skipSpace(line: string, at: number): number {
  while (SPACE.has(line.charCodeAt(at))) at++;
  return at;
}

const [QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA] = ['"', '\\', '{', '}', '[', ']', ','].map((c) => c.charCodeAt(0));
const SPACE = new Set([' ', '\t', '\n', '\r'].map((c) => c.charCodeAt(0)));
const ENDS_SCALAR = new Set([COMMA, CLOSE_BRACE, CLOSE_BRACKET, ...SPACE]);

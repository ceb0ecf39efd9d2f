/**
 * The deepest nesting of objects and arrays MariaDB's JSON_VALID accepts (measured on 10.11: 31 nested containers
 * pass; 32 fail with note 4040, and the JSON column's CHECK then skips or refuses the row).
 */
export const MAX_JSON_DEPTH = 31;

/**
 * Why JSON text for a `json` column cannot be stored: nested deeper than the server takes. Loadline's own rule for
 * every `json` column, also one mapped onto an existing text column (which has no JSON_VALID check): a `json`
 * value is one that MariaDB's JSON functions read, and a dry run, which cannot see the column, rejects the same lines.
 */
export function jsonTooDeep(text: string, label: string): { reason: string } | undefined {
  if (jsonDepthPast(text, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return undefined;
  return {
    reason: `${label} nests objects and arrays more than ${MAX_JSON_DEPTH} deep, past what a json column takes (the depth MariaDB's JSON_VALID accepts)`,
  };
}

/** The nesting depth of valid JSON text, counted without recursion, up to the first level past `limit`. */
function jsonDepthPast(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return 0;
}

const [QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = ['"', '\\', '{', '}', '[', ']'].map((c) => c.charCodeAt(0));

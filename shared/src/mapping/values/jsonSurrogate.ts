/**
 * Why JSON text for a `json` column cannot be stored: it escapes a lone UTF-16 surrogate (`"\ud800"`), which
 * JSON.parse takes and MariaDB's JSON_VALID refuses (measured on 10.11: a lone high or low surrogate, in a key or
 * a value, fails; a high one followed by a low one passes). Escapes are the only way text read as UTF-8 holds one.
 */
export function jsonLoneSurrogate(text: string, label: string): { reason: string } | undefined {
  if (!text.includes('\\u')) return undefined;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) inString = c === QUOTE;
    else if (c === QUOTE) inString = false;
    else if (c === BACKSLASH) {
      const unit = escapedUnit(text, i);
      if (unit >= HIGH_FIRST && unit <= HIGH_LAST && !isLow(escapedUnit(text, i + 6))) return lone(label, unit);
      if (unit >= HIGH_FIRST && unit <= HIGH_LAST) i += 6;
      else if (isLow(unit)) return lone(label, unit);
      i += unit < 0 ? 1 : 5;
    }
  }
  return undefined;
}

const lone = (label: string, unit: number) => ({
  reason: `${label} holds the escape \\u${unit.toString(16)}, a lone UTF-16 surrogate, which the server's JSON_VALID refuses`,
});

/** The code unit of a `\uXXXX` escape at `at`, or -1 for any other escape (or none). */
function escapedUnit(text: string, at: number): number {
  if (text.charCodeAt(at) !== BACKSLASH || text.charCodeAt(at + 1) !== LETTER_U) return -1;
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : -1;
}

const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
const [HIGH_FIRST, HIGH_LAST] = [0xd800, 0xdbff];
const [QUOTE, BACKSLASH, LETTER_U] = ['"', '\\', 'u'].map((c) => c.charCodeAt(0));

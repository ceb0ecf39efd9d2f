import type { RE2JS } from 're2js';

let loaded: typeof RE2JS | undefined;
/** re2js, loaded by the first pattern rather than by every start (3-5 ms of it): most contracts have none. */
export function re2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= (require('re2js') as typeof import('re2js')).RE2JS);
}

/** RE2's error kinds (RE2JSSyntaxException.error) in words a contract's author can act on. */
const WORDS: Record<string, string> = {
  'missing closing )': 'a group "(" is never closed',
  'unexpected )': 'a ")" closes no group',
  'missing closing ]': 'a character class "[" is never closed',
  'invalid character class range': 'a character range runs backwards',
  'invalid nested repetition operator': 'a repeat (*, +, ?, {n}) is repeated again',
  'missing argument to repetition operator': 'a repeat (*, +, ?, {n}) follows nothing',
  'trailing backslash at end of expression': 'it ends in a "\\" that escapes nothing',
  'invalid escape sequence': 'an escape is not supported (backreferences such as \\1 cannot run in linear time)',
  'invalid or unsupported Perl syntax': 'a lookahead, lookbehind or other group syntax is not supported (it cannot run in linear time)',
  'invalid named capture': 'a named group "(?<name>" is malformed',
  'duplicate capture group name': 'two groups have the same name',
  'expression nests too deeply': 'its groups nest too deeply',
  'expression too large': 'it is too large (shorten its repeat counts)',
};

const LOOKBEHIND = 'a lookbehind "(?<=" or "(?<!" is not supported (it cannot run in linear time)';

/**
 * A Unicode property RE2 and JavaScript both read: a general category. RE2 names a script `\p{Greek}`, JavaScript
 * `\p{Script=Greek}`, and neither takes the other's spelling or XML Schema's blocks (`\p{IsBasicLatin}`).
 */
const propertyReason = (name: string) =>
  `${name} is not a Unicode class Loadline can read: general categories such as \\p{L} or \\p{Lu} work, but not scripts or XML Schema blocks; write those as a range, such as [\\u0370-\\u03FF]`;

/**
 * Longer patterns are refused: compiling is not covered by the check's time budget, and RE2 took 0.8 s for a
 * 59,000-character list of alternatives and 7.6 s for 590,000, once at config time and again in each thread.
 */
const MAX_PATTERN_LENGTH = 10_000;

/**
 * Compiles a pattern for linear-time matching, or says why it cannot: the reason in Loadline's words, and the
 * 1-based character where the fault starts, when RE2 names the fragment. The JavaScript syntax check that comes
 * first refuses what RE2's translation would silently accept differently; its own wording is not shown.
 */
export function compilePattern(pattern: string): RE2JS | { reason: string; at?: number } {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      reason: `it is ${pattern.length} characters long, above the ${MAX_PATTERN_LENGTH} that Loadline compiles (a long list of codes is better written as an enum)`,
    };
  }
  let regex: RE2JS;
  try {
    regex = re2().compile(re2().translateRegExp(pattern));
  } catch (error) {
    const { error: kind, input } = error as { error?: string; input?: string | null };
    // RE2 names the whole pattern for an unmatched ")": find it.
    const found = kind === 'unexpected )' ? unmatchedClose(pattern) : input ? pattern.indexOf(input) : -1;
    // RE2 reads a lookbehind "(?<=" or "(?<!" as a malformed named group: say what is not supported.
    const lookbehind = kind === 'invalid named capture' && /^\(\?<[=!]/.test(input ?? '');
    // RE2 says "invalid character class range" for a property name it does not know, too.
    const property = kind === 'invalid character class range' && /^\\[pP]/.test(input ?? '') ? propertyReason(input!) : undefined;
    const reason = lookbehind ? LOOKBEHIND : (property ?? (kind === 'invalid repeat count' ? repeatReason(input) : kind && WORDS[kind]));
    return { reason: reason ?? 'it cannot be read as a regular expression', ...(found >= 0 ? { at: found + 1 } : {}) };
  }
  try {
    new RegExp(pattern, 'u');
  } catch {
    const property = /\\[pP]\{[^}]*\}/.exec(pattern);
    if (property && !isJsProperty(property[0])) return { reason: propertyReason(property[0]), at: property.index + 1 };
    return { reason: 'it is not valid in Unicode mode (an escape such as "\\_" or a lone "{" or "]" must be written differently)' };
  }
  return regex;
}

function isJsProperty(escape: string): boolean {
  try {
    new RegExp(escape, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * RE2 refuses with one error a count above 1000 or out of order, and a count whose product with the counts it
 * nests (`(.{0,999}a){9}`: 999 × 9) passes 1000; `fragment` is the count RE2 names.
 */
function repeatReason(fragment: string | null | undefined): string {
  const [, min, comma, max] = /^\{(\d+)(,?)(\d*)\}$/.exec(fragment ?? '') ?? [];
  if (min === undefined) return 'a repeat count {n,m} is out of order, above 1000, or above 1000 when multiplied by the counts it nests';
  const upper = comma ? (max === '' ? undefined : Number(max)) : Number(min);
  if (Number(min) > 1000 || (upper !== undefined && (upper > 1000 || upper < Number(min)))) return `the repeat count ${fragment} is out of order or above 1000`;
  return `the repeat count ${fragment} times the counts inside it is above 1000 (RE2 expands nested repeats): lower the counts, or use * or +`;
}

/** The index of the first ")" that closes no group, skipping escapes and character classes; -1 if none. */
function unmatchedClose(pattern: string): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return i;
  }
  return -1;
}

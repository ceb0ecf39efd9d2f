/** A character outside a class: anything but syntax. */
const LITERAL = String.raw`[^\\^$.|?*+()[\]{}]`;
/**
 * Escapes that mean the same in RE2 and in JavaScript's Unicode mode: \d and \w (ASCII in both) and escaped syntax.
 * Not \s (JavaScript's holds Unicode spaces and \v, RE2's does not), nor \D, \W or `.` (which differ on line ends).
 */
const ESCAPE = String.raw`\\[dw\\/.^$|?*+()[\]{}]`;
/** A class of characters, ranges, those escapes and \- (Unicode mode takes it in a class only); not negated (a lone surrogate is not read alike). */
const IN_CLASS = String.raw`${ESCAPE}|\\-`;
const CLASS = String.raw`\[(?:[^\\\]^[]|${IN_CLASS})(?:[^\\\][]|${IN_CLASS})*\]`;
/** Atoms, each at most repeated a fixed number of times: no alternative, group or open repeat. */
const SUBSET = new RegExp(String.raw`^(?:(?:${LITERAL}|${ESCAPE}|${CLASS})(?:\{\d{1,3}\})?)+$`, 'u');

/**
 * A pattern as a native RegExp, anchored at both ends as RE2's matches() is, when it is only a row of atoms each
 * repeated a fixed number of times (such as `[A-Z]{2}-[0-9]{4}`): such a pattern matches each character of a cell
 * in one way only, so a backtracking engine runs it in linear time, and it means the same there as in RE2
 * (test/unit/nativePattern.test.ts). Undefined for any other pattern, which RE2 runs. RE2 (re2js) took a fifth to a
 * quarter of the typed benchmark's check (docs/benchmarks.md).
 */
export function nativePattern(pattern: string): RegExp | undefined {
  return SUBSET.test(pattern) ? new RegExp(`^(?:${pattern})$`, 'u') : undefined;
}

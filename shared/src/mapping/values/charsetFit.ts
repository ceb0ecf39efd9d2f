/** Character sets that hold less than all of Unicode, as MariaDB names them (others: see charsetRepertoire). */
export type NarrowCharset = string;

/** What each narrow set cannot store; MariaDB's latin1 is Windows-1252, its 5 unused bytes C1 controls. */
const UNSTORABLE: Record<string, RegExp> = {
  ascii: /[^\p{ASCII}]/u,
  latin1: /[\u0080\u0082-\u008c\u008e\u0091-\u009c\u009e\u009f]|(?![€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ])[\u0100-\u{10ffff}]/u,
  utf8mb3: /[\u{10000}-\u{10ffff}]/u,
  ucs2: /[\u{10000}-\u{10ffff}]/u,
};

/** A column's CHARACTER_SET_NAME as a narrow set, or undefined when it holds every character. */
export function narrowCharset(name: string | null): NarrowCharset | undefined {
  if (name === 'utf8') return 'utf8mb3';
  return name !== null && name in UNSTORABLE ? name : undefined;
}

const patterns = new Map<string, RegExp>();

/** The first character of `text` that `charset` cannot store, or undefined; `pattern` (a RegExp source) for other sets. */
export function unstorableCharacter(text: string, charset: NarrowCharset, pattern?: string): string | undefined {
  let unstorable = UNSTORABLE[charset] ?? patterns.get(charset);
  if (unstorable === undefined && pattern !== undefined) patterns.set(charset, (unstorable = new RegExp(pattern, 'u')));
  return unstorable?.exec(text)?.[0];
}

/** Sets of one byte per character: a value they can store is as many bytes as it has characters. */
const SINGLE_BYTE = new Set(
  'ascii latin1 latin2 latin5 latin7 greek hebrew cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866 koi8r koi8u macroman macce tis620 armscii8 dec8 geostd8 hp8 keybcs2 swe7'.split(
    ' ',
  ),
);

/**
 * How many bytes `text` takes in a column of `charset`, as the server counts a TEXT column's length: one per
 * character in a single-byte set, two per UTF-16 unit in ucs2, else its UTF-8 bytes (exact for utf8mb3 and
 * utf8mb4, and never less than an East Asian set takes).
 */
export function byteLengthIn(text: string, charset: string | undefined, codePoints: (text: string) => number): number {
  if (charset !== undefined && SINGLE_BYTE.has(charset)) return codePoints(text);
  if (charset === 'ucs2') return text.length * 2;
  return Buffer.byteLength(text);
}

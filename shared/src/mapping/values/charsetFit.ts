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

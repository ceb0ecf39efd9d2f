import Papa from 'papaparse';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface Dialect {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

export type DialectResult = { ok: true; dialect: Dialect } | { ok: false; reason: string };

/** The text the delimiter is guessed from. */
export const SAMPLE_CHARS = 64 * 1024;

/** Line ending of the first record break, \n when the text has none. */
function detectNewline(text: string): Dialect['newline'] {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1 && lf === -1) return '\n';
  if (cr === -1) return '\n';
  if (lf === cr + 1) return '\r\n';
  return lf === -1 || cr < lf ? '\r' : '\n';
}

/**
 * Chooses the delimiter: the one asked for, tab for .tsv files, else papaparse's guess over a sample.
 * A header line with none of the candidates is a single-column file, not an error.
 */
export function detectDialect(text: string, hint: { delimiter?: string; fileName?: string } = {}): DialectResult {
  const newline = detectNewline(text);
  if (hint.delimiter) return { ok: true, dialect: { delimiter: hint.delimiter, newline } };
  if (hint.fileName && /\.(tsv|tab)$/i.test(hint.fileName)) return { ok: true, dialect: { delimiter: '\t', newline } };

  const sample = text.slice(0, SAMPLE_CHARS);
  // The header is the first line with content: leading blank lines say nothing about the delimiter.
  const firstLine = sample.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  if (!DELIMITERS.some((d) => firstLine.includes(d))) return { ok: true, dialect: { delimiter: ',', newline } };

  const guess = Papa.parse(sample, { preview: 10, newline, skipEmptyLines: 'greedy', delimitersToGuess: [...DELIMITERS] });
  if (guess.errors.some((e) => e.code === 'UndetectableDelimiter')) {
    // Ragged first rows can defeat the guess; a header that uses just one candidate still settles it.
    const inHeader = DELIMITERS.filter((d) => firstLine.includes(d));
    if (inHeader.length === 1) return { ok: true, dialect: { delimiter: inHeader[0], newline } };
    return {
      ok: false,
      reason: 'Could not detect the delimiter: the first rows split differently with , ; tab and |. Set "delimiter" in the contract in .loadline.json.',
    };
  }
  return { ok: true, dialect: { delimiter: guess.meta.delimiter, newline } };
}

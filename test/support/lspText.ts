import fc from 'fast-check';

/**
 * The client's side of an open document, as LSP defines it: a plain string, lines ending at `\r\n`, `\n` or
 * `\r`, positions in UTF-16 units, a character past the line's end meaning its end.
 */
export type Position = { line: number; character: number };
export type Range = { start: Position; end: Position };

/** Each line's start offset and its length without the line break. */
export function linesOf(text: string): { start: number; length: number }[] {
  const lines: { start: number; length: number }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    lines.push({ start, length: m.index - start });
    start = m.index + m[0].length;
  }
  lines.push({ start, length: text.length - start });
  return lines;
}

export function offsetAt(text: string, { line, character }: Position): number {
  const lines = linesOf(text);
  if (line >= lines.length) return text.length;
  return lines[line].start + Math.min(character, lines[line].length);
}

export function applyEdit(text: string, range: Range, newText: string): string {
  return text.slice(0, offsetAt(text, range.start)) + newText + text.slice(offsetAt(text, range.end));
}

/** A piece of CSV-ish text in which CR and LF come alone as often as together. */
export const crlfText = (maxLength: number) => fc.string({ unit: fc.constantFrom('a', ',', '1', '\n', '\r', '\r\n'), maxLength });

/** An edit as seeds: `range` picks two valid positions of whatever text it meets, start before end. */
export const crlfEdit = fc.record({ from: fc.tuple(fc.nat(), fc.nat()), to: fc.tuple(fc.nat(), fc.nat()), text: crlfText(4) });

/** The range that an edit's seeds pick in `text`: positions on real lines, within their lengths. */
export function rangeIn(text: string, { from, to }: { from: [number, number]; to: [number, number] }): Range {
  const lines = linesOf(text);
  const pick = ([l, c]: [number, number]): Position => {
    const line = l % lines.length;
    return { line, character: c % (lines[line].length + 1) };
  };
  const [a, b] = [pick(from), pick(to)];
  const ordered = a.line < b.line || (a.line === b.line && a.character <= b.character);
  return ordered ? { start: a, end: b } : { start: b, end: a };
}

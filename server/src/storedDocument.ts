import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

/** Past this many pieces an edit joins them: finding an offset walks the pieces, and a storm of edits adds two each. */
const MAX_PIECES = 64;

const CR = 13;
const LF = 10;
const isEol = (code: number) => code === CR || code === LF;

/**
 * An open document's text, edited without copying it. `vscode-languageserver-textdocument` rebuilds the whole text on
 * each edit (and reading a character of a joined string copies it again): 40 ms an edit for a 4 MB document on a
 * busy machine, on the server's main thread, where the other documents' messages wait. Here an edit splits the text
 * into pieces (slices share the text's memory) and updates the line starts around it; the text is joined once, when
 * it is read. Line starts follow LSP: `\r\n` is one line break, `\r` and `\n` alone are one each, whatever the order
 * in which edits brought them together. Offsets and positions are clamped as that library clamps them.
 */
export class StoredDocument implements TextDocument {
  private pieces: string[];
  private length: number;
  /** Where each line starts; counted on the first ranged edit or position asked for. */
  private starts?: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.pieces = [text];
    this.length = text.length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0];
  }

  get lineCount(): number {
    return this.lines().length;
  }

  /** The text's length, without joining its pieces or counting its lines. */
  get size(): number {
    return this.length;
  }

  /**
   * The first line, without its break, read without counting the lines: a document just opened has not counted
   * them, and for 10 M short rows that took 1.3 s of the main thread, where another document's check waited.
   */
  firstLine(): string {
    const parts: string[] = [];
    for (const piece of this.pieces) {
      const end = piece.search(/\r|\n/);
      if (end >= 0) return parts.concat(piece.slice(0, end)).join('');
      parts.push(piece);
    }
    return parts.join('');
  }

  offsetAt({ line, character }: Position): number {
    const starts = this.lines();
    if (line >= starts.length) return this.length;
    if (line < 0) return 0;
    const start = starts[line];
    if (character <= 0) return start;
    const next = line + 1 < starts.length ? starts[line + 1] : this.length;
    return this.beforeEol(Math.min(start + character, next), start);
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.length), 0);
    const starts = this.lines();
    const line = lastAtOrBefore(starts, at);
    return { line, character: this.beforeEol(at, starts[line]) - starts[line] };
  }

  /** The whole text replaced. */
  replace(text: string): void {
    this.pieces = [text];
    this.length = text.length;
    this.starts = undefined;
  }

  /** `text` in place of `range`, a well-formed range (start before end) checked by the caller. */
  edit(range: Range, text: string): void {
    const starts = this.lines();
    const start = this.offsetAt(range.start);
    const end = Math.max(start, this.offsetAt(range.end));
    // Whether a position starts a line depends on the characters either side of it: only positions from `start`
    // to the end of the new text can change, and the old ones from `start` to `end` make way for them.
    const before = start > 0 ? this.charAt(start - 1) : -1;
    const after = end < this.length ? this.charAt(end) : -1;
    const added: number[] = [];
    for (let p = start; p <= start + text.length; p++) {
      const previous = p === start ? before : text.charCodeAt(p - start - 1);
      const next = p < start + text.length ? text.charCodeAt(p - start) : after;
      if (p === 0 || previous === LF || (previous === CR && next !== LF)) added.push(p);
    }
    const from = firstAtOrAfter(starts, start);
    const to = firstAtOrAfter(starts, end + 1);
    const shift = text.length - (end - start);
    // A spread of a long list would overflow the stack.
    if (added.length < 10_000) starts.splice(from, to - from, ...added);
    else this.starts = starts.slice(0, from).concat(added, starts.slice(to));
    const lines = this.starts!;
    if (shift !== 0) for (let i = from + added.length; i < lines.length; i++) lines[i] += shift;
    this.splice(start, end, text);
  }

  private lines(): number[] {
    this.starts ??= lineStarts(this.getText());
    return this.starts;
  }

  /** The text between two offsets, in either order, without joining the whole text. */
  private slice(from: number, to: number): string {
    const [start, end] = from <= to ? [from, to] : [to, from];
    const parts: string[] = [];
    let offset = 0;
    for (const piece of this.pieces) {
      if (offset < end && offset + piece.length > start) parts.push(piece.substring(start - offset, end - offset));
      offset += piece.length;
    }
    return parts.join('');
  }

  /** Back from `offset` to before the line break, never before `lineStart`. */
  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart && isEol(this.charAt(offset - 1))) offset--;
    return offset;
  }

  private charAt(offset: number): number {
    let at = offset;
    for (const piece of this.pieces) {
      if (at < piece.length) return piece.charCodeAt(at);
      at -= piece.length;
    }
    return -1;
  }

  /** The pieces with `text` in place of the offsets from `start` to `end`. */
  private splice(start: number, end: number, text: string): void {
    const left: string[] = [];
    const right: string[] = [];
    let offset = 0;
    for (const piece of this.pieces) {
      const pieceEnd = offset + piece.length;
      if (offset < start) left.push(pieceEnd <= start ? piece : piece.substring(0, start - offset));
      if (pieceEnd > end) right.push(offset >= end ? piece : piece.substring(end - offset));
      offset = pieceEnd;
    }
    const pieces = [...left, text, ...right].filter((piece) => piece.length > 0);
    this.length += text.length - (end - start);
    this.pieces = pieces.length === 0 ? [''] : pieces.length > MAX_PIECES ? [pieces.join('')] : pieces;
  }
}

/** Where each line of `text` starts, found by the engine's search for each kind of break: a loop over each character
 * took 100 ms for 4 MB. */
function lineStarts(text: string): number[] {
  const starts = [0];
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while (cr !== -1 || lf !== -1) {
    const next = cr !== -1 && (lf === -1 || cr < lf) ? cr + (lf === cr + 1 ? 2 : 1) : lf + 1;
    starts.push(next);
    if (cr !== -1 && cr < next) cr = text.indexOf('\r', next);
    if (lf !== -1 && lf < next) lf = text.indexOf('\n', next);
  }
  return starts;
}

/** The last index whose value is at most `value` (values ascending from 0). */
function lastAtOrBefore(values: number[], value: number): number {
  return firstAtOrAfter(values, value + 1) - 1;
}

/** The first index whose value is at least `value`, or the length. */
function firstAtOrAfter(values: number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

import { Position } from '../problem';

/**
 * Turns offsets into positions by jumping from line break to line break forward from the last query,
 * so a pass that asks in increasing order scans the text once, natively.
 * Lines end at \n, \r\n or a lone \r, as editors count them.
 */
export class LineCursor {
  private offset = 0;
  private line = 0;
  private lineStart = 0;
  /** Next \n and \r at or after `offset`; -1 when there is none, -2 when not yet searched. */
  private nextLf = -2;
  private nextCr = -2;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: Math.max(Math.min(offset, this.text.length) - this.lineStart, 0) };
  }

  /** The line alone, without allocating a Position: the engine asks it for every row of a unique column. */
  lineAt(offset: number): number {
    if (offset < this.offset) {
      // An earlier offset on the current line (problems of one row found out of order) costs nothing;
      // only a jump to an earlier line rescans, so a pass over a file stays linear.
      if (offset >= this.lineStart) return this.line;
      this.rewind();
    }
    const text = this.text;
    const end = Math.min(offset, text.length);
    for (;;) {
      if (this.nextLf !== -1 && this.nextLf < this.offset) this.nextLf = text.indexOf('\n', this.offset);
      if (this.nextCr !== -1 && this.nextCr < this.offset) this.nextCr = text.indexOf('\r', this.offset);
      const lineBreak = this.nextCr === -1 || (this.nextLf !== -1 && this.nextLf < this.nextCr) ? this.nextLf : this.nextCr;
      if (lineBreak === -1 || lineBreak >= end) break;
      const next = text.charCodeAt(lineBreak) === 13 && text.charCodeAt(lineBreak + 1) === 10 ? lineBreak + 2 : lineBreak + 1;
      this.line++;
      this.lineStart = next;
      this.offset = next;
    }
    this.offset = Math.max(this.offset, end);
    return this.line;
  }

  private rewind(): void {
    this.offset = 0;
    this.line = 0;
    this.lineStart = 0;
    this.nextLf = -2;
    this.nextCr = -2;
  }
}

/** Where the line holding `from` ends (its line break, or the end of the text). */
export function lineEndAt(text: string, from: number): number {
  const lineBreak = /\r|\n/g;
  lineBreak.lastIndex = from;
  return lineBreak.exec(text)?.index ?? text.length;
}

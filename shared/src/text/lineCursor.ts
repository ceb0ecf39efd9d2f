import { Position } from '../problem';

/**
 * Turns offsets into positions by counting line breaks forward from the last query, so a pass that
 * asks in increasing order scans the text once and clean rows cost nothing.
 * Lines end at \n, \r\n or a lone \r, as editors count them.
 */
export class LineCursor {
  private offset = 0;
  private line = 0;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 0;
      this.lineStart = 0;
    }
    const text = this.text;
    const end = Math.min(offset, text.length);
    for (let i = this.offset; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        this.line++;
        this.lineStart = i + 1;
      } else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.offset = Math.max(this.offset, end);
    return { line: this.line, character: end - this.lineStart };
  }
}

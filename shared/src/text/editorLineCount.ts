/**
 * Counts line breaks as editors do (\n, \r\n and a lone \r each one) in a text read in pieces: a \r that ends a piece
 * waits for the next piece's first character, so that a \r\n cut between two reads counts once, with its \n.
 */
export class EditorLineCount {
  private pendingCr = false;
  /** A \r that ended a piece was counted (settle): a \n that begins the next piece is its \r\n, not a line break more. */
  private crCounted = false;

  /** The line breaks that end in text[from, to) of the piece `text`. */
  count(text: string, from: number, to: number): number {
    let lines = 0;
    let lfFrom = from;
    if ((this.pendingCr || this.crCounted) && from < to) {
      if (text.charCodeAt(from) !== 10) lines += this.pendingCr ? 1 : 0;
      else if (this.crCounted) lfFrom = from + 1;
      this.pendingCr = false;
      this.crCounted = false;
    }
    for (let i = text.indexOf('\n', lfFrom); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) lines++;
    for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) {
      if (i + 1 === text.length) this.pendingCr = true;
      else if (text.charCodeAt(i + 1) !== 10) lines++;
    }
    return lines;
  }

  /**
   * At a record break that ends the piece read so far (a \r file's records end at its \r): the \r waiting there is
   * a line break now (1), and a \n that begins the next piece is then not counted again.
   */
  settle(): number {
    if (!this.pendingCr) return 0;
    this.pendingCr = false;
    this.crCounted = true;
    return 1;
  }

  /** The \r that ended the last piece, when no piece follows: a line break (1), or none was waiting (0). */
  end(): number {
    const waiting = this.pendingCr ? 1 : 0;
    this.pendingCr = false;
    return waiting;
  }
}

/**
 * Cuts a stream of text into segments that end at record boundaries, so that each can be parsed on its own:
 * after a line break outside quotes (an even count of `"` since the start; `""` inside a quoted field counts
 * twice). A quote that never closes would keep the rest of the file in one segment; past `maxPending`
 * characters the segment is cut at the last line break anyway, and the parser then reports the unclosed quote.
 */
export class RecordSplitter {
  private pending = '';
  /** Quote parity at the end of what has been scanned, and how far `pending` has been scanned. */
  private inQuotes = false;
  private scanned = 0;
  private lastBreak = -1;
  private lastBreakInQuotes = -1;

  /** 16 Mi characters, as long as a load's longest record: with 64 Mi, a 329 MB file with a quote left open on row 6 peaked at 714 MB (252 MB now). */
  constructor(private readonly maxPending = 16 * 1024 * 1024) {}

  /** Adds text; returns the segment now complete, or undefined. */
  push(chunk: string): string | undefined {
    this.pending += chunk;
    this.scan();
    const forced = this.lastBreak === -1 && this.pending.length > this.maxPending;
    const cut = forced ? this.lastBreakInQuotes : this.lastBreak;
    if (cut === -1) return undefined;
    const segment = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    this.scanned = 0;
    this.lastBreak = -1;
    this.lastBreakInQuotes = -1;
    // After a forced cut the parser starts the rest outside quotes; so does the count.
    this.inQuotes = false;
    if (!forced) return segment;
    this.scan();
    return segment;
  }

  /** The rest of the text, at the end of the stream. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /**
   * Finds the last line break outside quotes, jumping from quote to quote. The next \n and \r are tracked
   * forward, so that a backward search only runs where a line break is known to be: a long line full of quotes
   * (hostile or not) stays linear.
   */
  private scan(): void {
    const text = this.pending;
    let i = this.scanned;
    let nextLf = text.indexOf('\n', i);
    let nextCr = text.indexOf('\r', i);
    for (;;) {
      const quote = text.indexOf('"', i);
      const limit = quote === -1 ? text.length : quote;
      if (nextLf !== -1 && nextLf < i) nextLf = text.indexOf('\n', i);
      if (nextCr !== -1 && nextCr < i) nextCr = text.indexOf('\r', i);
      const lineBreak = lastBreakBefore(text, i, limit, nextLf !== -1 && nextLf < limit, nextCr !== -1 && nextCr < limit - 1);
      if (lineBreak !== -1) {
        if (this.inQuotes) this.lastBreakInQuotes = lineBreak;
        else this.lastBreak = lineBreak;
      }
      if (quote === -1) break;
      this.inQuotes = !this.inQuotes;
      i = quote + 1;
    }
    this.scanned = text.length;
  }
}

/**
 * The offset just past the last line break in text[from, limit), or -1. A \r right before `limit` is left
 * out: it may be the first half of a \r\n that the next chunk completes. `hasLf` and `hasCr` say whether the
 * range holds one (a \r before `limit - 1`), so that neither backward search runs past `from`.
 */
function lastBreakBefore(text: string, from: number, limit: number, hasLf: boolean, hasCr: boolean): number {
  const lf = hasLf ? text.lastIndexOf('\n', limit - 1) : -1;
  const cr = hasCr && limit - 2 >= from ? text.lastIndexOf('\r', limit - 2) : -1;
  const at = Math.max(lf, cr !== -1 && text.charCodeAt(cr + 1) !== 10 ? cr : -1);
  return at >= from ? at + 1 : -1;
}

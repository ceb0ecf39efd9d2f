export const QUOTE = 34;
export const LF = 10;
export const CR = 13;

export const enum State {
  /** At the start of a field: a quote here opens a quoted field. */
  FieldStart,
  /** In a field that did not start with a quote: quotes in it are text (an inch mark: 55" screen). */
  Unquoted,
  Quoted,
  /** Just past a quote inside a quoted field. */
  AfterQuote,
  /** Past a quote and whitespace: a delimiter or a line break now closes the field. */
  AfterQuoteSpace,
}

/** String.trim's whitespace (Unicode's too: a no-break space), which papaparse allows between a closing quote and the delimiter or line break. */
export const isTrimmed = (code: number) => code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));

/** No line break looked for yet in this scan. */
const UNKNOWN = -2;

/**
 * Where papaparse ends records, found without parsing them, for cutting a file into pieces that papaparse then
 * reads as it would read the whole: a quote opens a field only at its start, a quoted field closes at a quote
 * followed (after optional whitespace) by the delimiter or the line break, `""` is a quote, and any other quote
 * in a quoted field is text (papaparse reports it and reads on). Text goes in as strings in any number of
 * pieces: a file's bytes read as Latin-1 (one character a byte) give the same breaks as its UTF-8 text, since
 * every character that matters is ASCII (but for a no-break space between a closing quote and the delimiter,
 * which papaparse also trims: byte 0xA0 is one in Windows-1252, and in UTF-8 never follows a quote or a space).
 * test/unit/recordBreaks.test.ts holds it to papaparse's own reading.
 */
export class RecordBreaks {
  private state = State.FieldStart;
  /** The state before a \r that may begin a \r\n (newline "\r\n" only), or -1. */
  private beforeCr = -1;
  private readonly delimiter: number;
  private readonly newline: number;
  private readonly crlf: boolean;
  /** The next line break in the text being scanned, at or after where it was last looked for (-1: none). */
  private lineBreak = UNKNOWN;

  constructor(delimiter: string, newline: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.crlf = newline === '\r\n';
    // A \r\n file breaks only at \r\n (beforeCr); a lone \n in it is text.
    this.newline = newline === '\r' ? CR : newline === '\n' ? LF : -1;
  }

  /** Whitespace that is neither the delimiter (a tab) nor the line break (nor the \r that may begin one). */
  private isSpace(code: number): boolean {
    return isTrimmed(code) && code !== this.delimiter && code !== this.newline && !(this.crlf && code === CR);
  }

  /** Whether the text so far ends inside a quoted field. */
  get inQuotes(): boolean {
    return this.state === State.Quoted || this.state === State.AfterQuote || this.state === State.AfterQuoteSpace;
  }

  /** Starts again at a record's start, outside quotes (a piece cut off by force). */
  reset(): void {
    this.state = State.FieldStart;
    this.beforeCr = -1;
  }

  /** Calls `onBreak` with the offset just past each record break in text[from, to). */
  scan(text: string, from: number, to: number, onBreak: (end: number) => void): void {
    this.lineBreak = UNKNOWN;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (this.beforeCr !== -1) {
        const before = this.beforeCr as State;
        this.beforeCr = -1;
        if (code === LF) {
          this.state = State.FieldStart;
          onBreak(i + 1);
          continue;
        }
        // A lone \r is text in an unquoted field, and whitespace after a quote (papaparse trims it).
        this.state = before === State.FieldStart || before === State.Unquoted ? State.Unquoted : State.AfterQuoteSpace;
      }
      if (this.state === State.FieldStart || this.state === State.Unquoted) {
        i = this.skipUnquoted(text, i, to, onBreak) - 1;
        continue;
      }
      switch (this.state) {
        case State.Quoted: {
          // Jump to the next quote: a quoted field's content is the long part.
          const quote = text.indexOf('"', i);
          if (quote === -1 || quote >= to) return;
          i = quote;
          this.state = State.AfterQuote;
          continue;
        }
        case State.AfterQuote:
          if (code === QUOTE) {
            this.state = State.Quoted;
            continue;
          }
          if (this.isSpace(code)) {
            this.state = State.AfterQuoteSpace;
            continue;
          }
          break;
        case State.AfterQuoteSpace:
          if (this.isSpace(code)) continue;
          // The quote before the spaces was text; this one may close the field.
          if (code === QUOTE) {
            this.state = State.AfterQuote;
            continue;
          }
          break;
      }
      // Just past a closing quote: a delimiter or a line break ends the field.
      if (code === this.delimiter) {
        this.state = State.FieldStart;
        continue;
      }
      if (this.crlf && code === CR) {
        this.beforeCr = this.state;
        continue;
      }
      if (code === this.newline) {
        this.state = State.FieldStart;
        onBreak(i + 1);
        continue;
      }
      // Anything else makes that quote text: the field reads on.
      this.state = State.Quoted;
    }
  }

  /**
   * Outside quotes, from `i` (FieldStart or Unquoted): jumps from line break to line break, and stops at a quote
   * that opens a field (at its start: after the delimiter, a line break, or where a field started). A quote inside
   * an unquoted field is text. Returns where the character-by-character reading goes on (`to` at the end).
   */
  private skipUnquoted(text: string, from: number, to: number, onBreak: (end: number) => void): number {
    const newline = this.crlf ? '\r\n' : this.newline === CR ? '\r' : '\n';
    let i = from;
    // Found once: in a file without quotes, searching again at every line break would read the rest each time.
    const quote = text.indexOf('"', i);
    for (;;) {
      // Found again only once passed: a long line full of quotes would otherwise be searched to its end at each one.
      if (this.lineBreak === UNKNOWN || (this.lineBreak !== -1 && this.lineBreak < i)) this.lineBreak = text.indexOf(newline, i);
      const lineBreak = this.lineBreak;
      if (lineBreak !== -1 && lineBreak + newline.length <= to && (quote === -1 || lineBreak < quote)) {
        i = lineBreak + newline.length;
        this.state = State.FieldStart;
        onBreak(i);
        continue;
      }
      if (quote !== -1 && quote < to) {
        const atStart = quote === i ? this.state === State.FieldStart : text.charCodeAt(quote - 1) === this.delimiter;
        this.state = atStart ? State.Quoted : State.Unquoted;
        return quote + 1;
      }
      // The rest of the piece is text: what its end leaves open for the next piece.
      if (to > i) {
        const last = text.charCodeAt(to - 1);
        if (this.crlf && last === CR) {
          this.beforeCr = to - 1 > i && text.charCodeAt(to - 2) === this.delimiter ? State.FieldStart : State.Unquoted;
          if (to - 1 === i) this.beforeCr = this.state;
        } else this.state = last === this.delimiter ? State.FieldStart : State.Unquoted;
      }
      return to;
    }
  }
}

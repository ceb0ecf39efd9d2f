import { parseRows, QUOTE, RecordDialect } from '../parseRecords';

/** What checking a text's rows whole asks of the checker. */
export interface WholeRowSteps {
  /** Takes a row that it can check without its position, and says so (a blank row, a row that passes). */
  quick(cells: string[]): boolean;
  /** Checks a row of text[start, next) that needs its position (a problem's). */
  handle(cells: string[], start: number, next: number): void;
}

/**
 * Checks the records of `text`, which starts at one, from one papaparse call rather than one callback per record:
 * a row goes to `handle` with its span only when `quick` cannot take it. Returns what parseRecords would, or
 * undefined, having checked nothing, when papaparse reported a quote error: such a text is checked record by
 * record, as papaparse's offsets tell where a malformed field goes wrong.
 */
export function checkWholeRows(text: string, dialect: RecordDialect, completeOnly: boolean, steps: WholeRowSteps): number | undefined {
  const { rows, quoteError, end } = parseRows(text, dialect, completeOnly);
  if (quoteError) return undefined;
  let spans: RowSpans | undefined;
  for (let k = 0; k < rows.length; k++) {
    const cells = rows[k];
    if (steps.quick(cells)) continue;
    spans ??= new RowSpans(text, rows, dialect.newline);
    spans.seek(k);
    steps.handle(cells, spans.start, spans.next);
  }
  return end;
}

/**
 * Where the rows of a text parsed whole lie (without a quote error), worked out from their cells for the rows asked
 * for, in increasing order. In such a parse every character of a record but its quotes, delimiters and spaces after
 * a closing quote is in a cell, so a record holds as many line breaks as its cells do, and ends at the next one.
 * One with no quote before its first line break has no quoted cell, hence none: it ends there, found by one search.
 */
class RowSpans {
  /** The row sought last: where it starts, and where it ends, past its line break (or the end of the text). */
  start = 0;
  next = 0;
  /** The first row not sought yet, and where it starts. */
  private row = 0;
  private rowStart = 0;
  /** The first quote at or after where a row was last ended from; -2 before it is searched. */
  private quoteAt = -2;

  constructor(
    private readonly text: string,
    private readonly rows: string[][],
    private readonly newline: string,
  ) {}

  /** Moves to row `k`, past the last one sought: sets `start` and `next`. */
  seek(k: number): void {
    while (this.row < k) this.rowStart = this.endOf(this.rows[this.row++], this.rowStart);
    this.start = this.rowStart;
    this.next = this.endOf(this.rows[k], this.start);
    this.row = k + 1;
    this.rowStart = this.next;
  }

  /** Where the row of `cells` that starts at `from` ends, past its line break. */
  private endOf(cells: string[], from: number): number {
    const { text, newline } = this;
    if (this.quoteAt !== -1 && this.quoteAt < from) this.quoteAt = text.indexOf(QUOTE, from);
    let at = text.indexOf(newline, from);
    if (at !== -1 && this.quoteAt !== -1 && this.quoteAt < at) {
      for (let c = 0; c < cells.length; c++) {
        for (let inCell = cells[c].indexOf(newline); inCell !== -1 && at !== -1; inCell = cells[c].indexOf(newline, inCell + newline.length))
          at = text.indexOf(newline, at + newline.length);
      }
    }
    return at === -1 ? text.length : at + newline.length;
  }
}

import { SAMPLE_CHARS } from '../dialect';
import { CsvChecker } from './validateCsv';

/** 16 Mi characters, as long as a load's longest record: with 64 Mi, a 329 MB file with a quote left open on row 6 peaked at 714 MB (252 MB now). */
const MAX_PENDING = 16 * 1024 * 1024;

/**
 * Feeds a stream of text to a CsvChecker in bounded memory, as `loadline validate` reads a file: each piece is
 * parsed once, papaparse stopping at the last record the text so far completes (CsvChecker.feedComplete), and
 * the rest waits for the next piece. Nothing is fed before the text holds the first `headChars` characters and
 * a line break, so that the checker finds the dialect in them. A quote that never closes would hold the rest
 * of the text: past `maxPending` characters it is fed up to its last line break anyway (the checker reports
 * the unclosed quote there and stops).
 */
export class CheckStream {
  private pending = '';
  private started = false;
  /** Whether the text holds a line break, and how far it was searched for one, before the first feed. */
  private newlineSeen = false;
  private searched = 0;
  /** How long the pending text was when it was last fed and held no record's end (0: it held one). */
  private fruitless = 0;
  private readonly headLength: number;

  constructor(
    private readonly checker: CsvChecker,
    headChars = SAMPLE_CHARS,
    private readonly maxPending = MAX_PENDING,
  ) {
    // One more for a byte order mark.
    this.headLength = headChars + 1;
  }

  /** A piece of a stream of text, as decoded (a file in UTF-16): it is joined to the text left unchecked before it. */
  push(chunk: string): void {
    const text = this.pending + chunk;
    this.pending = text.slice(this.take(text));
  }

  /**
   * The text not checked yet, from where the last `take` stopped, grown since: checks the records it completes and
   * returns how many of its characters they span (the caller gives the rest again, with more). A caller that holds
   * the bytes decodes them again into one flat string (FileFeeder): papaparse read a string joined from two pieces
   * (push) some 40% slower.
   */
  take(text: string): number {
    if (!this.started) {
      if (!this.holdsHead(text)) return 0;
      this.started = true;
    }
    // Each try parses the whole pending text: after one that found no record's end, the next waits until the text
    // has doubled (or passed maxPending), so that a record of any length costs a linear time, not a square.
    if (text.length < 2 * this.fruitless && !(text.length > this.maxPending && this.fruitless <= this.maxPending)) return 0;
    // A \r at the end may begin a \r\n: it waits for its \n, or the end.
    const whole = text.charCodeAt(text.length - 1) !== 13;
    const done = this.checker.feedComplete(whole ? text : text.slice(0, -1));
    if (done > 0) {
      this.fruitless = 0;
      return done;
    }
    this.fruitless = text.length;
    if (text.length <= this.maxPending) return 0;
    const newline = this.checker.newline ?? '\n';
    const at = text.lastIndexOf(newline);
    if (at === -1) return 0;
    this.checker.feed(text.slice(0, at + newline.length));
    this.fruitless = 0;
    return at + newline.length;
  }

  /** The rest of the text, at the end of the stream: what `push` holds, or what `take` left of the last text given. */
  end(rest = this.pending): void {
    if (rest !== '') this.checker.feed(rest);
    this.pending = '';
  }

  /** Whether the text holds the head, and a line break whose kind is known (a \r at the end may begin a \r\n). */
  private holdsHead(text: string): boolean {
    if (!this.newlineSeen) {
      const from = Math.max(this.searched - 1, 0);
      const cr = text.indexOf('\r', from);
      this.newlineSeen = text.indexOf('\n', from) !== -1 || (cr !== -1 && cr < text.length - 1);
      this.searched = text.length;
    }
    return this.newlineSeen && text.length >= this.headLength;
  }
}

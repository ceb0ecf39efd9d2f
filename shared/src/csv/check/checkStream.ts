import { MAX_LINE_BYTES } from '../../text/lineLimit';
import { SAMPLE_CHARS } from '../dialect';
import type { TextSink } from '../fileFeeder';
import { CsvChecker } from './validateCsv';

/**
 * Feeds a stream of text to a CsvChecker in bounded memory, as `loadline validate` reads a file: each piece is
 * parsed once, papaparse stopping at the last record the text so far completes (CsvChecker.feedComplete), and
 * the rest waits for the next piece. Nothing is fed before the text holds the first `headChars` characters and
 * a line break, so that the checker finds the dialect in them. Text decoded from bytes (FileFeeder) has a record
 * longer than a record may have passed over by the feeder (`skip`); text pushed (UTF-16) that holds no record's end
 * past `maxPending` characters (16 Mi: with 64 Mi, a 329 MB file with a quote left open on row 6 peaked at 714 MB,
 * 252 MB with 16) is fed up to its last line break anyway (the checker reports the unclosed quote there and stops).
 */
export class CheckStream implements TextSink {
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
    private readonly maxPending = MAX_LINE_BYTES,
  ) {
    // One more for a byte order mark.
    this.headLength = headChars + 1;
  }

  /** A piece of a stream of text, as decoded (a file in UTF-16): it is joined to the text left unchecked before it. */
  push(chunk: string): void {
    const text = this.pending + chunk;
    let done = this.take(text);
    if (done === 0 && this.fruitless === text.length && text.length > this.maxPending) done = this.feedToLastBreak(text);
    this.pending = text.slice(done);
  }

  /**
   * The text not checked yet, from where the last `take` stopped, grown since: checks the records it completes and
   * returns how many of its characters they span (the caller gives the rest again, with more). A caller that holds
   * the bytes decodes them again into one flat string (FileFeeder): papaparse read a string joined from two pieces
   * (push) some 40% slower.
   */
  take(text: string, now = false): number {
    if (!this.started) {
      if (!this.holdsHead(text)) return 0;
      this.started = true;
    }
    if (!now && this.waits(text.length)) return 0;
    // A \r at the end may begin a \r\n: it waits for its \n, or the end.
    const whole = text.charCodeAt(text.length - 1) !== 13;
    const done = this.checker.feedComplete(whole ? text : text.slice(0, -1));
    if (done > 0) {
      this.fruitless = 0;
      return done;
    }
    this.fruitless = text.length;
    return 0;
  }

  /**
   * Whether a text of `length` characters (or fewer) would wait for more, unparsed: each try parses the whole pending
   * text, so after one that found no record's end the next waits until the text has doubled (or passed maxPending),
   * and a record of any length costs a linear time, not a square.
   */
  waits(length: number): boolean {
    return this.started && length < 2 * this.fruitless && !(length > this.maxPending && this.fruitless <= this.maxPending);
  }

  /** The dialect once the checker found it: the feeder passes over a record too long in its terms. */
  dialect(): { delimiter: string; newline: string } | undefined {
    return this.checker.dialectFound;
  }

  /** A record too long to read, passed over by the feeder from where the last `take` stopped. */
  skip(start: string, lines: number, bytes: number, unclosed: boolean): void {
    this.checker.skipRecord(start, lines, bytes, unclosed);
    this.fruitless = 0;
  }

  /** Text past maxPending that holds no record's end: fed up to its last line break, where the checker finds the quote unclosed. */
  private feedToLastBreak(text: string): number {
    const newline = this.checker.dialectFound?.newline ?? '\n';
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

import { collectRecords, CurrentRecord } from './currentRecord';
import { ParsedRecord } from '../parseRecords';
import { ProblemSink } from './problemSink';
import { RecordMemo, RememberedCheck, RememberedRecord, commonEnds, detachedKey } from './recordMemo';
import { RecordRules } from './recordRules';

/** What the incremental check asks of the checker it serves. */
export interface CheckerSteps {
  /** Parses text[from, to), which starts at a record, and checks each record in it. */
  parseRange(from: number, to: number): void;
  /** Checks one parsed record of text[start, next). */
  handleRecord(cells: string[], quoteError: ParsedRecord['quoteError'], start: number, next: number): void;
  /** What a record's own problems depend on besides its text and the header. */
  context(): string;
  header(): string[] | undefined;
  /** The rules bound to the header (there is one by the time a record is replayed). */
  rules(): RecordRules | undefined;
  /** A data record was checked without being parsed. */
  countRecord(): void;
}

/** The most changed text whose records are held before they are checked (see checkAfter). */
const MAX_WINDOW = 1 << 20;

/**
 * The glue between a check and the document's RecordMemo: it remembers what each record gave, and checks a
 * text with the document's last check to build on, so that only the records an edit changed are parsed.
 */
export class IncrementalCheck {
  constructor(
    private readonly memo: RecordMemo,
    private readonly steps: CheckerSteps,
    private readonly sink: ProblemSink,
    private readonly record: CurrentRecord,
  ) {}

  /** The check of a text starts: the last check to build on, when offsets in `parsed` are `body`'s too. */
  begin(parsed: string, body: string): RememberedCheck | undefined {
    const previous = parsed === body ? this.memo.previous : undefined;
    this.memo.begin(parsed);
    if (parsed !== body) this.memo.spoil();
    return previous;
  }

  /** This check cannot be built on (a quote error, a file fed in pieces, a failed check). */
  spoil(): void {
    this.memo.spoil();
  }

  /** The header is parsed: what the records' results depend on, and where they start. */
  header(row: string[], next: number): void {
    this.memo.header(this.signature(row), next);
  }

  end(): void {
    this.memo.end();
  }

  /** What a record's own problems depend on besides its text. */
  private signature(header: string[]): string {
    return this.steps.context() + JSON.stringify(header);
  }

  /** Checks the current record with the rules, and remembers what it gave. */
  check(rules: RecordRules, row: string[]): void {
    const shown = this.sink.count;
    const total = this.sink.total;
    rules.checkCells(row);
    // Problems past the cap are only counted: such a record is checked again next time.
    const problems = this.sink.total - total === this.sink.count - shown ? this.sink.since(shown) : undefined;
    const keys = rules.keys.map((key) => detachedKey(rules.checkKey(key, rules.keyOf(key))));
    const { start, next, row: at } = this.record;
    this.memo.add({ start, next, row: at, cells: row.length, keys, problems });
  }

  /**
   * Checks `text` with the last check of the same document to build on: the records before the first change
   * and after the last one are taken from it, only the text between is parsed (see RecordMemo).
   */
  checkAfter(previous: RememberedCheck, text: string): void {
    const { steps } = this;
    const { prefix, suffix } = commonEnds(previous.text, text);
    // The header must be the same, and must have been parsed the same way.
    if (prefix <= previous.headerNext || !previous.signature.startsWith(steps.context())) return steps.parseRange(0, text.length);
    steps.parseRange(0, previous.headerNext);
    const header = steps.header();
    if (!header || this.signature(header) !== previous.signature) return steps.parseRange(previous.headerNext, text.length);
    const records = previous.records;
    // A record that ends right where the texts part may go on in the new one: it is parsed again.
    let i = 0;
    while (i < records.length && records[i].next < prefix) this.replay(records[i++], 0, 0);
    const from = i > 0 ? records[i - 1].next : previous.headerNext;
    const shift = text.length - previous.text.length;
    let j = i;
    while (j < records.length && records[j].start < previous.text.length - suffix) j++;
    const to = j < records.length ? records[j].start + shift : text.length;
    // A large change (a paste, a replace-all) is parsed to the end as it comes, rather than held record by record.
    if (to - from > MAX_WINDOW) return steps.parseRange(from, text.length);
    // The text between is parsed alone; that is the whole file's parse only if it ends where a record did.
    const { delimiter, newline } = this.record;
    const window = collectRecords(text.slice(from, to), delimiter, newline);
    const last = window.at(-1);
    const endsRecord = to === text.length || (last !== undefined && last.nextRecordStart === to - from && text.startsWith(newline, to - newline.length));
    const fits = endsRecord && window.every((r) => !r.quoteError);
    if (!fits) return steps.parseRange(from, text.length);
    let start = from;
    for (const record of window) {
      steps.handleRecord(record.cells, record.quoteError, start, from + record.nextRecordStart);
      start = from + record.nextRecordStart;
    }
    if (j === records.length) return;
    const rowShift = this.sink.lineOf(to) + 1 - records[j].row;
    for (; j < records.length; j++) this.replay(records[j], shift, rowShift);
  }

  /** A record the last check saw, unchanged, `shift` characters and `rowShift` rows further on. */
  private replay(record: RememberedRecord, shift: number, rowShift: number): void {
    // Its problems name its row: when the row moved, the record is checked again.
    if (record.problems === undefined || (rowShift !== 0 && record.problems.length > 0))
      return this.steps.parseRange(record.start + shift, record.next + shift);
    const start = record.start + shift;
    const next = record.next + shift;
    const row = record.row + rowShift;
    this.record.at(start, next, undefined, record.cells, row);
    this.steps.countRecord();
    const { problems, keys } = record;
    for (let p = 0; p < problems.length; p++) this.sink.addProblem(problems[p]);
    const rules = this.steps.rules()!;
    for (let k = 0; k < keys.length; k++) rules.checkKey(rules.keys[k], keys[k]);
    const moved = shift === 0 && rowShift === 0 ? record : { start, next, row, cells: record.cells, keys, problems };
    this.memo.add(moved);
  }
}

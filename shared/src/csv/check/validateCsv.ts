import { contractKey } from '../../contract/contractKey';
import { Contract } from '../../contract/types';
import { Severity } from '../../problem';
import { lineEndAt } from '../../text/lineCursor';
import { tooLongReason } from '../../text/lineLimit';
import { CurrentRecord } from './currentRecord';
import { Dialect, detectDialect } from '../dialect';
import { BoundColumn, bindColumns, findMissingHeaders, headerLabels, HeaderLabels, missingHeaderMessage } from '../headers';
import { reportHeader } from './headerProblems';
import { IncrementalCheck } from './incrementalCheck';
import { withOneLineEnding } from '../lineEndings';
import { ParsedRecord, parseRecords, QUOTE, RecordDialect } from '../parseRecords';
import { ProblemReport, ProblemSink } from './problemSink';
import { checkWholeRows } from './wholeRows';
import { isBlankRow, RecordRules } from './recordRules';
import { ReferenceDigests } from './referenceDigests';
import { ReferenceRules, referenceRulesFor } from './referenceRules';
import type { CsvCheckOptions, KeySet } from './checkOptions';

export type { CheckedRecord, CsvCheckOptions, KeySet } from './checkOptions';

export interface CsvReport extends ProblemReport {
  delimiter?: string;
  /** Per foreign key of `referencing`, the rows' keys as the referenced fields' types (ReferenceDigests), in pieces in file order. */
  references?: Uint32Array[][];
}

export const DEFAULT_MAX_PROBLEMS = 1000;

const UNCLOSED_QUOTE = 'Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "';
const MALFORMED_QUOTE = 'Malformed quoted field: text follows the closing quote. Write a quote inside a quoted field as ""';

/** Checks CSV text against a contract (or only its structure when there is none): every problem up to the cap. */
export function validateCsv(text: string, contract: Contract | undefined, options: CsvCheckOptions = {}): CsvReport {
  const checker = new CsvChecker(contract, options);
  checker.feed(text);
  return checker.finish();
}

/**
 * The CSV engine. It takes the text in segments that each end at a record boundary (see recordBreaks), so that
 * a file of any size is checked in bounded memory, with positions that count from the file's start. One
 * papaparse pass; the header is checked here, each data record by RecordRules, and with a memo only the
 * records an edit changed (IncrementalCheck).
 */
export class CsvChecker {
  private readonly sink: ProblemSink;
  private readonly ragged: Severity | 'off';
  private readonly record: CurrentRecord;
  private dialect?: Dialect;
  private failed = false;
  private unterminated = false;
  private header?: string[];
  private bound: BoundColumn[] = [];
  private rules?: RecordRules;
  private references?: ReferenceRules;
  private readonly referenceLists?: ReferenceDigests;
  /** Set while the text is checked with the document's last check to build on (validateCsv's `memo`). */
  private incremental?: IncrementalCheck;
  private segments = 0;
  /** Whether text was checked already (a range past the file's start has begun): a BOM can only come first. */
  private begun = false;
  private bom = 0;
  private records = 0;
  /** The current record as written, without its line break (onCells' `text`: made once, not a closure a record). */
  private readonly recordText = () => this.record.body.slice(this.record.start, this.record.end);
  /** Whether rows can be checked whole here (checkWholeRows), and whether they are now: the header bound plain rules. */
  private readonly wholeRows: boolean;
  private quick = false;

  constructor(
    private readonly contract: Contract | undefined,
    private readonly options: CsvCheckOptions = {},
  ) {
    this.sink = new ProblemSink(options.onRecord ? Infinity : (options.maxProblems ?? DEFAULT_MAX_PROBLEMS), options.onProblems);
    this.record = new CurrentRecord(this.sink);
    this.ragged = options.raggedRows ?? 'warning';
    if (options.referencing) this.referenceLists = new ReferenceDigests(options.expectedRows);
    if (!options.onRecord && !options.continueFrom && options.memo && !options.referencing) {
      this.incremental = new IncrementalCheck(
        options.memo,
        {
          parseRange: (from, to) => this.parseRange(from, to),
          handleRecord: (cells, quoteError, start, next) => this.handleRecord(cells, quoteError, start, next),
          context: () => this.context(),
          header: () => this.header,
          rules: () => this.rules,
          countRecord: () => void this.records++,
        },
        this.sink,
        this.record,
      );
    }
    // Each of these wants every record's position (an ingest's row, a memo's record, a reference's or blank row's line).
    this.wholeRows = !options.onRecord && !this.incremental && !options.referencing && !options.onBlank && !options.perRecord;
    const from = options.continueFrom;
    if (from) {
      this.dialect = from.dialect;
      this.begun = true;
      this.sink.startAtLine(from.firstLine);
      this.bindHeader(from.header);
    }
  }

  /** The contract's columns bound to the header, with their index in the row, left to right. */
  get columns(): readonly BoundColumn[] {
    return this.bound;
  }

  /** The key rules bound to the header (the primary key only without onRecord), in the order of onRecord's `keys`. */
  get keySets(): KeySet[] {
    return (this.rules?.keys ?? []).map((k) => ({
      kind: k.kind,
      names: k.names,
      cell: k.kind === 'unique' ? this.bound[k.members[0]].index : -1,
      cells: k.members.map((m) => this.bound[m].index),
    }));
  }

  feed(segment: string): void {
    this.check(segment, false);
  }

  /**
   * Checks the records that `text` completes (it may stop inside one, as a piece of a stream does): returns how
   * many of its characters they span, from where the next text must start. One parse finds where they end.
   */
  feedComplete(text: string): number {
    return this.check(text, true);
  }

  /** The dialect, once the first text is fed. */
  get dialectFound(): Dialect | undefined {
    return this.dialect;
  }

  /** A record too long, passed over unread where the text fed stops: one problem at its start, as ingest rejects it (`unclosed`: the file ended in its quote). */
  skipRecord(start: string, lines: number, bytes: number, unclosed: boolean): void {
    this.incremental?.spoil();
    this.sink.flush();
    this.sink.beginSegment(start, 0);
    const message = unclosed ? UNCLOSED_QUOTE : tooLongReason('record', bytes);
    if (!this.failed && !this.unterminated) this.sink.add('invalid-csv', 'error', message, 0, lineEndAt(start, 0));
    this.unterminated ||= unclosed;
    this.sink.endSegment(0);
    this.sink.passLines(lines);
  }

  private check(segment: string, completeOnly: boolean): number {
    // The memo describes one whole text: a file fed in pieces is not remembered.
    if (++this.segments > 1 || completeOnly) this.incremental?.spoil();
    if (this.failed || this.unterminated) {
      this.sink.skipSegment(segment);
      return segment.length;
    }
    const first = !this.begun;
    const bom = first && segment.charCodeAt(0) === 0xfeff ? 1 : 0;
    // Positions count the BOM, as editors do: the parse runs on the body, the ranges on the text.
    const body = bom ? segment.slice(1) : segment;
    this.bom = bom;
    this.sink.beginSegment(segment, bom);
    if (this.dialect === undefined) {
      const detected = detectDialect(body, { delimiter: this.contract?.delimiter, fileName: this.options.fileName });
      if (!detected.ok) {
        this.failed = true;
        this.sink.add('invalid-csv', 'error', detected.reason, 0, lineEndAt(body, 0));
        this.sink.skipSegment('');
        return segment.length;
      }
      this.dialect = detected.dialect;
    }
    // An ingest keeps the cells as written (a \r before a \n in a \n file is the last cell's). A key-only read
    // (onCells) reads the lines as the check does, so that a foreign key's keys are the cells the check sees (hp15 01).
    const { text: parsed, newline } = this.options.onRecord
      ? { text: body, newline: this.dialect.newline }
      : withOneLineEnding(body, this.dialect.newline, this.dialect.delimiter);
    this.record.setText(body, parsed, newline, this.dialect.delimiter);
    // Offsets are the parsed text's: they must be the body's too for the memo's to mean anything.
    const previous = first && !completeOnly ? this.incremental?.begin(parsed, body) : undefined;
    if (!first && parsed !== body) this.incremental?.spoil();
    let done = parsed.length;
    if (previous) this.incremental!.checkAfter(previous, parsed);
    else done = this.parseRange(0, parsed.length, completeOnly);
    // Nothing complete yet: the same text comes again, longer (with its BOM).
    if (done === 0 && completeOnly) {
      this.sink.endSegment(0);
      return 0;
    }
    this.begun = true;
    this.sink.endSegment(bom + done);
    return bom + done;
  }

  /**
   * Parses text[from, to), which starts at a record, and checks each record in it: past the header of plain rules,
   * whole rows at a time (checkWholeRows), else record by record, stopping where the header binds plain rules.
   */
  private parseRange(from: number, to: number, completeOnly = false): number {
    const { parsed, newline } = this.record;
    const text = from === 0 && to === parsed.length ? parsed : parsed.slice(from, to);
    const dialect = { delimiter: this.dialect!.delimiter, newline };
    let at = 0;
    if (!this.quick) {
      // Only a header still to come can make rows quick: a bound typed one leaves the parse unasked.
      at = this.parseRecords(text, from, dialect, completeOnly, this.wholeRows && !this.header);
      if (!this.quick) return at;
    }
    const rest = at === 0 ? text : text.slice(at);
    if (this.options.onCells && rest.indexOf(QUOTE) === -1) return at + this.readPlainCells(rest, from + at, dialect, completeOnly);
    const done = checkWholeRows(rest, dialect, completeOnly, {
      quick: (cells) => !this.options.onCells && this.passesWhole(cells),
      handle: (cells, start, next) => this.handleRecord(cells, undefined, from + at + start, from + at + next),
    });
    return at + (done ?? this.parseRecords(rest, from + at, dialect, completeOnly, false));
  }

  /** Checks each record of `text`, which starts at offset `from`; `untilQuick`: stops once rows can be taken whole. */
  private parseRecords(text: string, from: number, dialect: RecordDialect, completeOnly: boolean, untilQuick: boolean): number {
    let start = from;
    return parseRecords(
      text,
      dialect,
      (record) => {
        const error = record.quoteError && {
          code: record.quoteError.code,
          index: record.quoteError.index === undefined ? undefined : record.quoteError.index + from,
        };
        this.handleRecord(record.cells, error, start, from + record.nextRecordStart);
        start = from + record.nextRecordStart;
      },
      completeOnly,
      untilQuick ? () => this.quick : undefined,
    );
  }

  /**
   * A key-only read (onCells) of `text`, which holds no quote and starts at offset `from`: papaparse would split it
   * at each newline and then at each delimiter (its fast mode), so it is split so here, a line at a time, without a
   * parse that holds every row at once nor a search for each row's span. Returns what parseRecords would.
   */
  private readPlainCells(text: string, from: number, dialect: RecordDialect, completeOnly: boolean): number {
    // papaparse reads no record in an empty text.
    if (text.length === 0) return 0;
    const { newline, delimiter } = dialect;
    // Where the newline is the only line break (editors also break at a lone \r, or a \n in a \r file), each line is
    // the next row: counted here rather than searched for.
    // A text made one newline (withOneLineEnding) has more line breaks than the editor's lines: rows are asked for.
    const other = newline === '\n' ? '\r' : newline === '\r' ? '\n' : undefined;
    const counted = other !== undefined && this.record.parsed === this.record.body && text.indexOf(other) === -1;
    let row = counted ? this.sink.lineOf(from) + 1 : -1;
    for (let start = 0; ;) {
      const lineBreak = text.indexOf(newline, start);
      // papaparse's ignoreLastRow: the text after the last line break waits for the next piece.
      if (lineBreak === -1 && completeOnly) return start;
      const end = lineBreak === -1 ? text.length : lineBreak;
      const next = end + (lineBreak === -1 ? 0 : newline.length);
      this.handleRecord(splitCells(text, start, end, delimiter), undefined, from + start, from + next, row);
      if (lineBreak === -1) return text.length;
      if (row !== -1) row++;
      start = next;
    }
  }

  /** A row taken whole: whether it was checked without its position (blank, or passing the plain rules). */
  private passesWhole(row: string[]): boolean {
    if (!isBlankRow(row)) {
      if (!this.rules!.passes(row)) return false;
      this.records++;
    }
    this.options.checkpoint?.();
    return true;
  }

  /** `rowNumber`: the record's row when the caller knows it (-1: counted when asked). */
  private handleRecord(row: string[], quoteError: ParsedRecord['quoteError'], start: number, next: number, rowNumber = -1): void {
    this.options.checkpoint?.();
    // The records before this one are done: their problems, placed within them, come before any of this one's.
    this.sink.flush();
    this.record.at(start, next, row, row.length, rowNumber);
    const before = this.sink.count;
    // One quote error per record is enough: papaparse can report the same broken field twice.
    if (quoteError) {
      this.incremental?.spoil();
      this.reportQuoteError(quoteError);
    }
    const { onRecord, onCells } = this.options;
    // An unclosed quote makes the rest of the text one cell: a check stops there, an ingest rejects that record.
    if (this.unterminated && !onRecord && !onCells) return;
    // Before the header, a row of delimiters only is a header of blank labels, as frictionless reads it, not a blank row.
    if (isBlankRow(row) && (this.header || row.length < 2)) {
      // papaparse ends a text that ends in a line break with an empty record of no characters: that is no row.
      if (this.header && next > start) this.options.onBlank?.(this.record.row);
      return;
    }
    if (!this.header) {
      this.checkHeader(row);
      return this.incremental?.header(row, next);
    }
    this.records++;
    if (onCells) return onCells(row, this.record.row, this.header, this.recordText);
    const rules = this.rules!;
    if (this.incremental) return this.incremental.check(rules, row);
    rules.check(row);
    this.references?.check(row, this.record.row, rules.values, this.referenceLists!);
    onRecord?.({
      cells: row,
      values: rules.values,
      problems: this.sink.takeFrom(before),
      row: this.record.row,
      text: this.record.body.slice(start, this.record.end),
      keys: rules.recordKeys,
      columns: this.bound,
      header: this.header,
    });
  }

  /** What a record's own problems depend on besides its text and the header. */
  private context(): string {
    return `${JSON.stringify([this.contract ? contractKey(this.contract) : null, this.dialect, this.ragged, this.bom])}\n`;
  }

  finish(): CsvReport {
    if (!this.header && !this.unterminated && !this.failed) {
      // No header row at all (an empty or blank file): every required header is missing.
      for (const missing of findMissingHeaders([], this.contract)) this.sink.addAtFileStart('missing-label', missingHeaderMessage(missing), missing.name);
    }
    if (this.unterminated || this.failed) this.incremental?.spoil();
    this.incremental?.end();
    const references = this.referenceLists?.done(this.options.referencing!.length).map((list) => [list]);
    return { ...this.sink.report(this.records, this.options.foundOrder), delimiter: this.dialect?.delimiter, ...(references ? { references } : {}) };
  }

  /** What a range after this text needs (continueFrom), once the header is read; undefined if the check stopped. */
  get resumeFrom(): { header: string[]; dialect: Dialect } | undefined {
    return this.header && !this.failed && !this.unterminated ? { header: this.header, dialect: this.dialect! } : undefined;
  }

  private bindHeader(row: string[], labels = headerLabels(row)): void {
    this.header = row;
    this.bound = bindColumns(row, this.contract, labels);
    const { record } = this;
    // Sized for the rows to come: from the caller, or guessed from the text left and the header's length.
    const expectedRows = this.options.expectedRows ?? Math.ceil(record.body.length / Math.max(record.end - record.start + 1, 16));
    this.rules = new RecordRules(this.contract, row, this.bound, this.ragged, this.sink, record, {
      expectedRows,
      withPrimaryKey: !this.options.onRecord,
      allValues: !!this.options.onRecord,
      onKey: this.options.onKey,
    });
    // A key-only read (onCells) takes rows whole too, each with its position (its row number).
    this.quick = this.wholeRows && (this.rules.plain || !!this.options.onCells);
    if (this.referenceLists && this.contract) this.references = referenceRulesFor(this.contract, row, this.options.referencing!, this.bound);
  }

  private checkHeader(row: string[]): void {
    const labels: HeaderLabels = headerLabels(row);
    this.bindHeader(row, labels);
    this.options.onHeader?.(row);
    reportHeader(row, labels, this.contract, this.sink, this.record);
  }

  private reportQuoteError(error: NonNullable<ParsedRecord['quoteError']>): void {
    const quoteAt = Math.max((error.index ?? this.record.start + 1) - 1, 0);
    this.unterminated ||= error.code === 'MissingQuotes';
    this.sink.add('invalid-csv', 'error', error.code === 'MissingQuotes' ? UNCLOSED_QUOTE : MALFORMED_QUOTE, quoteAt, quoteAt + 1);
  }
}

/** text[start, end).split(delimiter), without making the line's string first (half the time, cold or warm). */
function splitCells(text: string, start: number, end: number, delimiter: string): string[] {
  const cells: string[] = [];
  for (let at = start; ;) {
    const next = text.indexOf(delimiter, at);
    if (next === -1 || next + delimiter.length > end) {
      cells.push(text.slice(at, end));
      return cells;
    }
    cells.push(text.slice(at, next));
    at = next + delimiter.length;
  }
}

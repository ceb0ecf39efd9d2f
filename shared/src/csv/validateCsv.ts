import { normalizeLabel } from '../contract/normalizeLabel';
import { tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';
import { Problem, ProblemCode, Range, Severity } from '../problem';
import { clip, describeType, describeViolation, quoteValue } from '../schema/describeFault';
import { UniqueIndex } from '../schema/uniqueIndex';
import { valueKey } from '../schema/fieldRule';
import { INVALID } from '../schema/temporal';
import { LineCursor, lineEndAt } from '../text/lineCursor';
import { CellSpan, locateCells, recordContentEnd } from './cells';
import { Dialect, detectDialect } from './dialect';
import { BoundColumn, bindColumns, findDuplicateHeaders, findMissingHeaders, findUnexpectedHeaders } from './headers';
import { withOneLineEnding } from './lineEndings';
import { describeRepeat, KeyKind } from './describeRepeat';
import { ParsedRecord, parseRecords } from './parseRecords';
import { RecordMemo, RememberedCheck, RememberedRecord, commonEnds, detachedKey } from './recordMemo';

export interface CsvCheckOptions {
  /** Most problems to return; the rest are only counted. */
  maxProblems?: number;
  /** Severity of extra-cell / missing-cell, or 'off'. */
  raggedRows?: Severity | 'off';
  /** Lets .tsv files default to tabs. */
  fileName?: string;
  /** How many rows to make room for in the uniqueness indexes at once (a streaming check knows roughly). */
  expectedRows?: number;
  /** Checking a piece of a file that starts past its header (an ingest's range): what the file's start said. */
  continueFrom?: { header: string[]; dialect: Dialect; firstLine: number };
  /**
   * Called after each data record with its cells, the cast value of each bound column, and the problems found
   * in it (which then leave the report): an ingest loads the record or rejects it with them. The primary key
   * is then not checked: to an ingest a repeated key is a duplicate, not an error.
   */
  onRecord?: (record: CheckedRecord) => void;
  /** Called with the row of each blank data record (empty, whitespace or only delimiters), which is not checked. */
  onBlank?: (row: number) => void;
  /** The same document's last check: only the records an edit changed are parsed and checked (not with onRecord or continueFrom). */
  memo?: RecordMemo;
}

/** A data record as `onRecord` sees it; valid during the call only. */
export interface CheckedRecord {
  cells: string[];
  /** Per bound column (`CsvChecker.columns`), its cast value, or INVALID when it has none. */
  values: unknown[];
  problems: Problem[];
  /** 1-based, as the user sees it. */
  row: number;
  /** The record as written, without its line break. */
  text: string;
  /** Per key set (`CsvChecker.keySets`), the record's key, or undefined when a member has no value. */
  keys: unknown[];
}

/** A unique column or a uniqueKeys entry, as `onRecord`'s keys follow them. */
export interface KeySet {
  kind: KeyKind;
  names: string[];
  /** The cell a unique column's message quotes (its index in the record); -1 for a set of columns. */
  cell: number;
}

export interface CsvReport {
  problems: Problem[];
  /** Data records checked, blank ones excluded. */
  records: number;
  /** Problems past maxProblems, counted but not returned. */
  hiddenProblems: number;
  delimiter?: string;
}

export const DEFAULT_MAX_PROBLEMS = 1000;

/** Checks CSV text against a contract (or only its structure when there is none): every problem up to the cap. */
export function validateCsv(text: string, contract: Contract | undefined, options: CsvCheckOptions = {}): CsvReport {
  const checker = new CsvChecker(contract, options);
  checker.feed(text);
  return checker.finish();
}

/** A set of columns that must not repeat together: a unique column, the primary key, or a uniqueKeys entry. */
interface KeyRule {
  /** Indexes into the row's bound columns. */
  members: number[];
  index: UniqueIndex;
  kind: KeyKind;
  names: string[];
}

/**
 * The CSV engine. It takes the text in segments that each end at a record boundary (see splitRecords), so that
 * a file of any size is checked in bounded memory, with positions that count from the file's start. One
 * papaparse pass; positions are computed only for the records that have problems (and, with unique columns,
 * each record's line).
 */
export class CsvChecker {
  private readonly sink: ProblemSink;
  private readonly ragged: Severity | 'off';
  private dialect?: Dialect;
  private failed = false;
  private unterminated = false;
  private header?: string[];
  private bound: BoundColumn[] = [];
  /** Set while the text is checked with the document's last check to build on (validateCsv's `memo`). */
  private memo?: RecordMemo;
  private segments = 0;
  private bom = 0;
  private keys: KeyRule[] = [];
  /** The cast value of each bound column in the current record (INVALID when it has none). */
  private values: unknown[] = [];
  /** The current record's key per key rule (onRecord's `keys`). */
  private readonly recordKeys: unknown[] = [];
  private records = 0;

  // The record being checked, and what has been worked out about it so far.
  private body = '';
  private parsed = '';
  private newline = '\n';
  private start = 0;
  private next = 0;
  private rowLength = 0;
  /** The record's cells, when it was parsed (a record taken from the memo has none until asked). */
  private recordCells?: string[];
  private cells?: CellSpan[];
  private line = -1;

  constructor(
    private readonly contract: Contract | undefined,
    private readonly options: CsvCheckOptions = {},
  ) {
    this.sink = new ProblemSink(options.onRecord ? Infinity : (options.maxProblems ?? DEFAULT_MAX_PROBLEMS));
    this.ragged = options.raggedRows ?? 'warning';
    if (!options.onRecord && !options.continueFrom) this.memo = options.memo;
    const from = options.continueFrom;
    if (from) {
      this.dialect = from.dialect;
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
    return this.keys.map((k) => ({ kind: k.kind, names: k.names, cell: k.kind === 'unique' ? this.bound[k.members[0]].index : -1 }));
  }

  feed(segment: string): void {
    // The memo describes one whole text: a file fed in pieces is not remembered.
    if (++this.segments > 1) this.memo?.spoil();
    if (this.failed || this.unterminated) return this.sink.skipSegment(segment);
    const first = this.dialect === undefined;
    const bom = first && segment.charCodeAt(0) === 0xfeff ? 1 : 0;
    // Positions count the BOM, as editors do: the parse runs on the body, the ranges on the text.
    const body = bom ? segment.slice(1) : segment;
    this.bom = bom;
    this.sink.beginSegment(segment, bom);
    if (first) {
      const detected = detectDialect(body, { delimiter: this.contract?.delimiter, fileName: this.options.fileName });
      if (!detected.ok) {
        this.failed = true;
        this.sink.add('invalid-csv', 'error', detected.reason, 0, lineEndAt(body, 0));
        return this.sink.skipSegment('');
      }
      this.dialect = detected.dialect;
    }
    // An ingest keeps the cells as written: a quoted \r\n in a file that mixes line endings stays \r\n.
    const { text: parsed, newline } = this.options.onRecord ? { text: body, newline: this.dialect!.newline } : withOneLineEnding(body, this.dialect!.newline);
    this.body = body;
    this.parsed = parsed;
    this.newline = newline;
    // Offsets are the parsed text's: they must be the body's too for the memo's to mean anything.
    const previous = first && parsed === body ? this.memo?.previous : undefined;
    if (first) this.memo?.begin(parsed);
    if (parsed !== body) this.memo?.spoil();
    if (previous) this.parseAfter(previous);
    else this.parseRange(0, parsed.length);
    this.sink.endSegment();
  }

  /**
   * Checks the text with the last check of the same document to build on: the records before the first change
   * and after the last one are taken from it, only the text between is parsed (see RecordMemo).
   */
  private parseAfter(previous: RememberedCheck): void {
    const text = this.parsed;
    const { prefix, suffix } = commonEnds(previous.text, text);
    // The header must be the same, and must have been parsed the same way.
    if (prefix <= previous.headerNext || !previous.signature.startsWith(this.context())) return this.parseRange(0, text.length);
    this.parseRange(0, previous.headerNext);
    if (!this.header || this.signature(this.header) !== previous.signature) return this.parseRange(previous.headerNext, text.length);
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
    if (to - from > MAX_WINDOW) return this.parseRange(from, text.length);
    // The text between is parsed alone; that is the whole file's parse only if it ends where a record did.
    const window = collectRecords(text.slice(from, to), this.dialect!.delimiter, this.newline);
    const last = window.at(-1);
    const endsRecord =
      to === text.length || (last !== undefined && last.nextRecordStart === to - from && text.startsWith(this.newline, to - this.newline.length));
    const fits = endsRecord && window.every((r) => !r.quoteError);
    if (!fits) return this.parseRange(from, text.length);
    let start = from;
    for (const record of window) {
      this.handleRecord(record.cells, record.quoteError, start, from + record.nextRecordStart);
      start = from + record.nextRecordStart;
    }
    if (j === records.length) return;
    const rowShift = this.sink.lineOf(to) + 1 - records[j].row;
    for (; j < records.length; j++) this.replay(records[j], shift, rowShift);
  }

  /** Parses text[from, to), which starts at a record, and checks each record in it. */
  private parseRange(from: number, to: number): void {
    const text = from === 0 && to === this.parsed.length ? this.parsed : this.parsed.slice(from, to);
    let start = from;
    parseRecords(text, { delimiter: this.dialect!.delimiter, newline: this.newline }, (record) => {
      const error = record.quoteError && {
        code: record.quoteError.code,
        index: record.quoteError.index === undefined ? undefined : record.quoteError.index + from,
      };
      this.handleRecord(record.cells, error, start, from + record.nextRecordStart);
      start = from + record.nextRecordStart;
    });
  }

  private handleRecord(row: string[], quoteError: ParsedRecord['quoteError'], start: number, next: number): void {
    this.start = start;
    this.next = next;
    this.cells = undefined;
    this.line = -1;
    this.recordCells = row;
    const before = this.sink.count;
    // One quote error per record is enough: papaparse can report the same broken field twice.
    if (quoteError) {
      this.memo?.spoil();
      this.reportQuoteError(quoteError);
    }
    const { onRecord } = this.options;
    // An unclosed quote makes the rest of the text one cell: a check stops there, an ingest rejects that record.
    if (this.unterminated && !onRecord) return;
    if (isBlankRow(row)) {
      // papaparse ends a text that ends in a line break with an empty record of no characters: that is no row.
      if (this.header && next > start) this.options.onBlank?.(this.row);
      return;
    }
    if (!this.header) {
      this.checkHeader(row);
      return this.memo?.header(this.signature(row), next);
    }
    if (!onRecord) return this.checkRecord(row);
    this.checkRecord(row);
    onRecord({
      cells: row,
      values: this.values,
      problems: this.sink.takeFrom(before),
      row: this.row,
      text: this.body.slice(this.start, this.end),
      keys: this.recordKeys,
    });
  }

  /** What a record's own problems depend on besides its text and the header. */
  private context(): string {
    return `${JSON.stringify([this.contract ?? null, this.dialect, this.ragged, this.bom])}\n`;
  }

  /** What a record's own problems depend on besides its text. */
  private signature(header: string[]): string {
    return this.context() + JSON.stringify(header);
  }

  /** A record the last check saw, unchanged, `shift` characters and `rowShift` rows further on. */
  private replay(record: RememberedRecord, shift: number, rowShift: number): void {
    // Its problems name its row: when the row moved, the record is checked again.
    if (record.problems === undefined || (rowShift !== 0 && record.problems.length > 0)) return this.parseRange(record.start + shift, record.next + shift);
    this.start = record.start + shift;
    this.next = record.next + shift;
    this.cells = undefined;
    this.line = record.row + rowShift;
    this.recordCells = undefined;
    this.records++;
    this.rowLength = record.cells;
    const { problems, keys } = record;
    for (let p = 0; p < problems.length; p++) this.sink.addProblem(problems[p]);
    for (let k = 0; k < keys.length; k++) this.checkKey(this.keys[k], keys[k]);
    const moved = shift === 0 && rowShift === 0 ? record : { start: this.start, next: this.next, row: this.line, cells: record.cells, keys, problems };
    this.memo?.add(moved);
  }

  finish(): CsvReport {
    if (!this.header && !this.unterminated && !this.failed) {
      // No header row at all (an empty or blank file): every required header is missing.
      for (const name of findMissingHeaders([], this.contract)) this.sink.addAtFileStart('missing-label', `Missing required header "${name}"`, name);
    }
    if (this.unterminated || this.failed) this.memo?.spoil();
    this.memo?.end();
    return { ...this.sink.report(this.records), delimiter: this.dialect?.delimiter };
  }

  private get end(): number {
    return recordContentEnd(this.parsed, this.next, this.newline);
  }

  private cellSpan(i: number): CellSpan {
    this.cells ??= locateCells(this.body, this.start, this.end, this.dialect!.delimiter);
    // In a record with a malformed quote, the locator and papaparse can split cells differently: then the whole record.
    return this.cells[i] ?? { start: this.start, end: this.end };
  }

  /** The record's row number as the user sees it (the header is row 1). */
  private get row(): number {
    if (this.line === -1) this.line = this.sink.lineOf(this.start) + 1;
    return this.line;
  }

  private bindHeader(row: string[]): void {
    this.header = row;
    this.bound = bindColumns(row, this.contract);
    this.values = this.bound.map(() => INVALID);
    this.keys = this.keyRules();
  }

  private checkHeader(row: string[]): void {
    this.bindHeader(row);
    const duplicates = findDuplicateHeaders(row);
    row.forEach((label, i) => {
      const cell = this.cellSpan(i);
      if (label.trim() === '') {
        this.sink.add('blank-label', 'error', `Header in column ${i + 1} is blank: give the column a name`, cell.start, cell.end);
      } else if (duplicates[i] !== -1) {
        this.sink.add(
          'duplicate-label',
          'error',
          `Duplicate header "${label.trim()}": column ${i + 1} repeats column ${duplicates[i] + 1}`,
          cell.start,
          cell.end,
        );
      }
    });
    for (const { index, code, expected } of findUnexpectedHeaders(row, this.contract)) {
      const cell = this.cellSpan(index);
      const label = row[index].trim();
      const message =
        code === 'extra-label'
          ? `Header "${label}" in column ${index + 1} is not a field of the schema, whose fieldsMatch allows no other`
          : `Header "${label}" in column ${index + 1} should be "${expected}": the schema's fieldsMatch "exact" wants its fields in order`;
      this.sink.add(code, 'error', message, cell.start, cell.end);
    }
    for (const name of findMissingHeaders(row, this.contract)) {
      this.sink.add('missing-label', 'error', `Missing required header "${name}"`, this.start, this.end, { header: name });
    }
  }

  /** Unique columns, the primary key and uniqueKeys whose columns are all in the header. */
  private keyRules(): KeyRule[] {
    if (!this.contract) return [];
    const rules = tableRules(this.contract);
    const memberOf = (name: string) => this.bound.findIndex((b) => normalizeLabel(b.column.label) === normalizeLabel(name));
    // Sized for the rows to come: from the caller, or guessed from the text left and the header's length.
    const expected = this.options.expectedRows ?? Math.ceil(this.body.length / Math.max(this.end - this.start + 1, 16));
    const keys: KeyRule[] = [];
    this.bound.forEach((b, i) => {
      if (b.column.rule.unique) keys.push({ members: [i], index: new UniqueIndex(expected), kind: 'unique', names: [b.column.label] });
    });
    const sets: [KeyRule['kind'], string[]][] = [
      ...(rules.primaryKey.length > 0 && !this.options.onRecord ? [['primary-key', rules.primaryKey] as [KeyRule['kind'], string[]]] : []),
      ...rules.uniqueKeys.map((names) => ['unique-keys', names] as [KeyRule['kind'], string[]]),
    ];
    for (const [kind, names] of sets) {
      const members = names.map(memberOf);
      if (members.every((m) => m !== -1)) keys.push({ members, index: new UniqueIndex(expected), kind, names });
    }
    return keys;
  }

  private checkRecord(row: string[]): void {
    this.records++;
    this.rowLength = row.length;
    const memo = this.memo;
    if (!memo) {
      this.checkCells(row);
      for (let k = 0; k < this.keys.length; k++) this.recordKeys[k] = this.checkKey(this.keys[k], this.keyOf(this.keys[k]));
      return;
    }
    const shown = this.sink.count;
    const total = this.sink.total;
    this.checkCells(row);
    // Problems past the cap are only counted: such a record is checked again next time.
    const problems = this.sink.total - total === this.sink.count - shown ? this.sink.since(shown) : undefined;
    const keys = this.keys.map((key) => detachedKey(this.checkKey(key, this.keyOf(key))));
    memo.add({ start: this.start, next: this.next, row: this.row, cells: row.length, keys, problems });
  }

  /** The record's length and each bound cell: present, typed, within its constraints. Sets `values`. */
  private checkCells(row: string[]): void {
    const expected = this.header!.length;
    if (this.ragged !== 'off' && row.length !== expected) this.reportRagged(row, expected);
    const bound = this.bound;
    for (let b = 0; b < bound.length; b++) {
      const { index, column } = bound[b];
      const rule = column.rule;
      this.values[b] = INVALID;
      const raw = index < row.length ? row[index] : undefined;
      if (raw === undefined || rule.isMissing(raw) || (rule.required && !hasContent(raw))) {
        if (rule.required) this.reportCell(index, 'required', `Missing required value ${column.label} for row ${this.row}`);
        continue;
      }
      if (!rule.typed) {
        // A plain string: its text is its value (for the primary key and uniqueKeys).
        this.values[b] = raw;
        continue;
      }
      const value = rule.cast(raw);
      if (value === INVALID) {
        this.reportCell(index, 'type-error', `Value ${quoteValue(raw)} in ${column.label} (row ${this.row}) is not ${describeType(rule.field)}`, rule.type);
        continue;
      }
      const violation = rule.violation(value, raw);
      if (violation) {
        const message = `Value ${quoteValue(raw)} in ${column.label} (row ${this.row}) ${describeViolation(violation)}`;
        this.reportCell(index, 'constraint-error', message, violation.constraint);
        continue;
      }
      this.values[b] = value;
    }
  }

  /** The record's key for a key rule, or undefined when a member has no value (the row is left out). */
  private keyOf(key: KeyRule): unknown {
    const { members } = key;
    if (members.length === 1) {
      const value = valueKey(this.values[members[0]]);
      return value === INVALID ? undefined : value;
    }
    let joined = '';
    for (const m of members) {
      const value = this.values[m];
      // A null or invalid member leaves the row out (uniqueKeys skip nulls; the key's own problem is reported).
      if (value === INVALID) return undefined;
      joined += `${String(valueKey(value))}\u0001`;
    }
    return joined;
  }

  /** Records the key in the rule's index and reports a repeat; returns the key, for the memo. */
  private checkKey(key: KeyRule, digestKey: unknown): unknown {
    if (digestKey === undefined) return undefined;
    const first = key.index.add(digestKey, this.row);
    if (first === 0) return digestKey;
    if (key.kind === 'unique') {
      const index = this.bound[key.members[0]].index;
      const { message, reason } = describeRepeat('unique', key.names, this.row, first, this.cellsNow()[index]);
      this.reportCell(index, 'unique-error', message, reason);
    } else {
      const { code, message, reason } = describeRepeat(key.kind, key.names, this.row, first, '');
      this.sink.add(code, 'error', message, this.start, this.end, { reason });
    }
    return digestKey;
  }

  /** The current record's cells; a record taken from the memo is parsed for them (only a repeat asks). */
  private cellsNow(): string[] {
    this.recordCells ??= collectRecords(this.parsed.slice(this.start, this.next), this.dialect!.delimiter, this.newline)[0]?.cells ?? [];
    return this.recordCells;
  }

  /** A problem on cell `index` of the record, or at the record's end when the record is too short to have it. */
  private reportCell(index: number, code: ProblemCode, message: string, reason?: string): void {
    const { start, end } = index < this.rowLength ? this.cellSpan(index) : { start: this.end, end: this.end };
    this.sink.add(code, 'error', message, start, end, { reason });
  }

  private reportRagged(row: string[], expected: number): void {
    const severity = this.ragged as Severity;
    const counted = `Row ${this.row} has ${cellCount(row.length)}, the header has ${expected}`;
    if (row.length > expected) {
      this.sink.add('extra-cell', severity, counted, this.cellSpan(expected).start, this.end);
    } else {
      const missing = this.header!.slice(row.length).map((label, i) => label.trim() || `column ${row.length + i + 1}`);
      this.sink.add('missing-cell', severity, `${counted}: ${listOf(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`, this.end, this.end);
    }
  }

  private reportQuoteError(error: NonNullable<ParsedRecord['quoteError']>): void {
    const quoteAt = Math.max((error.index ?? this.start + 1) - 1, 0);
    if (error.code === 'MissingQuotes') {
      this.unterminated = true;
      const message = 'Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "';
      this.sink.add('invalid-csv', 'error', message, quoteAt, quoteAt + 1);
    } else {
      const message = 'Malformed quoted field: text follows the closing quote. Write a quote inside a quoted field as ""';
      this.sink.add('invalid-csv', 'error', message, quoteAt, quoteAt + 1);
    }
  }
}

/** The most changed text whose records are held before they are checked (see parseAfter). */
const MAX_WINDOW = 1 << 20;

/** Every record of `text`, parsed and kept (a copy each): for short texts, looked at before they are checked. */
function collectRecords(text: string, delimiter: string, newline: string): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  parseRecords(text, { delimiter, newline }, (record) => records.push({ ...record }));
  return records;
}

const cellCount = (n: number) => `${n} ${n === 1 ? 'cell' : 'cells'}`;

/** The longest message a problem carries. */
const MESSAGE_CHARS = 1000;

/** At most this many names in a message: a row of a 10,000-column file missing most of them stays one line. */
const MAX_NAMED = 10;

/** "a", "a and b", "a, b and c", "a, b, … and 12 more". */
function listOf(names: string[]): string {
  const shown = names.length > MAX_NAMED ? [...names.slice(0, MAX_NAMED - 1), `${names.length - MAX_NAMED + 1} more`] : names;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function isBlankRow(row: string[]): boolean {
  for (const cell of row) if (hasContent(cell)) return false;
  return true;
}

/** Not empty and not only whitespace; printable ASCII first characters skip the trim. */
function hasContent(cell: string): boolean {
  const first = cell.charCodeAt(0);
  return first > 32 && first < 127 ? true : cell.trim() !== '';
}

/**
 * Collects problems up to the cap; past it, only counts, so huge files stay cheap. Offsets are within the
 * current segment; lines count from the start of the file.
 */
class ProblemSink {
  private readonly problems: Problem[] = [];
  private lines = new LineCursor('');
  private segment = '';
  private shift = 0;
  private lineBase = 0;
  private hidden = 0;
  private firstHidden?: Range;

  constructor(private readonly max: number) {}

  get count(): number {
    return this.problems.length;
  }

  /** The problems shown since `count` was `from`. */
  since(from: number): Problem[] {
    return this.problems.slice(from);
  }

  /** A problem found by an earlier check, at its position then; the cap applies as to any other. */
  addProblem(problem: Problem): void {
    if (this.problems.length >= this.max) {
      this.hidden++;
      this.firstHidden ??= problem.range;
    } else this.problems.push(problem);
  }

  /** Problems added so far, shown or not. */
  get total(): number {
    return this.problems.length + this.hidden;
  }

  /** The problems added since `count` was `from`, taken out of the report. */
  takeFrom(from: number): Problem[] {
    return from === this.problems.length ? [] : this.problems.splice(from);
  }

  /** A piece of a file: its first line is `line` (0-based) of the file. */
  startAtLine(line: number): void {
    this.lineBase = line;
  }

  /** `shift`: where the parsed body starts in the segment (1 after a BOM). */
  beginSegment(segment: string, shift: number): void {
    this.segment = segment;
    this.lines = new LineCursor(segment);
    this.shift = shift;
  }

  /** Counts the segment's lines, so that the next one's positions go on from there. */
  endSegment(): void {
    this.lineBase += this.lines.positionAt(this.segment.length).line;
    this.segment = '';
    this.lines = new LineCursor('');
  }

  skipSegment(segment: string): void {
    this.beginSegment(segment, 0);
    this.endSegment();
  }

  lineOf(offset: number): number {
    return this.lineBase + this.lines.lineAt(offset + this.shift);
  }

  add(code: ProblemCode, severity: Severity, message: string, start: number, end: number, extra: { header?: string; reason?: string } = {}): void {
    if (this.problems.length >= this.max) {
      this.hidden++;
      this.firstHidden ??= this.range(start, end);
      return;
    }
    // A header label of any length may stand in many messages: each stays within MESSAGE_CHARS.
    const problem: Problem = { code, severity, message: clip(message, MESSAGE_CHARS), range: this.range(start, end) };
    if (extra.header !== undefined) problem.header = extra.header;
    if (extra.reason !== undefined) problem.reason = extra.reason;
    this.problems.push(problem);
  }

  /** An error at line 0, character 0 of the file, whichever segment was last. */
  addAtFileStart(code: ProblemCode, message: string, header: string): void {
    this.lineBase = 0;
    this.beginSegment('', 0);
    this.add(code, 'error', message, 0, 0, { header });
  }

  report(records: number): CsvReport {
    // Header problems are found out of order (missing headers last); editors and CLIs read top to bottom.
    const problems = this.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    if (this.hidden > 0) {
      problems.push({
        code: 'too-many-problems',
        severity: 'information',
        // The adapters say how to raise the limit (a setting, a flag).
        message: `${this.hidden} more problems not shown (limit ${this.max})`,
        range: this.firstHidden!,
      });
    }
    return { problems, records, hiddenProblems: this.hidden };
  }

  private range(start: number, end: number): Range {
    const at = (offset: number) => {
      const position = this.lines.positionAt(offset + this.shift);
      return { line: position.line + this.lineBase, character: position.character };
    };
    return { start: at(start), end: at(end) };
  }
}

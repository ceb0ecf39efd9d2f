import { normalizeLabel } from '../contract/normalizeLabel';
import { tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';
import { Problem, ProblemCode, Range, Severity } from '../problem';
import { describeType, describeViolation, quoteValue } from '../schema/describeFault';
import { UniqueIndex } from '../schema/uniqueIndex';
import { valueKey } from '../schema/fieldRule';
import { INVALID } from '../schema/temporal';
import { LineCursor, lineEndAt } from '../text/lineCursor';
import { CellSpan, locateCells, recordContentEnd } from './cells';
import { Dialect, detectDialect } from './dialect';
import { BoundColumn, bindColumns, findDuplicateHeaders, findMissingHeaders } from './headers';
import { withOneLineEnding } from './lineEndings';
import { ParsedRecord, parseRecords } from './parseRecords';

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
  kind: 'unique' | 'primary-key' | 'unique-keys';
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
  private keys: KeyRule[] = [];
  /** The cast value of each bound column in the current record (INVALID when it has none). */
  private values: unknown[] = [];
  private records = 0;

  // The record being checked, and what has been worked out about it so far.
  private body = '';
  private parsed = '';
  private newline = '\n';
  private start = 0;
  private next = 0;
  private rowLength = 0;
  private cells?: CellSpan[];
  private line = -1;

  constructor(
    private readonly contract: Contract | undefined,
    private readonly options: CsvCheckOptions = {},
  ) {
    this.sink = new ProblemSink(options.onRecord ? Infinity : (options.maxProblems ?? DEFAULT_MAX_PROBLEMS));
    this.ragged = options.raggedRows ?? 'warning';
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

  feed(segment: string): void {
    if (this.failed || this.unterminated) return this.sink.skipSegment(segment);
    const first = this.dialect === undefined;
    const bom = first && segment.charCodeAt(0) === 0xfeff ? 1 : 0;
    // Positions count the BOM, as editors do: the parse runs on the body, the ranges on the text.
    const body = bom ? segment.slice(1) : segment;
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
    let recordStart = 0;
    parseRecords(parsed, { delimiter: this.dialect!.delimiter, newline }, (record) => {
      this.start = recordStart;
      this.next = record.nextRecordStart;
      recordStart = record.nextRecordStart;
      this.cells = undefined;
      this.line = -1;
      // One quote error per record is enough: papaparse can report the same broken field twice.
      if (record.quoteError) this.reportQuoteError(record.quoteError);
      if (this.unterminated) return;
      const row = record.cells;
      if (isBlankRow(row)) return;
      if (!this.header) return this.checkHeader(row);
      const { onRecord } = this.options;
      if (!onRecord) return this.checkRecord(row);
      const before = this.sink.count;
      this.checkRecord(row);
      onRecord({ cells: row, values: this.values, problems: this.sink.takeFrom(before), row: this.row, text: this.body.slice(this.start, this.end) });
    });
    this.sink.endSegment();
  }

  finish(): CsvReport {
    if (!this.header && !this.unterminated && !this.failed) {
      // No header row at all (an empty or blank file): every required header is missing.
      for (const name of findMissingHeaders([], this.contract)) this.sink.addAtFileStart('missing-label', `Missing required header "${name}"`, name);
    }
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
      const violation = rule.violation(value);
      if (violation) {
        const message = `Value ${quoteValue(raw)} in ${column.label} (row ${this.row}) ${describeViolation(violation)}`;
        this.reportCell(index, 'constraint-error', message, violation.constraint);
        continue;
      }
      this.values[b] = value;
    }
    for (const key of this.keys) this.checkKey(key, row);
  }

  private checkKey(key: KeyRule, row: string[]): void {
    const { members } = key;
    let digestKey: unknown;
    if (members.length === 1) {
      digestKey = valueKey(this.values[members[0]]);
      if (digestKey === INVALID) return;
    } else {
      let joined = '';
      for (const m of members) {
        const value = this.values[m];
        // A null or invalid member leaves the row out (uniqueKeys skip nulls; the key's own problem is reported).
        if (value === INVALID) return;
        joined += `${String(valueKey(value))}\u0001`;
      }
      digestKey = joined;
    }
    const first = key.index.add(digestKey, this.row);
    if (first === 0) return;
    const names = key.names.join(', ');
    if (key.kind === 'unique') {
      const index = this.bound[members[0]].index;
      const message = `Value ${quoteValue(row[index])} in ${key.names[0]} (row ${this.row}) repeats row ${first}: the column is unique`;
      this.reportCell(index, 'unique-error', message, 'unique');
    } else if (key.kind === 'primary-key') {
      this.sink.add('primary-key', 'error', `Row ${this.row} repeats the primary key (${names}) of row ${first}`, this.start, this.end, {
        reason: 'primaryKey',
      });
    } else {
      this.sink.add('unique-error', 'error', `Row ${this.row} repeats the unique key (${names}) of row ${first}`, this.start, this.end, {
        reason: 'uniqueKeys',
      });
    }
  }

  /** A problem on cell `index` of the record, or at the record's end when the record is too short to have it. */
  private reportCell(index: number, code: ProblemCode, message: string, reason?: string): void {
    const { start, end } = index < this.rowLength ? this.cellSpan(index) : { start: this.end, end: this.end };
    this.sink.add(code, 'error', message, start, end, { reason });
  }

  private reportRagged(row: string[], expected: number): void {
    const severity = this.ragged as Severity;
    if (row.length > expected) {
      this.sink.add('extra-cell', severity, `Row ${this.row} has ${row.length} cells, the header has ${expected}`, this.cellSpan(expected).start, this.end);
    } else {
      const firstMissing = this.header![row.length].trim() || `column ${row.length + 1}`;
      this.sink.add(
        'missing-cell',
        severity,
        `Row ${this.row} has ${row.length} cells, the header has ${expected}: ${firstMissing} is missing`,
        this.end,
        this.end,
      );
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
    const problem: Problem = { code, severity, message, range: this.range(start, end) };
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

import { Contract } from '../contract/types';
import { Problem, ProblemCode, Range, Severity } from '../problem';
import { LineCursor, lineEndAt } from '../text/lineCursor';
import { CellSpan, locateCells, recordContentEnd } from './cells';
import { detectDialect } from './dialect';
import { withOneLineEnding } from './lineEndings';
import { ParsedRecord, parseRecords } from './parseRecords';
import { findDuplicateHeaders, findMissingHeaders, findNonEmptyColumns } from './headers';

export interface CsvCheckOptions {
  /** Most problems to return; the rest are only counted. */
  maxProblems?: number;
  /** Severity of extra-cell / missing-cell, or 'off'. */
  raggedRows?: Severity | 'off';
  /** Lets .tsv files default to tabs. */
  fileName?: string;
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

/**
 * Checks CSV text against a headers contract (or only its structure when there is none) and returns every
 * problem up to the cap. One papaparse pass; positions are computed only for the records that have problems.
 */
export function validateCsv(text: string, contract: Contract | undefined, options: CsvCheckOptions = {}): CsvReport {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  // Positions count the BOM, as editors do: the parse runs on the body, the ranges on the text.
  const sink = new ProblemSink(text, bom, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const ragged = options.raggedRows ?? 'warning';

  const detected = detectDialect(body, { delimiter: contract?.delimiter, fileName: options.fileName });
  if (!detected.ok) {
    sink.add('invalid-csv', 'error', detected.reason, 0, lineEndAt(body, 0));
    return sink.report(0);
  }
  const { delimiter } = detected.dialect;
  const { text: parsed, newline } = withOneLineEnding(body, detected.dialect.newline);

  let header: string[] | undefined;
  let nonEmpty: { index: number; name: string }[] = [];
  let nonEmptyIndexes: number[] = [];
  let records = 0;
  let recordStart = 0;
  let unterminated = false;

  const checkHeader = (row: string[], start: number, end: number) => {
    header = row;
    nonEmpty = findNonEmptyColumns(row, contract);
    nonEmptyIndexes = nonEmpty.map((c) => c.index);
    const cells = locateCells(body, start, end, delimiter);
    const duplicates = findDuplicateHeaders(row);
    row.forEach((label, i) => {
      const cell = spanOf(cells, i, start, end);
      if (label.trim() === '') {
        sink.add('blank-label', 'error', `Header in column ${i + 1} is blank: give the column a name`, cell.start, cell.end);
      } else if (duplicates[i] !== -1) {
        sink.add('duplicate-label', 'error', `Duplicate header "${label.trim()}": column ${i + 1} repeats column ${duplicates[i] + 1}`, cell.start, cell.end);
      }
    });
    for (const name of findMissingHeaders(row, contract)) {
      sink.add('missing-label', 'error', `Missing required header "${name}"`, start, end, name);
    }
  };

  // The hot path: a clean record costs a length check and one look at each required cell.
  const isCleanRecord = (row: string[]) => {
    if (row.length !== header!.length) return false;
    if (nonEmptyIndexes.length === 0) return !isBlank(row);
    for (const index of nonEmptyIndexes) if (!hasContent(row[index])) return false;
    return true;
  };

  const checkRecord = (row: string[], start: number, end: number) => {
    records++;
    const expected = header!.length;
    let cells: CellSpan[] | undefined;
    const cellsOfRow = () => (cells ??= locateCells(body, start, end, delimiter));
    let line: number | undefined;
    const rowNumber = () => (line ??= sink.lineOf(start) + 1);

    if (ragged !== 'off' && row.length !== expected) {
      if (row.length > expected) {
        sink.add(
          'extra-cell',
          ragged,
          `Row ${rowNumber()} has ${row.length} cells, the header has ${expected}`,
          spanOf(cellsOfRow(), expected, start, end).start,
          end,
        );
      } else {
        const firstMissing = header![row.length].trim() || `column ${row.length + 1}`;
        sink.add('missing-cell', ragged, `Row ${rowNumber()} has ${row.length} cells, the header has ${expected}: ${firstMissing} is missing`, end, end);
      }
    }
    for (const { index, name } of nonEmpty) {
      if (index < row.length && hasContent(row[index])) continue;
      const cell = index < row.length ? spanOf(cellsOfRow(), index, start, end) : { start: end, end };
      sink.add('required', 'error', `Missing required value ${name} for row ${rowNumber()}`, cell.start, cell.end);
    }
  };

  const reportQuoteError = (error: NonNullable<ParsedRecord['quoteError']>, recordStartOffset: number) => {
    const quoteAt = Math.max((error.index ?? recordStartOffset + 1) - 1, 0);
    if (error.code === 'MissingQuotes') {
      unterminated = true;
      sink.add(
        'invalid-csv',
        'error',
        'Unclosed quote: this quoted field never ends, so the rest of the file is one cell. Close it with "',
        quoteAt,
        quoteAt + 1,
      );
    } else {
      sink.add(
        'invalid-csv',
        'error',
        'Malformed quoted field: text follows the closing quote. Write a quote inside a quoted field as ""',
        quoteAt,
        quoteAt + 1,
      );
    }
  };

  parseRecords(parsed, { delimiter, newline }, ({ cells: row, quoteError, nextRecordStart }) => {
    const start = recordStart;
    recordStart = nextRecordStart;
    // One quote error per record is enough: papaparse can report the same broken field twice.
    if (quoteError) reportQuoteError(quoteError, start);
    if (unterminated) return;
    if (header && isCleanRecord(row)) {
      records++;
      return;
    }
    if (isBlank(row)) return;
    const end = recordContentEnd(parsed, nextRecordStart, newline);
    if (header) checkRecord(row, start, end);
    else checkHeader(row, start, end);
  });
  if (!header && !unterminated) {
    // No header row at all (an empty or blank file): every required header is missing.
    for (const name of findMissingHeaders([], contract)) sink.add('missing-label', 'error', `Missing required header "${name}"`, 0, 0, name);
  }
  return { ...sink.report(records), delimiter };
}

/**
 * Where cell `i` of a record lies. In a record with a malformed quote, the cell locator and papaparse can
 * split cells differently; the problem then points at the whole record rather than at a cell that is not there.
 */
function spanOf(cells: CellSpan[], i: number, recordStart: number, recordEnd: number): CellSpan {
  return cells[i] ?? { start: recordStart, end: recordEnd };
}

function isBlank(row: string[]): boolean {
  for (const cell of row) if (hasContent(cell)) return false;
  return true;
}

/** Not empty and not only whitespace; printable ASCII first characters skip the trim. */
function hasContent(cell: string): boolean {
  const first = cell.charCodeAt(0);
  return first > 32 && first < 127 ? true : cell.trim() !== '';
}

/** Collects problems up to the cap; past it, only counts, so huge files stay cheap. */
class ProblemSink {
  private readonly problems: Problem[] = [];
  private readonly lines: LineCursor;
  private hidden = 0;
  private firstHidden?: Range;

  /** `shift`: where the parsed body starts in `text` (1 after a BOM). */
  constructor(
    text: string,
    private readonly shift: number,
    private readonly max: number,
  ) {
    this.lines = new LineCursor(text);
  }

  lineOf(offset: number): number {
    return this.lines.positionAt(offset + this.shift).line;
  }

  add(code: ProblemCode, severity: Severity, message: string, start: number, end: number, header?: string): void {
    if (this.problems.length >= this.max) {
      this.hidden++;
      this.firstHidden ??= this.range(start, end);
      return;
    }
    const problem: Problem = { code, severity, message, range: this.range(start, end) };
    if (header !== undefined) problem.header = header;
    this.problems.push(problem);
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
    return { start: this.lines.positionAt(start + this.shift), end: this.lines.positionAt(end + this.shift) };
  }
}

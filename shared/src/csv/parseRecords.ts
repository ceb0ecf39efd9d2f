import Papa from 'papaparse';

/** One record as papaparse read it, and where the next one starts; reused from one callback to the next. */
export interface ParsedRecord {
  cells: string[];
  /** The first quote error in the record, with papaparse's offset of the fault. */
  quoteError?: { code: string; index?: number };
  /** Offset just past this record's line break (or the end of the text). */
  nextRecordStart: number;
}

export interface RecordDialect {
  delimiter: string;
  newline: string;
}

interface UndocumentedParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): unknown;
  abort(): void;
}
const NO_CELLS: string[] = [];

type ParserClass = new (config: Papa.ParseConfig<string[]> & { step?: (results: Papa.ParseStepResult<string[]>) => void }) => UndocumentedParser;

/** The quote papaparse reads fields with (and RowSpans looks for). */
export const QUOTE = '"';

/**
 * Every record of `text`, one callback each, with the offset where the next begins; returns the offset past the
 * last record. `stopAfter`, asked after each record, stops the parse there when true (the offset is then the next one's).
 * `completeOnly`: the text may stop inside a record (a piece of a stream), which is then left out
 * (papaparse's ignoreLastRow), so that the next piece starts at the returned offset. papaparse's public
 * API gives no offsets per record without a parse per call; its Parser class (what Papa.parse drives,
 * undocumented) does, through `meta.cursor`. This is the one place that touches it;
 * test/unit/parseRecords.test.ts fails if a papaparse release changes it.
 */
export function parseRecords(
  text: string,
  dialect: RecordDialect,
  onRecord: (record: ParsedRecord) => void,
  completeOnly = false,
  stopAfter?: () => boolean,
): number {
  const Parser = parserClass();
  let stopped = false;
  // One object for every record (valid during the callback only): a million rows allocate nothing more.
  const record: ParsedRecord = { cells: [], quoteError: undefined, nextRecordStart: 0 };
  const parser = new Parser({
    delimiter: dialect.delimiter,
    newline: dialect.newline as Papa.ParseConfig['newline'],
    quoteChar: QUOTE,
    step: (results) => {
      record.cells = (results.data as unknown as string[][])[0];
      record.quoteError = results.errors.length > 0 ? { code: results.errors[0].code, index: results.errors[0].index } : undefined;
      record.nextRecordStart = results.meta.cursor;
      onRecord(record);
      if (stopAfter?.()) {
        stopped = true;
        parser.abort();
      }
    },
  });
  parser.parse(text, 0, completeOnly);
  // The last record's cells are slices of the text: held past the parse, they kept each piece of a stream alive
  // into the old generation (twice the user CPU of a 1M-row check, most of it garbage collection).
  record.cells = NO_CELLS;
  return completeOnly || stopped ? record.nextRecordStart : text.length;
}

/** A whole text's records at once (parseRows). */
export interface ParsedRows {
  rows: string[][];
  /** Whether papaparse reported a quote error in any of them. */
  quoteError: boolean;
  /** The offset past the last record, as parseRecords returns it. */
  end: number;
}

/**
 * Every record of `text` in one call, with no callback per record (nor its result object): a million rows spent a
 * tenth of a plain check's CPU there. Offsets are not given per record: RowSpans finds those asked for.
 */
export function parseRows(text: string, dialect: RecordDialect, completeOnly = false): ParsedRows {
  const Parser = parserClass();
  const parser = new Parser({ delimiter: dialect.delimiter, newline: dialect.newline as Papa.ParseConfig['newline'], quoteChar: QUOTE });
  const results = parser.parse(text, 0, completeOnly) as Papa.ParseResult<string[]>;
  return { rows: results.data, quoteError: results.errors.length > 0, end: completeOnly ? results.meta.cursor : text.length };
}

function parserClass(): ParserClass {
  const Parser = (Papa as unknown as { Parser?: ParserClass }).Parser;
  if (typeof Parser !== 'function') throw new Error('papaparse no longer has Papa.Parser; update shared/src/csv/parseRecords.ts');
  return Parser;
}

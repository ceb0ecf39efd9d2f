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
}
const NO_CELLS: string[] = [];

type ParserClass = new (config: Papa.ParseConfig<string[]> & { step: (results: Papa.ParseStepResult<string[]>) => void }) => UndocumentedParser;

/**
 * Every record of `text`, one callback each, with the offset where the next begins; returns the offset past the
 * last record. `completeOnly`: the text may stop inside a record (a piece of a stream), which is then left out
 * (papaparse's ignoreLastRow), so that the next piece starts at the returned offset. papaparse's public
 * API gives no offsets per record without a parse per call; its Parser class (what Papa.parse drives,
 * undocumented) does, through `meta.cursor`. This is the one place that touches it;
 * test/unit/parseRecords.test.ts fails if a papaparse release changes it.
 */
export function parseRecords(text: string, dialect: RecordDialect, onRecord: (record: ParsedRecord) => void, completeOnly = false): number {
  const Parser = (Papa as unknown as { Parser?: ParserClass }).Parser;
  if (typeof Parser !== 'function') throw new Error('papaparse no longer has Papa.Parser; update shared/src/csv/parseRecords.ts');
  // One object for every record (valid during the callback only): a million rows allocate nothing more.
  const record: ParsedRecord = { cells: [], quoteError: undefined, nextRecordStart: 0 };
  const parser = new Parser({
    delimiter: dialect.delimiter,
    newline: dialect.newline as Papa.ParseConfig['newline'],
    quoteChar: '"',
    step: (results) => {
      record.cells = (results.data as unknown as string[][])[0];
      record.quoteError = results.errors.length > 0 ? { code: results.errors[0].code, index: results.errors[0].index } : undefined;
      record.nextRecordStart = results.meta.cursor;
      onRecord(record);
    },
  });
  parser.parse(text, 0, completeOnly);
  // The last record's cells are slices of the text: held past the parse, they kept each piece of a stream alive
  // into the old generation (twice the user CPU of a 1M-row check, most of it garbage collection).
  record.cells = NO_CELLS;
  return completeOnly ? record.nextRecordStart : text.length;
}

import { ForeignKeyTarget } from '../../contract/types';
import { Problem, Severity } from '../../problem';
import { Dialect } from '../dialect';
import { BoundColumn } from '../headers';
import { KeyKind } from './describeRepeat';
import { RecordMemo } from './recordMemo';
import { KeyDecider } from './recordRules';

/** What a check of CSV text (CsvChecker) is asked to do, and what it hands back record by record. */
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
  /**
   * Called after each data record, in place of all its rules, with its cells (as onRecord's), row, header and text on
   * demand: a key-only read of a foreign key's rows. The report holds only the file's header and quote problems.
   */
  onCells?: (cells: string[], row: number, header: readonly string[], text: () => string) => void;
  /** Called with the header row once it is read: a foreign key's read finds its key columns by it, data rows or none. */
  onHeader?: (header: readonly string[]) => void;
  /** Called with the row of each blank data record (empty, whitespace or only delimiters), which is not checked. */
  onBlank?: (row: number) => void;
  /** Decides each key in place of the check's own indexes (a range of a parallel check, or an ingest's range). */
  onKey?: KeyDecider;
  /** The report's problems as found, unsorted (a parallel check merges its ranges' as one check would). */
  foundOrder?: boolean;
  /** Called with the problems as found, in file order, a record's at a time (the cap's note last); the report then
   *  keeps only their counts, so a check's memory does not grow with its problems. */
  onProblems?: (problems: Problem[]) => void;
  /** The same document's last check: only the records an edit changed are parsed and checked (not with onRecord or continueFrom). */
  memo?: RecordMemo;
  /**
   * Called before each record is checked: a caller that throws from it abandons the check between records (the
   * server stops a superseded check so, keeping its thread), and the memo keeps the last finished check.
   */
  checkpoint?: () => void;
  /**
   * The contract's foreign keys, whose referencing keys the check collects as it goes (the report's `references`),
   * so that a file is parsed once for its own rules and its references (not with a memo).
   */
  referencing?: ForeignKeyTarget[];
  /**
   * One papaparse callback per record, for every contract: the reference that a plain contract's check of whole rows
   * (checkWholeRows) is held to in test/unit/wholeRows.test.ts.
   */
  perRecord?: boolean;
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
  /** The contract's columns bound to the header (`CsvChecker.columns`), as `values` follow them. */
  columns: readonly BoundColumn[];
  /** The header row: a column the contract binds no rule to (an unconstrained string) is found by its label. */
  header: readonly string[];
}

/** A unique column or a uniqueKeys entry, as `onRecord`'s keys follow them. */
export interface KeySet {
  kind: KeyKind;
  names: string[];
  /** The cell a unique column's message quotes (its index in the record); -1 for a set of columns. */
  cell: number;
  /** Each member's cell (its index in the record). */
  cells: number[];
}

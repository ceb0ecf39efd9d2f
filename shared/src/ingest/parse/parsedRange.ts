import { RowValues } from '../../mapping/mapLine';
import type { RowReferences } from '../foreignKeys/referenceCheck';
import { Reject, RejectCode } from '../reject';
import { LineCounts } from '../report';
import type { RawCsvRange } from './rawCsvRecords';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface ParseHooks {
  isCancelled: () => boolean;
  /** Bytes read and lines parsed since the last call. */
  onProgress: (bytes: number, lines: number) => void;
}

/**
 * A range's rows sorted by key. InnoDB inserts a sorted run of random UUIDs with about 20% less server CPU
 * (measured: docs/benchmarks.md). Keys are compared as the table compares them, and ties keep file order,
 * so the first of two equal ids still wins.
 */
export interface SortedRows {
  /** Row values, in file order. */
  values: RowValues[];
  /** Each row's key as the table compares it, in file order. */
  keys: string[];
  /** Indexes into `values`, in key order. */
  order: Uint32Array;
}

export interface ParsedRange {
  counts: LineCounts;
  rejects: Reject[];
  rows: SortedRows;
  /** Each row's line, in file order: within the range, or for a CSV in the file. */
  rowLines: number[];
  /** `onDuplicate: "error"`, a CSV's unique sets or `keepTexts`: each row's text, for the reject of a repeat. */
  rowTexts?: string[];
  /** A CSV's unique columns and uniqueKeys, whose repeats across ranges the coordinator finds (`keySetsOf`). */
  uniqueSets?: RangeKeySet[];
  /**
   * `onDuplicate: "error"` in a real load: rows whose key an earlier line had, left out of the load and settled after
   * it (settleRepeats), since that line may be one the server refused, which holds no key. In file order.
   */
  keyRepeats?: KeyRepeat[];
  /** A real load of a CSV: rows whose unique value an earlier line had, decided as they load (loadInFileOrder). */
  uniqueRepeats?: UniqueRepeat[];
  /**
   * With `uniqueRepeats`: the position in `rows.order` from which rows load one by one in file order (the rows
   * before it, all earlier in the file than the first repeat, load as usual). Set by cutInFileOrder.
   */
  inFileOrderFrom?: number;
  /**
   * A CSV with foreign keys: its rows whose keys the referenced files lack, to ask the table for before the range
   * goes on (rejectOrphans then rejects the rows the table lacks too).
   */
  referenceAsks?: RowReferences[];
  /** A CSV range whose every record LOAD DATA reads from the file's own bytes as the row parsed here (loadsAsRow). */
  rawCsv?: RawCsvRange;
  /**
   * A clean range checked without building its rows (checkCleanRange): `rows` holds the keys alone. It loads only
   * as its own bytes; any other load parses it again first.
   */
  unbuilt?: boolean;
}

/** A row whose key an earlier line of the file had, and the reject it gets when the table holds that key. */
export interface KeyRepeat {
  row: number;
  reason: string;
}

/** A row whose value of a unique set an earlier line had: a repeat only if the table holds that value in another row. */
export interface UniqueRepeat {
  row: number;
  /** The set (keySetsOf's index) and the key as it sent it. */
  set: number;
  key: string;
  /** The set's members' columns in the mapping. */
  columns: number[];
  /** The line the value's holder is named by: the first line that had it, or the last line the table took with it (Coordinator). */
  holderLine: number;
  /** The reject of a repeat of the value that `line` holds. */
  rejectOf(line: number): { code: RejectCode; reason: string };
}

/**
 * A unique value a row loaded in file order took, with its line, or, for a row that took none, the line that held it
 * before (0: a row already in the table): the coordinator names it as the holder of later repeats.
 */
export interface Holder {
  set: number;
  key: string;
  line: number;
}

/** `keepTexts`: keep every row's text (`rowTexts`), for the rejects of rows the server refused. */
export interface KeepTexts {
  keepTexts?: boolean;
}

/** One set's keys as a range sends them to the coordinator: each key, in file order, with its line. */
export interface SentKeys {
  keys: string[];
  /** Within the range, or (a CSV, `linesInFile`) in the file. */
  lines: number[];
}

/** A range's keys of one set, with what becomes of a row whose key an earlier line had. */
export interface RangeKeySet extends SentKeys {
  /** The mapping's key under onDuplicate "error" (keySetsOf), whose repeats a real load may settle (KeyRepeat). */
  mappingKey?: boolean;
  /** Each key's row (an index into the range's rows). */
  rows: number[];
  /** A CSV's unique set: its members' columns in the mapping, whose values the load compares in the table (loadInFileOrder). */
  columns?: number[];
  rejectOf(key: number, firstLine: number): { code: RejectCode; reason: string };
}

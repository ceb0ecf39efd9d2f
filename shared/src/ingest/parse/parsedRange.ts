import { RowValues } from '../../mapping/mapLine';
import { Reject, RejectCode } from '../reject';
import { LineCounts } from '../report';

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
  /** A CSV range whose every record LOAD DATA reads from the file's own bytes as the row parsed here (loadsAsRow). */
  rawCsv?: boolean;
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
  /** Each key's row (an index into the range's rows), or -1 for a rejected record, whose key still counts first. */
  rows: number[];
  rejectOf(key: number, firstLine: number): { code: RejectCode; reason: string };
}

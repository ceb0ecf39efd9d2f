import type { NarrowCharset } from './values/charsetFit';
import { ColumnType, OnDuplicate } from './declaredMapping';
import { PathSteps } from './valuePath';

/** The primary key of the table Loadline creates for a CSV whose contract has no key. */
export const ROW_ID_COLUMN = 'loadline_row';

/**
 * How one JSON-lines log shape becomes rows, compiled from its declaration (`compileMapping`): plain data,
 * so that it crosses to the worker threads as it is.
 */
export type ValueSource =
  /** The same path for every line; `label` is the path as the user wrote it, for messages. */
  | { path: PathSteps; label: string }
  /** A path per `when` value, such as data.message for messages and data.status for statuses. */
  | { byType: Record<string, { path: PathSteps; label: string }> };

/** What a column can hold; a value past them is rejected, never truncated or rounded. */
export interface ColumnLimits {
  /** Characters as utf8mb4 counts them (code points). */
  maxChars?: number;
  /** TEXT columns count bytes. */
  maxBytes?: number;
  /** Whole numbers, as decimal strings: BIGINT's range does not fit a double. */
  integerRange?: { min: string; max: string };
  /** DECIMAL(precision, scale). */
  decimal?: { precision: number; scale: number };
  /** Unix seconds a time column holds (TIMESTAMP: 1 to 2147483647). */
  secondsRange?: { min: number; max: number };
  /** Fractional digits of a second a time column keeps (its DATETIME_PRECISION). */
  fractionDigits?: number;
  /** FLOAT (24) or DOUBLE (53): significand bits, within which whole numbers are exact. */
  floatBits?: 24 | 53;
  /** A text column whose character set holds less than all of Unicode. */
  charset?: NarrowCharset;
  /** For a set charsetFit has no pattern for: a RegExp source matching what it cannot store (charsetRepertoire). */
  unstorable?: string;
  /** A CHAR column, which drops trailing spaces on store and read. */
  padded?: true;
  /**
   * An existing TIMESTAMP NOT NULL column: MariaDB stores the current time for a NULL sent to it, with no warning
   * (whatever explicit_defaults_for_timestamp says), so a missing value is rejected here (missingValueFault).
   */
  nullStoresNow?: true;
}

export interface ColumnMapping {
  column: string;
  type: ColumnType;
  /** The column's definition in a table Loadline creates. */
  sqlType: string;
  source: ValueSource;
  /** A missing or null value rejects the line; otherwise `defaultValue` (null: SQL NULL) is stored. */
  required: boolean;
  defaultValue: string | null;
  acceptNumbers: boolean;
  limits: ColumnLimits;
}

export interface IngestMapping {
  name: string;
  /** The chat mapping Loadline uses when no declared mapping applies. */
  builtIn: boolean;
  table: string;
  /** The value at `path` must be one of `values`; any other line is rejected. */
  when?: { path: PathSteps; label: string; values: string[] };
  /** The duplicate key's columns. */
  key: string[];
  /**
   * A CSV whose contract names no key: the in-file key is LINE_KEY_COLUMN, the row's line, which never repeats,
   * and the table's primary key is ROW_ID_COLUMN, the server's counter; so every valid row is loaded as LOAD DATA
   * would load it, repeats and reloads too (the ledger keeps --resume exact).
   */
  lineKey?: boolean;
  columns: ColumnMapping[];
  /** The JSON Schema each line must meet (mapLine), as JSON: compiled with Ajv in each thread that maps lines. */
  schema?: object;
  indexes: string[][];
  onDuplicate: OnDuplicate;
}

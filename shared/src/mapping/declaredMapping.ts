/** The `ingest` section of .loadline.json as the user writes it (docs/ingest.md, "Ingest mappings"). */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'unix-seconds', 'unix-millis', 'datetime', 'date', 'json'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type OnDuplicate = 'skip' | 'update' | 'error';

export interface DeclaredColumn {
  /** A dot path, a JSON Pointer, "$" for the whole line, or a path per `when` value. */
  from: string | Record<string, string>;
  type?: ColumnType;
  required?: boolean;
  default?: string | number | boolean;
  /** string: the VARCHAR width of a created table. */
  maxLength?: number;
  /** string: whole JSON numbers are stored as their digits. */
  acceptNumbers?: boolean;
}

export interface DeclaredMapping {
  name: string;
  files?: string[];
  table: string;
  key: string | string[];
  when?: { path: string; in: string[] };
  columns: Record<string, DeclaredColumn>;
  /**
   * A JSON Schema each line must meet: inline, or a path relative to the config. The contract service replaces a
   * path with the schema it names, so that compileMapping only ever sees an object.
   */
  schema?: string | object;
  indexes?: string[][];
  onDuplicate?: OnDuplicate;
}

export const DEFAULT_STRING_LENGTH = 255;

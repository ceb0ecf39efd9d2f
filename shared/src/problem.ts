/** The editor-free description of one finding; adapters turn it into a Diagnostic, a text line or an annotation. */
export type Severity = 'error' | 'warning' | 'information';

/** How many problems of each severity a check found, shown or past the cap. */
export type SeverityCounts = Record<Severity, number>;

export const noProblemsCounted = (): SeverityCounts => ({ error: 0, warning: 0, information: 0 });

/** Stable codes; frictionless names where one fits. */
export type ProblemCode =
  | 'invalid-csv'
  | 'missing-label'
  /** A header the schema's `fieldsMatch` leaves no room for, or one out of the order `exact` asks for. */
  | 'extra-label'
  | 'incorrect-label'
  | 'required'
  | 'duplicate-label'
  | 'blank-label'
  | 'extra-cell'
  | 'missing-cell'
  | 'too-many-problems'
  | 'invalid-config'
  /** Table Schema checks on cells and rows (frictionless codes). */
  | 'type-error'
  | 'constraint-error'
  | 'unique-error'
  | 'primary-key'
  /** A row's foreign key is not a key of the resource it refers to. */
  | 'foreign-key'
  /** Information: no contract applies to the file. */
  | 'no-contract'
  /** Information: the file was not UTF-8 and was read as the encoding the message names. */
  | 'encoding'
  /** The check was abandoned (a contract rule ran past its time budget): the file's other problems are unknown. */
  | 'check-failed'
  /** A JSON-lines log's line that `loadline ingest` rejects, by its reject code (LogRejectCode); `required` too. */
  | 'invalid-json'
  | 'not-an-object'
  | 'unsupported-event'
  | 'schema-error'
  | 'value-error'
  | 'encoding-error'
  | 'line-too-long'
  | 'duplicate-key';

/** Zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  range: Range;
  /** For quick fixes: the header a `missing-label` problem names. */
  header?: string;
  /** The finer reason within the code: the constraint broken (`minimum`, `pattern`, `enum`, …), the type expected, or `uniqueKeys`. */
  reason?: string;
  /** What the problem is about, as values (a `foreign-key` problem: the key, its fields, the referenced resource and fields). */
  data?: Record<string, unknown>;
}

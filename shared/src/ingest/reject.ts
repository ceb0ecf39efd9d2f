import type { ProblemCode } from '../problem';
import type { LineRejectCode } from '../mapping/mapLine';

/**
 * The CSV problems that reject a record: its diagnostic's code (frictionless codes, as the editor shows them). Not
 * the others: an ingest's checker reports ragged rows as warnings, and leaves repeats of the primary key to the table.
 */
export type RecordRejectCode = Extract<ProblemCode, 'invalid-csv' | 'required' | 'type-error' | 'constraint-error' | 'unique-error' | 'foreign-key'>;

/** Why a log line is rejected before the server sees it: what the log checker reports (ProblemCode holds these too). */
export type LogRejectCode = LineRejectCode | 'encoding-error' | 'line-too-long' | 'duplicate-key';

/** Why a line or record was rejected: one stable code per kind of problem, in the rejects file and the report. */
export type RejectCode = LogRejectCode | RecordRejectCode | 'server-rejected';

/** Each code and what it means, for the rejects file's reader; the reject's `reason` words the particular case. */
export const REJECT_CODES: Readonly<Record<RejectCode, string>> = {
  'invalid-json': 'a log line is not JSON',
  'not-an-object': 'a log line is JSON but not an object',
  'unsupported-event': "a log line's event type is none the mapping loads",
  'schema-error': "a log line breaks its mapping's JSON Schema (the message names the keyword)",
  required: 'a required field is missing',
  'value-error': 'a value does not fit its column (type, range, size, characters or precision)',
  'invalid-csv': 'a record cannot be read as CSV (quotes, encoding or size)',
  'type-error': "a cell is not of its field's type",
  'constraint-error': "a cell breaks one of its field's constraints",
  'unique-error': 'a unique column or uniqueKeys entry repeats an earlier row',
  'foreign-key': "a row's foreign key is in neither the referenced file nor the referenced table",
  'encoding-error': 'a log line is not valid UTF-8',
  'line-too-long': 'a log line is longer than a line may be',
  'duplicate-key': "a line repeats an earlier line's key, and onDuplicate is error",
  'server-rejected': 'the server refused the row (a CHECK, a foreign key, a partition, another UNIQUE key)',
};

/**
 * A record's error as its reject code. An ingest's checker gives records no other error codes (RecordRejectCode);
 * were one added, its record would still be rejected, as invalid-csv, until the union names it.
 */
export const recordRejectCode = (code: ProblemCode): RejectCode => (Object.hasOwn(REJECT_CODES, code) ? (code as RejectCode) : 'invalid-csv');

/** A rejected line as written to the rejects file (line numbers are filled in by the coordinator). */
export interface Reject {
  /** Within the range; with `fileLine`, in the file (a CSV row as the user sees it). */
  line: number;
  fileLine?: boolean;
  code: RejectCode;
  reason: string;
  text: string;
}

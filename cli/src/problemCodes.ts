import { Problem } from '@loadline/shared';

/**
 * Each problem code in words: a short description and a help text. Reports that describe their rules (SARIF) take
 * them from here; the Record makes a new code without words a compile error.
 */
export const PROBLEM_CODES: Record<Problem['code'], { short: string; help: string }> = {
  'invalid-csv': {
    short: 'Not valid CSV',
    help: 'The file cannot be read as CSV: an unclosed quote, text after a closing quote, or a delimiter that cannot be detected. Fix the quoting at the position shown.',
  },
  'missing-label': {
    short: 'A required header is missing',
    help: 'The contract requires a column whose header is not in row 1. Add the header, or relax the contract.',
  },
  'extra-label': {
    short: 'A header the contract leaves no room for',
    help: "The Table Schema's fieldsMatch does not allow this header. Remove the column, or add the field to the schema.",
  },
  'incorrect-label': {
    short: 'A header out of the expected order',
    help: "The Table Schema's fieldsMatch asks for the fields in order. Rename or move the column as the message says.",
  },
  required: {
    short: 'A required value is empty',
    help: 'A column the contract marks required has an empty or whitespace-only cell. Fill in the value.',
  },
  'duplicate-label': {
    short: 'A header appears twice',
    help: 'Two columns have the same header. Rename one of them.',
  },
  'blank-label': {
    short: 'A header is blank',
    help: 'A column has an empty header. Name it.',
  },
  'extra-cell': {
    short: 'A row has more cells than the header',
    help: 'The row has more cells than row 1 has headers. Remove the extra cells or quote a value that holds the delimiter.',
  },
  'missing-cell': {
    short: 'A row has fewer cells than the header',
    help: 'The row ends before the last header. Add the missing cells (they may be empty).',
  },
  'too-many-problems': {
    short: 'More problems than were reported',
    help: 'The check stopped reporting at the problem cap. Raise --max-problems to see them all.',
  },
  'invalid-config': {
    short: 'A contract file cannot be used',
    help: 'A .loadline.json, Table Schema or datapackage.json is broken or names a file that cannot be read. Fix it at the position shown; until then the files it covers are not checked against it.',
  },
  'type-error': {
    short: 'A value is not of its type',
    help: "The value cannot be read as the field's Table Schema type (and format). Correct the value or the field's type.",
  },
  'constraint-error': {
    short: 'A value breaks a constraint',
    help: "The value breaks one of the field's constraints (minimum, maximum, pattern, enum, length). Correct the value or the constraint.",
  },
  'unique-error': {
    short: 'A value repeats in a unique column',
    help: 'The column, or a uniqueKeys column set, must be unique, and this row repeats an earlier one named in the message.',
  },
  'primary-key': {
    short: 'A primary key repeats',
    help: 'The row repeats the primary key of an earlier row named in the message. Remove the duplicate or correct the key.',
  },
  'foreign-key': {
    short: 'A reference to a key that is not there',
    help: "The row's foreign key fields hold a key that no row of the referenced resource holds. Correct the value, or add the key to the referenced file. A problem on line 1 names a referenced file that cannot be read past a line: fix that file there.",
  },
  'no-contract': {
    short: 'No contract applies to the file',
    help: 'No .loadline.json contract or datapackage.json resource matches this file, so only its CSV structure is checked.',
  },
  encoding: {
    short: 'The file is not UTF-8',
    help: 'The file was decoded as the encoding the message names. Save it as UTF-8 to be sure every character is read as meant.',
  },
  'check-failed': {
    short: 'The check of the file was stopped',
    help: 'A contract rule took longer than its time budget on one cell, so the rest of the file was not checked. Simplify that rule.',
  },
  'invalid-json': {
    short: 'A log line is not JSON',
    help: 'loadline ingest would reject this JSON-lines log line: it cannot be parsed as JSON. Fix the line at the position the message names.',
  },
  'not-an-object': {
    short: 'A log line is not a JSON object',
    help: 'loadline ingest would reject this line: it is JSON, but an ingest mapping reads objects. Write the event as one object per line.',
  },
  'unsupported-event': {
    short: "A log line's event type is none the mapping loads",
    help: "loadline ingest would reject this line: the value at the mapping's when path is not one of its values. Add the value to when.in, or leave the line out.",
  },
  'schema-error': {
    short: "A log line breaks its mapping's JSON Schema",
    help: "loadline ingest would reject this line: it does not meet the JSON Schema the mapping's schema names, at the path and keyword the message gives. Correct the value, or the schema.",
  },
  'value-error': {
    short: 'A log value does not fit its column',
    help: "loadline ingest would reject this line: a value does not fit its column's type, range, length, characters or precision. Correct the value or the mapping.",
  },
  'encoding-error': {
    short: 'A log line is not UTF-8',
    help: 'loadline ingest would reject this line (or the whole file, when it is UTF-16): logs are read as UTF-8. Save the file as UTF-8.',
  },
  'line-too-long': {
    short: 'A log line is too long',
    help: 'loadline ingest would reject this line unread: it is longer than a line may be. Split the event or leave it out.',
  },
  'duplicate-key': {
    short: "A log line repeats an earlier line's key",
    help: 'With onDuplicate "error", loadline ingest rejects a line whose key an earlier line had (the message names it); with skip or update this is information on which line wins.',
  },
};

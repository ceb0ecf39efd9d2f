import { columnValue } from './values/columnValue';
import { parseExact } from './values/exactNumber';
import { IngestMapping } from './ingestMapping';
import { jsonTextAt } from './values/jsonTextAt';
import { missingValueFault } from './values/missingValue';
import { compileLineSchema, schemaViolation } from './lineSchema';
import { PathSteps, valueAt } from './valuePath';

/** A row's values in column order; null is SQL NULL. */
export type RowValues = (string | null)[];
/** Why a log line is not a row; the ingest's reject codes (RejectCode) include these. */
export type LineRejectCode = 'invalid-json' | 'not-an-object' | 'unsupported-event' | 'schema-error' | 'required' | 'value-error';
/**
 * Where in the line a reject points, for an editor: the value at `path` (a wrong value, a `when` value that is not
 * loaded, a line that is not an object), or, for a missing value, the path that lacks it. None for invalid JSON.
 */
export interface RejectSite {
  kind: 'value' | 'missing' | 'when';
  path: PathSteps;
}
export type MappedLine = { kind: 'row'; values: RowValues } | { kind: 'reject'; code: LineRejectCode; reason: string; at?: RejectSite } | { kind: 'blank' };

const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * Turns one log line into the row values of `mapping`, in column order, or the reason it cannot be stored. A line is
 * checked from the outside in, and its first fault rejects it: JSON, an object, the `when` filter (a line of an event
 * the mapping does not load is never held to its schema), the mapping's JSON Schema, then each column in order.
 */
export function mapLine(line: string, mapping: IngestMapping): MappedLine {
  if (line.charCodeAt(0) !== 123 /* { */ && line.trim() === '') return { kind: 'blank' };
  let parsed: unknown;
  let event: unknown;
  try {
    parsed = JSON.parse(line);
    event = parseExact(line, parsed);
  } catch (error) {
    return { kind: 'reject', code: 'invalid-json', reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return { kind: 'reject', code: 'not-an-object', reason: 'invalid event: expected a JSON object', at: { kind: 'value', path: [] } };

  let kind: string | undefined;
  const { when } = mapping;
  if (when) {
    const value = valueAt(event, when.path);
    if (typeof value !== 'string' || !when.values.includes(value)) {
      return {
        kind: 'reject',
        code: 'unsupported-event',
        // An absent value is not null: say which, as the line holds it (or does not).
        reason: `unsupported ${when.label} ${value === undefined ? '(absent)' : JSON.stringify(value)}: only ${listFormat.format(when.values)} events are loaded`,
        at: { kind: 'when', path: when.path },
      };
    }
    kind = value;
  }
  if (mapping.schema) {
    const violation = schemaRejectOf(mapping.schema, line, parsed);
    if (violation) return violation;
  }

  const values: RowValues = [];
  for (const column of mapping.columns) {
    const source = 'path' in column.source ? column.source : kind === undefined ? undefined : column.source.byType[kind];
    const value = source ? valueAt(event, source.path) : undefined;
    if (value === undefined || value === null) {
      const missing = column.required
        ? { reason: `missing required field ${source?.label ?? column.column}` }
        : missingValueFault(column, source?.label ?? column.column);
      if (missing) return { kind: 'reject', code: 'required', reason: missing.reason, at: { kind: 'missing', path: source?.path ?? [] } };
      values.push(column.defaultValue);
      continue;
    }
    const written = column.type === 'json' && typeof value === 'object' ? jsonTextAt(line, source!.path) : '';
    const mapped = columnValue(value, column, source!.label, written);
    if (typeof mapped !== 'string') return { kind: 'reject', code: 'value-error', reason: mapped.reason, at: { kind: 'value', path: source!.path } };
    values.push(mapped);
  }
  return { kind: 'row', values };
}

/** The line against the mapping's JSON Schema, as JSON.parse reads it (numbers as doubles): a reject, or none. */
function schemaRejectOf(schema: object, line: string, parsed: unknown): MappedLine | undefined {
  const validate = compileLineSchema(schema);
  // The config check refuses such a schema first; a mapping that bypassed it still accounts for every line.
  if ('fault' in validate) return { kind: 'reject', code: 'schema-error', reason: `the mapping's schema cannot be used: ${validate.fault}` };
  const violation = schemaViolation(validate, line, parsed);
  return violation && { kind: 'reject', code: 'schema-error', reason: violation.reason, at: { kind: 'value', path: violation.path } };
}

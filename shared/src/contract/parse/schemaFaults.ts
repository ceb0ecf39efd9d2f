import { JSONPath } from 'jsonc-parser';
import type { JsonLocator } from './jsonLocator';
import { normalizeLabel } from '../normalizeLabel';
import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES, FORMATS } from '../../schema/castValue';
import { constraintFaults } from '../../schema/fieldRule';
import { SchemaField, TableSchema } from '../../schema/tableSchema';
import { checkStrptime } from '../../schema/temporal';

/** A problem in a JSON file, by offsets. */
export interface Fault {
  start: number;
  end: number;
  message: string;
  /** A warning leaves the file usable; any other fault makes it broken. */
  severity?: 'warning';
}

export const SEE = 'See "Typed contracts" in docs/contracts.md.';

function faultAt(json: JsonLocator, path: JSONPath, message: string, fallback: JSONPath = []): Fault {
  return { ...json.span(path, fallback), message: `${message}. ${SEE}` };
}

/** Why a field's format does not fit its type, or undefined. */
function formatFault(field: SchemaField): string | undefined {
  const type = field.type ?? 'string';
  const format = field.format?.replace(/^fmt:/, '');
  if (format === undefined || format === 'default') return undefined;
  if (type === 'date' || type === 'time' || type === 'datetime') {
    // frictionless-py guesses with format "any"; a contract should say what it accepts, so Loadline refuses it.
    if (format === 'any') return `format "any" is not supported: give a strptime pattern such as "%d/%m/%Y", or leave format out for ISO 8601`;
    return checkStrptime(format);
  }
  const formats = FORMATS[type];
  if (!formats) return `The ${type} type takes no format`;
  return formats.includes(format) ? undefined : `The ${type} type has no format "${format}"; it takes ${formats.map((f) => `"${f}"`).join(', ')}`;
}

/** A field's format and constraints, checked against its type, at their positions under `path`. */
export function fieldSchemaFaults(json: JsonLocator, field: SchemaField, path: JSONPath): Fault[] {
  const format = formatFault(field);
  // Constraint limits are read with the field's format: a broken format is the one fault to report first.
  if (format) return [faultAt(json, [...path, 'format'], format, path)];
  return [
    ...booleanFaults(json, field, path),
    ...constraintFaults(field).map(({ constraint, message }) => faultAt(json, [...path, 'constraints', constraint], message, path)),
  ];
}

/**
 * A boolean's trueValues and falseValues that share a text (the cell would silently read as true, the list checked
 * first) or are both empty (no cell could be a boolean). frictionless-py accepts both; each is a contract mistake.
 */
function booleanFaults(json: JsonLocator, field: SchemaField, path: JSONPath): Fault[] {
  if (field.type !== 'boolean') return [];
  const truths = field.trueValues ?? DEFAULT_TRUE_VALUES;
  const falsehoods = field.falseValues ?? DEFAULT_FALSE_VALUES;
  if (truths.length === 0 && falsehoods.length === 0)
    return [
      faultAt(
        json,
        [...path, 'trueValues'],
        'trueValues and falseValues are both empty, so no cell could be a boolean: list the texts of each, or leave them out for the defaults',
        path,
      ),
    ];
  const shared = falsehoods.findIndex((text) => truths.includes(text));
  if (shared === -1) return [];
  const text = falsehoods[shared];
  // At the list the contract wrote: the default of the other is not in the file.
  const at = field.falseValues ? [...path, 'falseValues', shared] : [...path, 'trueValues', truths.indexOf(text)];
  const defaults = field.falseValues && field.trueValues ? '' : ' (a list left out has its defaults)';
  return [
    faultAt(
      json,
      at,
      `${JSON.stringify(text)} is in both trueValues and falseValues${defaults}, so a cell ${JSON.stringify(text)} would read as true: keep it in one list`,
      path,
    ),
  ];
}

/** A Table Schema's fields, and key columns that name no field. `labels`: header rules that also count as columns. */
export function tableSchemaFaults(json: JsonLocator, schema: TableSchema, path: JSONPath, labels: string[] = []): Fault[] {
  const faults: Fault[] = [];
  schema.fields.forEach((field, f) => {
    const at = [...path, 'fields', f];
    faults.push(...fieldSchemaFaults(json, field, at));
    if ('required' in field) faults.push(faultAt(json, [...at, 'required'], 'In a Table Schema, "required" goes inside "constraints"', at));
  });
  faults.push(
    ...repeatedNames(schema.fields.map((f) => f.name)).map(({ at, first }) =>
      faultAt(
        json,
        [...path, 'fields', at, 'name'],
        `Field "${schema.fields[at].name}" repeats field ${first + 1} ("${schema.fields[first].name}"): fields match headers case-insensitively, so one would silently replace the other`,
        [...path, 'fields', at],
      ),
    ),
  );
  const known = new Set([...schema.fields.map((f) => f.name), ...labels].map(normalizeLabel));
  const keyFaults = (names: string[], keyPath: JSONPath, what: string) =>
    names.forEach((name, i) => {
      if (!known.has(normalizeLabel(name)))
        faults.push(faultAt(json, [...keyPath, i], `The ${what} names "${name}", which is not a field of this schema`, keyPath));
    });
  if (typeof schema.primaryKey === 'string') keyFaults([schema.primaryKey], [...path, 'primaryKey'], 'primaryKey');
  else if (schema.primaryKey) keyFaults(schema.primaryKey, [...path, 'primaryKey'], 'primaryKey');
  schema.uniqueKeys?.forEach((names, k) => keyFaults(names, [...path, 'uniqueKeys', k], 'uniqueKeys entry'));
  return faults;
}

/** Each name that repeats an earlier one, trimmed and case-insensitively (as labels match), with the earlier one's index. */
export function repeatedNames(names: string[]): { at: number; first: number }[] {
  const seen = new Map<string, number>();
  const repeats: { at: number; first: number }[] = [];
  names.forEach((name, at) => {
    const key = normalizeLabel(name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, at);
    else repeats.push({ at, first });
  });
  return repeats;
}

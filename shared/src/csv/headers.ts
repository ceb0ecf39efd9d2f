import { normalizeLabel } from '../contract/normalizeLabel';
import { ColumnRule, tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';
import { FieldsMatch } from '../schema/tableSchema';

/** The schema's field names, when its `fieldsMatch` says how the header must match them. */
function matchedFields(contract: Contract): { match: FieldsMatch; names: string[] } | undefined {
  const schema = typeof contract.schema === 'object' ? contract.schema : undefined;
  return schema?.fieldsMatch ? { match: schema.fieldsMatch, names: schema.fields.map((f) => f.name) } : undefined;
}

/** A contract header that row 1 lacks; `match` when only the schema's fieldsMatch asks for it, not `required`. */
export interface MissingHeader {
  name: string;
  match?: FieldsMatch;
}

/**
 * Contract headers that row 1 does not have: the required ones, and those the schema's `fieldsMatch` asks for
 * (every field for exact, equal and subset; for partial, every field when none is there).
 */
export function findMissingHeaders(header: readonly string[], contract: Contract | undefined, labels = headerLabels(header)): MissingHeader[] {
  if (!contract) return [];
  const present = labels.first;
  const missing: MissingHeader[] = tableRules(contract)
    .columns.filter((c) => c.headerRequired && !present.has(c.key))
    .map((c) => ({ name: c.label }));
  const fields = matchedFields(contract);
  if (!fields || fields.match === 'superset') return missing;
  if (fields.match === 'partial' && fields.names.some((name) => present.has(normalizeLabel(name)))) return missing;
  const named = new Set(missing.map((m) => normalizeLabel(m.name)));
  for (const name of fields.names) if (!present.has(normalizeLabel(name)) && !named.has(normalizeLabel(name))) missing.push({ name, match: fields.match });
  return missing;
}

/** Why the header must be there: a field that is not `required` must not be called so. */
export function missingHeaderMessage({ name, match }: MissingHeader): string {
  if (match === undefined) return `Missing required header "${name}"`;
  const wants = match === 'partial' ? 'at least one of its fields' : 'every field';
  return `Missing header "${name}": the schema's fieldsMatch "${match}" wants ${wants} in the header`;
}

/** A header cell that the schema's `fieldsMatch` does not allow. */
export interface UnexpectedHeader {
  index: number;
  code: 'extra-label' | 'incorrect-label';
  /** For incorrect-label, the field `exact` expects in that column. */
  expected?: string;
}

/** Header cells that are no field (equal, superset, and exact past the last field), or not the field exact expects there. */
export function findUnexpectedHeaders(header: readonly string[], contract: Contract | undefined): UnexpectedHeader[] {
  const fields = contract && matchedFields(contract);
  if (!fields || fields.match === 'subset' || fields.match === 'partial') return [];
  const known = new Set(fields.names.map(normalizeLabel));
  const unexpected: UnexpectedHeader[] = [];
  header.forEach((label, index) => {
    // A blank label is reported as such.
    if (normalizeLabel(label) === '') return;
    if (fields.match !== 'exact') {
      if (!known.has(normalizeLabel(label))) unexpected.push({ index, code: 'extra-label' });
    } else if (index >= fields.names.length) unexpected.push({ index, code: 'extra-label' });
    else if (normalizeLabel(label) !== normalizeLabel(fields.names[index])) unexpected.push({ index, code: 'incorrect-label', expected: fields.names[index] });
  });
  return unexpected;
}

/** A contract column found in the header row, at its index. */
export interface BoundColumn {
  index: number;
  column: ColumnRule;
}

/** The contract's columns that row 1 has and whose cells need a look (required, typed or in a key), left to right. */
export function bindColumns(header: readonly string[], contract: Contract | undefined, labels = headerLabels(header)): BoundColumn[] {
  if (!contract) return [];
  const bound: BoundColumn[] = [];
  const at = labels.first;
  for (const column of tableRules(contract).columns) {
    if (!column.rule.required && !column.rule.typed && !column.keyed) continue;
    const index = at.get(column.key);
    if (index !== undefined) bound.push({ index, column });
  }
  return bound.sort((a, b) => a.index - b.index);
}

/** A header row's labels as they are matched (normalizeLabel), and each one's first column. */
export interface HeaderLabels {
  keys: string[];
  first: Map<string, number>;
}

/**
 * One pass over the header, shared by the steps that look labels up: a search per column was quadratic in a wide
 * file, and a pass of its own per step normalized 100,000 labels three times.
 */
export function headerLabels(header: readonly string[]): HeaderLabels {
  const keys = new Array<string>(header.length);
  const first = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const key = normalizeLabel(header[i]);
    keys[i] = key;
    if (!first.has(key)) first.set(key, i);
  }
  return { keys, first };
}

/** For each header cell, the earlier column it repeats, or -1. */
export function findDuplicateHeaders(header: readonly string[], labels = headerLabels(header)): number[] {
  return labels.keys.map((key, i) => {
    const first = labels.first.get(key)!;
    return key === '' || first === i ? -1 : first;
  });
}

import { normalizeLabel } from './normalizeLabel';
import { compileField, FieldRule } from '../schema/fieldRule';
import { DEFAULT_MISSING_VALUES, SchemaField, TableSchema } from '../schema/tableSchema';
import { Contract } from './types';

/** One column the contract says something about, keyed by its header label. */
export interface ColumnRule {
  label: string;
  /** The header must be present (`required`, `constraints.required`, or part of the primary key). */
  headerRequired: boolean;
  rule: FieldRule;
  /** The downstream field it maps to (a header rule's `field`). */
  mapsTo?: string;
  /** Where it was written: "headers" of a contract, or its Table Schema. */
  origin: 'headers' | 'schema';
  /** Part of the primary key or of a uniqueKeys entry: its values are needed even when it checks nothing itself. */
  keyed: boolean;
}

/** What a contract asks of a table, whichever way it was written: header rules, a Table Schema, or both. */
export interface TableRules {
  columns: ColumnRule[];
  primaryKey: string[];
  uniqueKeys: string[][];
}

const byObject = new WeakMap<Contract, TableRules>();
/**
 * By content too: the language server sends each check a fresh copy of the contract (to its worker thread), and
 * fresh casts would start with cold inline caches, which made a 10,000-row check twice as slow.
 */
const byText = new Map<string, TableRules>();
const MAX_CACHED = 64;

/**
 * A contract's rules, compiled once per contract. Schema fields come first; a header rule for the same label
 * (case-insensitively) adds to the field and wins where both say something.
 */
export function tableRules(contract: Contract): TableRules {
  let rules = byObject.get(contract);
  if (rules) return rules;
  const text = JSON.stringify(contract);
  rules = byText.get(text);
  if (!rules) {
    rules = compile(contract);
    if (byText.size >= MAX_CACHED) byText.delete(byText.keys().next().value!);
    byText.set(text, rules);
  }
  byObject.set(contract, rules);
  return rules;
}

function compile(contract: Contract): TableRules {
  const schema: TableSchema | undefined = typeof contract.schema === 'object' ? contract.schema : undefined;
  const primaryKey = schema?.primaryKey === undefined ? [] : typeof schema.primaryKey === 'string' ? [schema.primaryKey] : schema.primaryKey;
  const inKey = new Set(primaryKey.map(normalizeLabel));
  const uniqueKeys = schema?.uniqueKeys ?? [];
  const keyed = new Set([...primaryKey, ...uniqueKeys.flat()].map(normalizeLabel));
  const missingValues = schema?.missingValues ?? DEFAULT_MISSING_VALUES;
  const byLabel = new Map<string, { field: SchemaField; headerRequired: boolean; typed: boolean; mapsTo?: string; origin: ColumnRule['origin'] }>();

  for (const field of schema?.fields ?? []) {
    byLabel.set(normalizeLabel(field.name), { field, headerRequired: field.constraints?.required === true, typed: true, origin: 'schema' });
  }
  for (const [label, header] of Object.entries(contract.headers ?? {})) {
    const { field: mapsTo, required, allowEmpty, ...options } = header;
    const earlier = byLabel.get(normalizeLabel(label));
    const constraints = { ...earlier?.field.constraints, ...options.constraints };
    // `required` is Loadline's shorthand: the header must exist, and its cells too unless `allowEmpty`.
    if (required && !allowEmpty) constraints.required = true;
    if (allowEmpty) delete constraints.required;
    const field: SchemaField = { ...earlier?.field, ...options, name: label, constraints };
    const typed = earlier !== undefined || Object.keys(options).length > 0;
    byLabel.set(normalizeLabel(label), {
      field,
      headerRequired: required === true || constraints.required === true,
      typed,
      mapsTo,
      origin: earlier ? earlier.origin : 'headers',
    });
  }
  const columns = [...byLabel].map(([key, c]) => {
    // Key fields are implicitly required (Table Schema).
    const field = inKey.has(key) ? { ...c.field, constraints: { ...c.field.constraints, required: true } } : c.field;
    return {
      label: c.field.name,
      headerRequired: c.headerRequired || inKey.has(key),
      rule: compileField(field, missingValues, c.typed),
      mapsTo: c.mapsTo,
      origin: c.origin,
      keyed: keyed.has(key),
    };
  });
  return { columns, primaryKey, uniqueKeys };
}

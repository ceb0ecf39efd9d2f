import { contractKey } from './contractKey';
import { normalizeLabel } from './normalizeLabel';
import { compileField, FieldRule } from '../schema/fieldRule';
import { DEFAULT_MISSING_VALUES, SchemaField, TableSchema } from '../schema/tableSchema';
import { Contract } from './types';

/** One column the contract says something about, keyed by its header label. */
export interface ColumnRule {
  label: string;
  /** The label as headers are matched: normalizeLabel's, once. */
  key: string;
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
 * By content too (contractKey): the language server sends each check a fresh copy of the contract (to its worker
 * thread), and fresh casts would start with cold inline caches, which made a 10,000-row check twice as slow.
 */
const byKey = new Map<string, TableRules>();
const MAX_CACHED = 64;

/**
 * A contract's rules, compiled once per contract. Schema fields come first; a header rule for the same label
 * (case-insensitively) adds to the field and wins where both say something.
 */
export function tableRules(contract: Contract): TableRules {
  let rules = byObject.get(contract);
  if (rules) return rules;
  const key = contractKey(contract);
  rules = byKey.get(key);
  if (!rules) {
    rules = compile(contract);
    if (byKey.size >= MAX_CACHED) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, rules);
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
    // A foreign key is checked across files (csv/foreignKeyCheck), not on the cell: it makes no column typed.
    const { field: mapsTo, required, allowEmpty, foreignKey: _foreignKey, ...options } = header;
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
  const ruleOf = sharedRules(missingValues);
  const columns: ColumnRule[] = [];
  for (const [key, c] of byLabel) {
    // Key fields are implicitly required (Table Schema).
    const field = inKey.has(key) ? { ...c.field, constraints: { ...c.field.constraints, required: true } } : c.field;
    columns.push({
      label: c.field.name,
      key,
      headerRequired: c.headerRequired || inKey.has(key),
      rule: ruleOf(field, c.typed),
      mapsTo: c.mapsTo,
      origin: c.origin,
      keyed: keyed.has(key),
    });
  }
  return { columns, primaryKey, uniqueKeys };
}

/**
 * Compiles fields, once per shape: the fields of a wide table mostly differ only in their names, and a cast,
 * its constraint checks and its missing-values set per column made 100,000 columns cost seconds of garbage
 * collection. A field whose test is watched (a pattern, a format) names its column there, so has its own rule.
 */
function sharedRules(missingValues: readonly string[]): (field: SchemaField, typed: boolean) => FieldRule {
  const byShape = new Map<string, FieldRule>();
  return (field, typed) => {
    if (field.format !== undefined || field.constraints?.pattern !== undefined) return compileField(field, missingValues, typed);
    const key = shapeKey(field, typed);
    const rule = byShape.get(key);
    if (rule) return { ...rule, field };
    const compiled = compileField(field, missingValues, typed);
    byShape.set(key, compiled);
    return compiled;
  };
}

/**
 * A field's options and constraints but not its name: each value with its kind and length, so that two different
 * fields never give the same key. Cheaper than stringifying a copy of the field without its name.
 */
function shapeKey(field: SchemaField, typed: boolean): string {
  let key = typed ? 't' : 'u';
  const add = (options: object) => {
    key += '{';
    for (const name in options) {
      if (!Object.hasOwn(options, name) || (options === field && name === 'name')) continue;
      const value: unknown = options[name as keyof typeof options];
      key += `${name.length}:${name}`;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) add(value);
      else {
        const text = typeof value === 'string' ? value : Object.is(value, -0) ? '-0' : (JSON.stringify(value) ?? 'undefined');
        key += `${typeof value}${text.length}:${text}`;
      }
    }
    key += '}';
  };
  add(field);
  return key;
}

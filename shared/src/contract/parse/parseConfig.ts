import type { ErrorObject, ValidateFunction } from 'ajv';
import { JSONPath } from 'jsonc-parser';
import { dialectFaults } from './dialectFaults';
import { JsonLocator } from './jsonLocator';
import { describeParseError, keepWritten, readJson } from './jsonValue';
import { Problem } from '../../problem';
import { LineCursor } from '../../text/lineCursor';
import { checkGlob } from '../checkGlob';
import { normalizeLabel } from '../normalizeLabel';
import { mappingFaults, SEE as INGEST_GUIDE } from './mappingFaults';
import { headerForeignKeyFaults, headerNames, repeatedContractNames, schemaForeignKeyFaults } from './foreignKeyFaults';
import { fieldSchemaFaults, Fault, repeatedNames, SEE as TYPED_GUIDE, tableSchemaFaults } from './schemaFaults';
import { inlinedSchema } from './configSchema';
import * as validators from './configValidators';
import { SchemaField, TableSchema } from '../../schema/tableSchema';
import { typoOf, typoWarnings } from './unknownProperties';
import { CONFIG_GUIDE, ContractConfig, DATA_PACKAGE_GUIDE, DataPackage } from '../types';

/** `warnings`: problems that leave the file usable (a likely typo of a known property). */
export type ParseResult<T> = { ok: true; value: T; warnings: Problem[] } | { ok: false; problems: Problem[] };
export type ConfigResult = { ok: true; config: ContractConfig; warnings: Problem[] } | { ok: false; problems: Problem[] };

// Generated at build time (scripts/build.mjs): the same code and messages Ajv would compile here, without the compiling.
const validateConfig = validators.validateConfig as unknown as ValidateFunction;
const validateTableSchema = validators.validateTableSchema as unknown as ValidateFunction;
const validateDataPackage = validators.validateDataPackage as unknown as ValidateFunction;

/** The guide a shape fault points to, by where it is: a .loadline.json's `ingest` section is the ingest guide's. */
const configGuide = (path: JSONPath) => (path[0] === 'ingest' ? INGEST_GUIDE : CONFIG_GUIDE);
/** Table Schemas are described under "Typed contracts", the rest of a Data Package in a section of its own. */
const typedGuide = () => TYPED_GUIDE;
const dataPackageGuide = (path: JSONPath) => (path[0] === 'resources' && path[2] === 'schema' ? TYPED_GUIDE : DATA_PACKAGE_GUIDE);

/** Past this, one last problem counts the rest: a config of 50,000 errors must not silence the server. */
export const MAX_CONFIG_PROBLEMS = 100;

/** Parses .loadline.json (comments and trailing commas allowed) and checks its shape, with exact positions. */
export function parseConfig(raw: string): ConfigResult {
  const result = parseJsonFile<ContractConfig>(raw, validateConfig, '.loadline.json', configFaults, 'Start it with { "contracts": [] }.', configGuide);
  // A config of ingest mappings alone has no contracts.
  return result.ok ? { ok: true, config: { ...result.value, contracts: result.value.contracts ?? [] }, warnings: result.warnings } : result;
}

/** A Table Schema file that a contract or a Data Package names. */
export function parseTableSchema(raw: string): ParseResult<TableSchema> {
  return parseJsonFile<TableSchema>(
    raw,
    validateTableSchema,
    'the Table Schema',
    (json, value) => [...tableSchemaFaults(json, value, []), ...schemaForeignKeyFaults(json, value, []), ...typoWarnings(json, value, [])],
    'Start it with { "fields": [] }.',
    typedGuide,
  );
}

/** A datapackage.json; its resources' inline schemas are checked too. */
export function parseDataPackage(raw: string): ParseResult<DataPackage> {
  return parseJsonFile<DataPackage>(
    raw,
    validateDataPackage,
    'datapackage.json',
    (json, value) => [
      ...dialectFaults(json, value),
      ...value.resources.flatMap((resource, r) =>
        typeof resource.schema === 'object'
          ? [
              ...tableSchemaFaults(json, resource.schema, ['resources', r, 'schema']),
              ...schemaForeignKeyFaults(json, resource.schema, ['resources', r, 'schema']),
              ...typoWarnings(json, resource.schema, ['resources', r, 'schema']),
            ]
          : [],
      ),
    ],
    'Start it with { "resources": [] }.',
    dataPackageGuide,
  );
}

function parseJsonFile<T>(
  raw: string,
  validate: ValidateFunction,
  name: string,
  semanticFaults: (json: JsonLocator, value: T) => Fault[],
  emptyHint: string,
  guide: (path: JSONPath) => string,
): ParseResult<T> {
  // Editors hide a UTF-8 BOM, and so does this: positions then match what the user sees.
  const text = raw.replace(/^\ufeff/, '');
  const { faults, value } = findFaults(text, validate, name, semanticFaults, emptyHint, guide);
  if (faults.some((f) => f.severity !== 'warning')) return { ok: false, problems: toProblems(text, faults) };
  return { ok: true, value: value as T, warnings: faults.length === 0 ? [] : toProblems(text, faults) };
}

function findFaults<T>(
  text: string,
  validate: ValidateFunction,
  name: string,
  semanticFaults: (json: JsonLocator, value: T) => Fault[],
  emptyHint: string,
  guide: (path: JSONPath) => string,
): { faults: Fault[]; value?: unknown } {
  if (text.trim() === '') return { faults: [{ start: 0, end: 0, message: `The file is empty. ${emptyHint}` }] };
  try {
    const read = readJson(text);
    if ('errors' in read) {
      return {
        faults: read.errors.map((e) => ({
          start: e.offset,
          end: e.offset + e.length,
          message: `Invalid JSON: ${describeParseError(e)}. Fix the syntax of ${name}.`,
        })),
      };
    }
    const json = new JsonLocator(text);
    if (!validate(read.value)) {
      const errors = withoutBranchNoise(validate.errors ?? []).slice(0, MAX_CONFIG_PROBLEMS + 1);
      json.prefetch(
        errors.map(errorPath),
        errors.filter((e) => e.keyword === 'additionalProperties').map((e) => ({ path: errorPath(e), key: String(e.params.additionalProperty) })),
      );
      return { faults: errors.map((e) => shapeFault(json, e, guide)) };
    }
    // One value for the shape check and the contract; the contract's limits as written.
    const value = keepWritten(read);
    return { faults: semanticFaults(json, value as T), value };
  } catch (error) {
    // A pathological file (nesting 100,000 deep overflows the stack): say so once, never throw.
    return { faults: [{ start: 0, end: 0, message: `Loadline cannot read this file (${(error as Error).message}). Simplify ${name}.` }] };
  }
}

/** What the JSON Schema cannot say about a config: slow globs, and fields whose type, format or constraints do not fit. */
function configFaults(json: JsonLocator, config: ContractConfig): Fault[] {
  const faults: Fault[] = [];
  const at = (path: JSONPath, message: string) => {
    const node = json.node(path);
    if (node) faults.push({ start: node.offset, end: node.offset + node.length, message });
  };
  (config.contracts ?? []).forEach((contract, c) => {
    contract.files.forEach((glob, g) => {
      const problem = checkGlob(glob);
      if (problem) at(['contracts', c, 'files', g], `${problem}. ${CONFIG_GUIDE}`);
    });
    const labels = Object.keys(contract.headers ?? {});
    for (const { at: repeat, first } of repeatedNames(labels))
      at(
        ['contracts', c, 'headers', labels[repeat]],
        `Header rule "${labels[repeat]}" repeats "${labels[first]}": labels match case-insensitively, so one would replace the other`,
      );
    for (const [label, rule] of Object.entries(contract.headers ?? {})) {
      faults.push(...fieldSchemaFaults(json, { ...rule, name: label }, ['contracts', c, 'headers', label]));
    }
    faults.push(...headerForeignKeyFaults(json, contract, c));
    if (typeof contract.schema === 'object')
      faults.push(
        ...tableSchemaFaults(json, contract.schema, ['contracts', c, 'schema'], Object.keys(contract.headers ?? {})),
        ...schemaForeignKeyFaults(json, contract.schema, ['contracts', c, 'schema'], headerNames(contract)),
        ...typoWarnings(json, contract.schema, ['contracts', c, 'schema']),
      );
    for (const { label, type, field } of typeContradictions(contract))
      at(
        ['contracts', c, 'headers', label, 'type'],
        `Header rule "${label}" has type "${type}", but the schema's field "${field.name}" is "${field.type ?? 'string'}": a header rule adds to its field and cannot change its type (the field's checks would silently stop applying). Remove the rule's type, or change the field's. See "Typed contracts" in docs/contracts.md.`,
      );
  });
  faults.push(...repeatedContractNames(json, config.contracts ?? []));
  faults.push(...mappingFaults(json, config.ingest ?? []));
  for (const { key, span } of json.repeatedTopKeys(Object.keys(config)))
    faults.push({
      ...span,
      message: `"${key}" is written twice: Loadline reads the last one, and would silently ignore the other. Merge the two into one "${key}". ${CONFIG_GUIDE}`,
    });
  return faults;
}

/** The JSON path of the value a shape error is about. */
const errorPath = (error: ErrorObject): JSONPath =>
  error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));

/**
 * A oneOf (or anyOf) that no branch fits comes with each branch's own error at the same value (an inline schema
 * "must be string", "must match exactly one schema in oneOf"): when a branch's error deeper in the value explains
 * it (a field's bad type), those say nothing more, and only the deeper ones stay.
 */
function withoutBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  // By lookups on each error's ancestors, not by pairs: a config of 20,000 shape errors must stay linear.
  const at = (schemaPath: string, instancePath: string) => `${schemaPath}\0${instancePath}`;
  const choices = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === 'oneOf' || e.keyword === 'anyOf') choices.set(at(e.schemaPath, e.instancePath), e);
  if (choices.size === 0) return errors;
  /** Choices that speak for their branches: those shapeFault can name (a required property's branches say more alone). */
  const named = new Set([...choices].filter(([, e]) => choiceName(e) !== undefined).map(([key]) => key));
  const choiceValues = new Set([...choices.values()].map((c) => c.instancePath));
  const explained = new Set<string>();
  for (const e of errors)
    for (const instancePath of ancestors(e.instancePath).filter((p) => choiceValues.has(p)))
      for (const schemaPath of ancestors(e.schemaPath)) if (choices.has(at(schemaPath, instancePath))) explained.add(at(schemaPath, instancePath));
  // A choice nothing deeper explains (`"fields": 7`) stays alone: its branches' errors at the same value ("must be
  // string", "must be array") are said once, by the choice (shapeFault names what it may be).
  return errors.filter((e) => {
    const key = at(e.schemaPath, e.instancePath);
    if (explained.has(key)) return false;
    return !ancestors(e.schemaPath).some((schemaPath) => {
      const choice = at(schemaPath, e.instancePath);
      return explained.has(choice) || named.has(choice);
    });
  });
}

/** The JSON Pointers that `pointer` lies strictly below (`/a/b` → `` and `/a`; `#/x/y` → `#` and `#/x`). */
function ancestors(pointer: string): string[] {
  const found: string[] = [];
  for (let i = pointer.indexOf('/'); i !== -1; i = pointer.indexOf('/', i + 1)) found.push(pointer.slice(0, i));
  return found;
}

function shapeFault(json: JsonLocator, error: ErrorObject, guide: (path: JSONPath) => string): Fault {
  const path = errorPath(error);
  let span = json.span(path);
  let message = `${error.instancePath || 'The file'} ${error.message}`;
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    span = json.keySpan(path, extra);
    const meant = typoOf(extra, knownProperties(error.schemaPath));
    message = `Unknown property "${extra}" in ${error.instancePath || 'the top level'}${meant === undefined ? '' : ` (did you mean "${meant}"?)`}`;
  } else if (error.keyword === 'required') {
    message = `${error.instancePath || 'The top level'} must have "${error.params.missingProperty}"`;
  } else if (choiceName(error) !== undefined) {
    message = `${error.instancePath || 'The file'} must be ${choiceName(error)}`;
  } else if (error.keyword === 'enum') {
    message = `${error.instancePath} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { ...span, message: `${message}. ${guide(path)}` };
}

/** The properties that the schema object holding an `additionalProperties` error (by its schemaPath) allows. */
function knownProperties(schemaPath: string): string[] {
  const node = schemaAt(schemaPath.slice(0, schemaPath.lastIndexOf('/')));
  return Object.keys((node as { properties?: object } | undefined)?.properties ?? {});
}

const SCHEMA_ROOTS = [
  inlinedSchema,
  ...['dataPackage', 'tableSchema'].map((name) => (inlinedSchema as { definitions: Record<string, unknown> }).definitions[name]),
];

/** The node of the config's schema (or of `root`) at an error's schemaPath (`#/properties/…`), or undefined. */
function schemaAt(schemaPath: string, root: unknown = inlinedSchema): unknown {
  let node: unknown = root;
  for (const segment of schemaPath.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/** What a oneOf or anyOf error's value may be, in words, when each branch is a plain typed shape; else undefined. */
function choiceName(error: ErrorObject): string | undefined {
  if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') return undefined;
  // The schemaPath is relative to the validator's schema: a .loadline.json's, a Data Package's or a Table Schema's.
  for (const root of SCHEMA_ROOTS) {
    const shapes = schemaAt(error.schemaPath, root);
    const named = Array.isArray(shapes) ? shapes.map(shapeName) : [];
    if (named.length > 0 && named.every((n) => n !== undefined)) return named.join(' or ');
  }
  return undefined;
}

/** A branch of a choice in words ("a non-empty array of strings"), or undefined when it is not a plain typed shape. */
function shapeName(shape: unknown): string | undefined {
  const { type, minLength, minItems, items } = (shape ?? {}) as { type?: unknown; minLength?: number; minItems?: number; items?: unknown };
  if (type === 'string') return minLength ? 'a non-empty string' : 'a string';
  if (type === 'object') return 'an object';
  if (type === 'array') {
    const item = shapeName(items);
    return `${minItems ? 'a non-empty array' : 'an array'}${item ? ` of ${item.replace(/^an? (non-empty )?/, '')}s` : ''}`;
  }
  return undefined;
}

/** One line cursor for all of them, in file order, at most MAX_CONFIG_PROBLEMS and a count of the rest. */
function toProblems(text: string, faults: Fault[]): Problem[] {
  const lines = new LineCursor(text);
  const shown = faults.slice(0, MAX_CONFIG_PROBLEMS).sort((a, b) => a.start - b.start);
  const problems: Problem[] = shown.map((f) => ({
    code: 'invalid-config',
    severity: f.severity ?? 'error',
    message: f.message,
    range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) },
  }));
  if (faults.length > MAX_CONFIG_PROBLEMS) {
    const at = problems[problems.length - 1].range;
    problems.push({ code: 'invalid-config', severity: 'error', message: `More problems in this file are not shown: fix these first.`, range: at });
  }
  return problems;
}

/** Header rules whose `type` differs from the type of the inline schema field of the same label. */
function typeContradictions(contract: ContractConfig['contracts'][number]): { label: string; type: string; field: SchemaField }[] {
  if (typeof contract.schema !== 'object' || !Array.isArray(contract.schema.fields)) return [];
  const fields = new Map(contract.schema.fields.map((f) => [normalizeLabel(f.name), f]));
  return Object.entries(contract.headers ?? {}).flatMap(([label, rule]) => {
    const field = fields.get(normalizeLabel(label));
    return field && rule.type !== undefined && rule.type !== (field.type ?? 'string') ? [{ label, type: rule.type, field }] : [];
  });
}

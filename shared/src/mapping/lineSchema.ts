import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { compilePattern } from '../schema/compilePattern';
import { addStepKeyword, countedSchema, StepBudgetSpent, withinBudget } from './schemaCost';
import { parseValuePath, PathSteps } from './valuePath';

/** A line that breaks a mapping's JSON Schema: the message with the schema keyword, and the instance path's steps. */
interface SchemaViolation {
  reason: string;
  path: PathSteps;
}

/**
 * A schema's text past this is refused: Ajv compiles it into code in each thread, in a time that grows faster than
 * its size (a flat schema of 20,000 characters took 2 s here), and a config's check must not stall the editor.
 */
const MAX_LINE_SCHEMA_CHARS = 32_000;

/**
 * Ajv's options for a log's schema. Patterns run on RE2 (linear time), as Table Schema patterns do; the first
 * error is enough for a reject, and stops the check there. Unknown keywords and formats are ignored, as the JSON
 * Schema spec says (formats are annotations: no format library is bundled), and never logged.
 */
const OPTIONS: Options = {
  allErrors: false,
  strict: false,
  validateFormats: false,
  logger: false,
  code: { regExp: Object.assign(linearRegExp, { code: 'linearRegExp' }) },
};

/** A JSON Schema `pattern` (or `patternProperties` key) on RE2: found anywhere in the string, as the spec says. */
function linearRegExp(pattern: string): { test: (text: string) => boolean } {
  const compiled = compilePattern(pattern);
  if ('reason' in compiled) throw new Error(`the pattern "${pattern}" cannot run in linear time: ${compiled.reason}`);
  return { test: (text) => compiled.test(text) };
}

/** Ajv's class for the draft the schema names ($schema); draft-07 when it names none. Subschemas count their steps. */
function ajvFor(schema: object): Ajv {
  const draft = (schema as { $schema?: unknown }).$schema;
  // Required here, not imported: Ajv's three classes took 20-40 ms of every start, and most configs name no log schema.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ajv =
    typeof draft === 'string' && draft.includes('2020-12')
      ? new (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default(OPTIONS)
      : typeof draft === 'string' && draft.includes('2019-09')
        ? new (require('ajv/dist/2019') as typeof import('ajv/dist/2019')).default(OPTIONS)
        : new (require('ajv') as typeof import('ajv')).default(OPTIONS);
  /* eslint-enable @typescript-eslint/no-require-imports */
  addStepKeyword(ajv);
  return ajv;
}

/** Compiled once per schema object in each thread: mappings cross to the workers as data, and compile there. */
const compiled = new WeakMap<object, ValidateFunction | SchemaFault>();

/** Why a schema cannot check lines; `at`: the JSON Pointer of the subschema at fault, when one is. */
export interface SchemaFault {
  fault: string;
  at?: string;
}

/**
 * A mapping's JSON Schema compiled, or why Ajv cannot compile it (in words for the config's author). `$ref`s to
 * other documents are refused, never fetched or read: only `#…` references within the schema resolve.
 */
export function compileLineSchema(schema: object): ValidateFunction | SchemaFault {
  let found = compiled.get(schema);
  if (!found) {
    found = compileFresh(schema);
    compiled.set(schema, found);
  }
  return found;
}

function compileFresh(schema: object): ValidateFunction | SchemaFault {
  const text = JSON.stringify(schema);
  if (text.length > MAX_LINE_SCHEMA_CHARS)
    return {
      fault: `it is ${text.length} characters long, past the ${MAX_LINE_SCHEMA_CHARS} characters a log's schema may have: split off what the log does not need`,
    };
  const outside = externalRef(schema);
  if (outside !== undefined)
    return {
      fault: `its $ref "${outside}" points outside the schema, which Loadline never reads or fetches: copy what it names into the schema's "$defs" and refer to it as "#/$defs/…"`,
    };
  try {
    const counted = countedSchema(schema);
    if ('fault' in counted) return counted;
    const validate = ajvFor(schema).compile(counted);
    // An async validator answers with a promise, which is truthy: every line would pass unchecked.
    if ((validate as { $async?: true }).$async)
      return { fault: 'it is an "$async" schema, which Ajv checks only through a promise and a line is checked at once: remove "$async"', at: '/$async' };
    return validate;
  } catch (error) {
    return { fault: `it is not a JSON Schema Ajv can compile: ${(error as Error).message}` };
  }
}

/** The first `$ref` that names another document (anything but `#…`), walking the schema without recursion. */
function externalRef(schema: object): string | undefined {
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if ((key === '$ref' || key === '$dynamicRef' || key === '$recursiveRef') && typeof value === 'string' && !value.startsWith('#')) return value;
      pending.push(value);
    }
  }
  return undefined;
}

/**
 * Checks a line's parsed value (JSON.parse's: numbers as doubles, as a JSON Schema validator reads them) against a
 * compiled schema: the first violation, or undefined. A value nested past the stack's depth, or a check past the
 * line's budget of steps (schemaCost), is a violation too: the line is rejected, never the check stopped.
 */
export function schemaViolation(validate: ValidateFunction, line: string, value: unknown): SchemaViolation | undefined {
  try {
    if (withinBudget(line, () => validate(value))) return undefined;
  } catch (error) {
    if (error instanceof StepBudgetSpent)
      return { reason: 'the schema applies its subschemas to this line too many times to check it in time: simplify its anyOf, oneOf or $ref', path: [] };
    if (!(error instanceof RangeError)) throw error;
    return { reason: 'the line nests too deeply to be checked against the schema', path: [] };
  }
  const first = validate.errors?.[0];
  return first ? { reason: wordsOf(first), path: stepsOf(first.instancePath) } : { reason: 'the line does not match the schema', path: [] };
}

/** `/user/age must be >= 0 (minimum)`: where, Ajv's message, and the keyword the schema broke. */
function wordsOf(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the line' : error.instancePath;
  return `${where} ${error.message ?? 'does not match the schema'} (${error.keyword})`;
}

/** Ajv's instance path, a JSON Pointer (RFC 6901; "" for the whole line), as path steps. */
const stepsOf = (pointer: string): PathSteps => (pointer === '' ? [] : (parseValuePath(pointer) as PathSteps));

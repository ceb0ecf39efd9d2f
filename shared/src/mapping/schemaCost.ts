import type Ajv from 'ajv';
import traverse from 'json-schema-traverse';

/**
 * Keeps the check of a line against a hostile JSON Schema linear in the line. Ajv's own work per subschema is
 * small, but a schema that branches at every level (`{"anyOf": [{"items": {"$ref": "#"}}, {"items": {"$ref": "#"}}]}`)
 * applies its subschemas 2^depth times, and `uniqueItems` over objects compares every pair. So each subschema is
 * marked with a keyword that counts its applications against a budget that grows with the line, and `uniqueItems`
 * is refused where Ajv would compare pairs.
 */
const STEP_KEYWORD = 'loadlineStep';
/** A line may apply this many subschemas, and this many more per character. */
const BASE_STEPS = 10_000;
const STEPS_PER_CHARACTER = 64;

/** Thrown out of a check that has spent its budget: the line is rejected, the check of the others goes on. */
export class StepBudgetSpent extends Error {}

let stepsLeft = 0;

/** Registers the counting keyword on an Ajv instance. */
export function addStepKeyword(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: STEP_KEYWORD,
    schemaType: 'boolean',
    errors: false,
    validate: () => {
      if (--stepsLeft < 0) throw new StepBudgetSpent();
      return true;
    },
  });
}

/**
 * A copy of the schema with each subschema marked for counting (the mapping keeps the schema as written), or why
 * its cost cannot be bounded: `uniqueItems` on items that may be objects or arrays, which Ajv compares pair by pair.
 */
export function countedSchema(schema: object): object | { fault: string } {
  const copy = structuredClone(schema) as traverse.SchemaObject;
  let fault: string | undefined;
  traverse(copy, (sub, pointer) => {
    sub[STEP_KEYWORD] = true;
    if (sub.uniqueItems === true && !scalarItems(sub.items))
      fault ??= `"uniqueItems" at "#${pointer}" compares every pair of items that may be objects or arrays (quadratic time): give its "items" a "type" of strings, numbers, integers, booleans or null`;
  });
  return fault === undefined ? copy : { fault };
}

/** Items whose `type` admits only scalars: Ajv then finds repeats with a hash, in linear time. */
function scalarItems(items: unknown): boolean {
  const type = typeof items === 'object' && items !== null && !Array.isArray(items) ? (items as { type?: unknown }).type : undefined;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  return types.length > 0 && types.every((t) => typeof t === 'string' && !['object', 'array'].includes(t));
}

/** Runs a check of one line within its budget. */
export function withinBudget<T>(line: string, check: () => T): T {
  stepsLeft = BASE_STEPS + STEPS_PER_CHARACTER * line.length;
  return check();
}

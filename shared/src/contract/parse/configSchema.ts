import schema from '../loadline.schema.json';

/**
 * The schema with its local `$ref`s replaced by the definitions they name (none is recursive). Ajv compiles a
 * `$ref` to a function of its own and joins that function's errors to the caller's with `concat`, which copies
 * every earlier error: 40,000 bad header rules took 4 s, growing with the square of the count. Inlined, each
 * error is pushed once.
 */
function inlineRefs(node: unknown, definitions: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, definitions));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) return inlineRefs(definitions[ref.slice('#/definitions/'.length)], definitions);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlineRefs(value, definitions)]));
}

export const inlinedSchema = inlineRefs(schema, schema.definitions) as object;

/**
 * The validators scripts/build.mjs compiles from `inlinedSchema` with Ajv's standalone code into
 * configValidators.ts (build output: compiling the schema at start-up cost every process 40 ms), by the
 * schema reference each checks.
 */
export const VALIDATOR_REFS = {
  validateConfig: schema.$id,
  validateTableSchema: `${schema.$id}#/definitions/tableSchema`,
  validateDataPackage: `${schema.$id}#/definitions/dataPackage`,
};

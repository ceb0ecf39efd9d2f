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
 * its cost cannot be bounded: `uniqueItems` on items that may be objects or arrays, which Ajv compares pair by pair,
 * or a `$ref` that comes back to itself without reading into the value (`at`: that `$ref`'s JSON Pointer).
 */
export function countedSchema(schema: object): object | { fault: string; at?: string } {
  const cycle = refCycle(schema);
  if (cycle)
    return {
      fault: `its $ref "${cycle.ref}" at "#${cycle.at}" leads back to itself without reading into the value, so it would recurse forever on every line it reaches: let each recursion pass through "properties", "items" or another keyword that reads a part of the value`,
      at: cycle.at,
    };
  const copy = structuredClone(schema) as traverse.SchemaObject;
  let fault: string | undefined;
  traverse(copy, (sub, pointer) => {
    sub[STEP_KEYWORD] = true;
    if (sub.uniqueItems === true && !scalarItems(sub.items))
      fault ??= `"uniqueItems" at "#${pointer}" compares every pair of items that may be objects or arrays (quadratic time): give its "items" a "type" of strings, numbers, integers, booleans or null`;
  });
  return fault === undefined ? copy : { fault };
}

/** Keywords whose subschemas apply to the same value as their schema, not to a part of it. */
const IN_PLACE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependencies']);
const REF_KEYWORDS = ['$ref', '$recursiveRef', '$dynamicRef'] as const;

/**
 * A `$ref` (at pointer `at`) from which the schema comes back to it on the same value (`{"$ref": "#"}`, an `anyOf`
 * whose first branch refers to its own definition): Ajv would recurse until the stack ends on any line that
 * reaches it, so the schema is at fault, not the line. Only references within the schema resolve (others are
 * refused before), by JSON Pointer from the enclosing `$id` resource or by anchor; one that resolves to no
 * subschema is left to Ajv.
 */
function refCycle(schema: object): { at: string; ref: string } | undefined {
  const resourceOf = new Map<string, string>();
  const anchors = new Map<string, string>();
  const refs: { from: string; ref: string }[] = [];
  /** Where a subschema leads on the same value: its in-place subschemas, and what its references name (`ref`). */
  const edges = new Map<string, { to: string; ref?: string }[]>();
  const edge = (from: string, to: string, ref?: string) => edges.set(from, [...(edges.get(from) ?? []), { to, ref }]);
  const visit: traverse.Callback = (schemaObject, pointer, _root, parent, keyword) => {
    const sub = schemaObject as Record<string, unknown>;
    const id = typeof sub.$id === 'string' ? sub.$id : undefined;
    resourceOf.set(pointer, id !== undefined && !id.startsWith('#') ? pointer : parent === undefined ? '' : (resourceOf.get(parent) ?? ''));
    for (const anchor of [sub.$anchor, sub.$dynamicAnchor, id?.startsWith('#') ? id.slice(1) : undefined])
      if (typeof anchor === 'string') anchors.set(anchor, pointer);
    if (parent !== undefined && keyword !== undefined && IN_PLACE.has(keyword)) edge(parent, pointer);
    for (const keyword of REF_KEYWORDS) {
      const ref = sub[keyword];
      if (typeof ref === 'string') refs.push({ from: pointer, ref });
    }
  };
  traverse(schema, visit);
  for (const { from, ref } of refs) {
    const target = refTarget(ref, resourceOf.get(from) ?? '', anchors);
    if (target !== undefined && resourceOf.has(target)) edge(from, target, ref);
  }
  // Depth-first, without recursion: a subschema met again while still open closes a cycle. In-place edges only
  // descend, so the cycle takes a reference: the last one taken on the way is the one to name.
  const state = new Map<string, 'open' | 'done'>();
  for (const start of resourceOf.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; taken?: { to: string; ref?: string }; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const taken = (edges.get(top.node) ?? [])[top.next++];
      top.taken = taken;
      if (taken === undefined) {
        state.set(top.node, 'done');
        stack.pop();
      } else if (state.get(taken.to) === 'open') {
        const cycle = stack.slice(stack.findIndex((frame) => frame.node === taken.to));
        const closing = cycle.reverse().find((frame) => frame.taken?.ref !== undefined) ?? top;
        return { at: closing.node, ref: closing.taken?.ref ?? '#' };
      } else if (!state.has(taken.to)) {
        state.set(taken.to, 'open');
        stack.push({ node: taken.to, next: 0 });
      }
    }
  }
  return undefined;
}

/** The JSON Pointer a `#…` reference names within its resource, or undefined when it names none Loadline can tell. */
function refTarget(ref: string, resource: string, anchors: Map<string, string>): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '' || fragment.startsWith('/')) return resource + fragment;
  return anchors.get(fragment);
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

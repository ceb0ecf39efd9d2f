import { distance } from 'fastest-levenshtein';
import { JSONPath } from 'jsonc-parser';
import type { JsonLocator } from './jsonLocator';
import schema from '../loadline.schema.json';
import type { Fault } from './schemaFaults';

/** Past this many edits a name is taken as a custom property, which the spec allows, not as a typo. */
const TYPO_DISTANCE = 2;

const FIELD_PROPERTIES = Object.keys(schema.definitions.field.properties);
const SCHEMA_PROPERTIES = Object.keys(schema.definitions.tableSchema.properties);

/** The known name that `name` is a typo of (within TYPO_DISTANCE edits, nearest first), or undefined. */
export function typoOf(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name)) return undefined;
  let best: string | undefined;
  let bestDistance = TYPO_DISTANCE + 1;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Properties of a Table Schema and of its fields that are a typo of a known one ("constrants", "tpye",
 * "primaryKy"): the spec allows custom properties, so they are warnings, but a misspelt one silently disarms
 * what it meant to say. Each at the property's name, with the name it likely meant. Read from the value, so that
 * a file without typos needs no tree.
 */
export function typoWarnings(json: JsonLocator, tableSchema: unknown, path: JSONPath): Fault[] {
  const warnings: Fault[] = [];
  const check = (object: unknown, objectPath: JSONPath, known: readonly string[]) => {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return;
    for (const name of Object.keys(object)) {
      const meant = typoOf(name, known);
      if (meant !== undefined)
        warnings.push({
          ...json.keySpan(objectPath, name),
          message: `Unknown property "${name}": did you mean "${meant}"? A custom property is allowed, but a misspelt one is ignored`,
          severity: 'warning',
        });
    }
  };
  check(tableSchema, path, SCHEMA_PROPERTIES);
  const fields = (tableSchema as { fields?: unknown }).fields;
  if (Array.isArray(fields)) fields.forEach((field, f) => check(field, [...path, 'fields', f], FIELD_PROPERTIES));
  return warnings;
}

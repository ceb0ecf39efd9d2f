import { Node } from 'jsonc-parser';
import { configNumber } from '../schema/writtenNumber';

/**
 * The value of a jsonc-parser tree. jsonc-parser's own `parse` assigns each key, so a key "__proto__" (a column
 * may be called that) replaces the object's prototype instead of becoming a property: here every key is an own
 * property, as JSON.parse makes it. With the `source` text, a constraint's number that a double would change
 * (its value or an enum member) is kept as written, so that 9007199254740993 is not read as 9007199254740992.
 */
export function jsonValue(node: Node, source?: string): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        const read = key.value === 'constraints' && source !== undefined && value.type === 'object' ? limitsValue(value, source) : jsonValue(value, source);
        Object.defineProperty(object, key.value as string, { value: read, enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map((child) => jsonValue(child, source));
    default:
      return node.value;
  }
}

/** A `constraints` object: its numbers, and its arrays' numbers (enum), as written. */
function limitsValue(node: Node, source: string): Record<string, unknown> {
  const number = (value: Node): unknown =>
    value.type === 'number' ? configNumber(source.slice(value.offset, value.offset + value.length), value.value as number) : jsonValue(value, source);
  const limit = (value: Node): unknown => (value.type === 'array' ? (value.children ?? []).map(number) : number(value));
  const object: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) Object.defineProperty(object, key.value as string, { value: limit(value), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

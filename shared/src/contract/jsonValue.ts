import { Node } from 'jsonc-parser';

/**
 * The value of a jsonc-parser tree. jsonc-parser's own `parse` assigns each key, so a key "__proto__" (a column
 * may be called that) replaces the object's prototype instead of becoming a property: here every key is an own
 * property, as JSON.parse makes it.
 */
export function jsonValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) Object.defineProperty(object, key.value as string, { value: jsonValue(value), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

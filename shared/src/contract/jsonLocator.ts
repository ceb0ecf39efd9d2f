import { JSONPath, Node, parseTree } from 'jsonc-parser';

/** Where a problem sits in a JSON text, by offsets. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Positions in a contract file by JSON path. The file's value comes from a faster read: the tree is built only
 * when a problem needs a position, and each object's keys are indexed once, so that 40,000 problems in one object
 * cost one pass over it, not one each.
 */
export class JsonLocator {
  private tree?: Node | null;
  private readonly members = new WeakMap<Node, Map<string, Node>>();

  constructor(private readonly text: string) {}

  /** The value at `path`, as jsonc-parser's findNodeAtLocation finds it (the first of repeated keys). */
  node(path: JSONPath): Node | undefined {
    let node = this.root();
    for (const segment of path) {
      if (!node) return undefined;
      if (typeof segment === 'string' && node.type === 'object') node = this.property(node, segment)?.children?.[1];
      else if (typeof segment === 'number' && node.type === 'array') node = node.children?.[segment];
      else return undefined;
    }
    return node;
  }

  /** The key of property `key` of the object at `path`, or else that object. */
  keySpan(path: JSONPath, key: string): Span {
    const object = this.node(path);
    const name = object?.type === 'object' ? this.property(object, key)?.children?.[0] : undefined;
    return name ? spanOf(name) : this.span(path);
  }

  /** The value at `path`, else at `fallback`, else the whole file. */
  span(path: JSONPath, fallback: JSONPath = []): Span {
    const node = this.node(path) ?? this.node(fallback) ?? this.root();
    return node ? spanOf(node) : { start: 0, end: 0 };
  }

  private root(): Node | undefined {
    if (this.tree === undefined) this.tree = parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false }) ?? null;
    return this.tree ?? undefined;
  }

  private property(object: Node, key: string): Node | undefined {
    let index = this.members.get(object);
    if (!index) {
      index = new Map();
      for (const property of object.children ?? []) {
        const name = property.children?.[0]?.value as string | undefined;
        if (name !== undefined && property.children?.length === 2 && !index.has(name)) index.set(name, property);
      }
      this.members.set(object, index);
    }
    return index.get(key);
  }
}

const spanOf = (node: Node): Span => ({ start: node.offset, end: node.offset + node.length });

import { JSONPath, Node, parseTree, visit } from 'jsonc-parser';

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
  /** Spans found by `prefetch`, by path (keys as `key:` + the object's path): values, and keys. */
  private readonly found = new Map<string, Span>();

  constructor(private readonly text: string) {}

  /**
   * Finds the values at `paths` and the keys named by `keys` in one pass of the parser, without a tree: for the
   * shape check's problems, whose paths are known at once (a 7 MB file of them built a tree of 5 s).
   */
  prefetch(paths: JSONPath[], keys: { path: JSONPath; key: string }[]): void {
    const wanted = new Set([...paths.map(pathKey), ...keys.map(({ path, key }) => `key:${pathKey([...path, key])}`), pathKey([])]);
    const prefixes = new Set<string>();
    for (const path of [...paths, ...keys.map(({ path, key }) => [...path, key])])
      for (let depth = 0; depth <= path.length; depth++) prefixes.add(pathKey(path.slice(0, depth)));
    // Each open container: its path key (undefined once off every wanted path), its start, its next index.
    const open: { at?: string; start: number; index: number; array: boolean }[] = [];
    let property: string | undefined;
    const childKey = (): string | undefined => {
      const parent = open[open.length - 1];
      if (!parent) return pathKey([]);
      if (parent.at === undefined) return undefined;
      const key = `${parent.at}${JSON.stringify(parent.array ? parent.index++ : property)},`;
      return prefixes.has(key) ? key : undefined;
    };
    const record = (at: string | undefined, start: number, end: number) => {
      if (at !== undefined && wanted.has(at) && !this.found.has(at)) this.found.set(at, { start, end });
    };
    const begin = (array: boolean) => (offset: number) => void open.push({ at: childKey(), start: offset, index: 0, array });
    const end = (offset: number, length: number) => {
      const closed = open.pop()!;
      record(closed.at, closed.start, offset + length);
    };
    visit(
      this.text,
      {
        onObjectBegin: begin(false),
        onArrayBegin: begin(true),
        onObjectEnd: end,
        onArrayEnd: end,
        onObjectProperty: (name, offset, length) => {
          property = name;
          const parent = open[open.length - 1];
          if (parent?.at !== undefined) record(`key:${parent.at}${JSON.stringify(name)},`, offset, offset + length);
        },
        onLiteralValue: (_value, offset, length) => record(childKey(), offset, offset + length),
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  }

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
    const found = this.found.get(`key:${pathKey([...path, key])}`);
    if (found) return found;
    if (this.found.has(pathKey(path))) return this.span(path);
    const object = this.node(path);
    const name = object?.type === 'object' ? this.property(object, key)?.children?.[0] : undefined;
    return name ? spanOf(name) : this.span(path);
  }

  /** The value at `path`, else at `fallback`, else the whole file. */
  span(path: JSONPath, fallback: JSONPath = []): Span {
    const found = this.found.get(pathKey(path));
    if (found) return found;
    const node = this.node(path) ?? this.node(fallback) ?? this.root();
    return node ? spanOf(node) : { start: 0, end: 0 };
  }

  /**
   * The repeats of top-level keys among `keys`: the value read keeps the last, where positions and edits find the
   * first. The tree is built only when the text names one of the keys twice.
   */
  repeatedTopKeys(keys: string[]): { key: string; span: Span }[] {
    const written = (key: string) => this.text.split(JSON.stringify(key)).length - 1;
    if (!keys.some((key) => written(key) > 1)) return [];
    const seen = new Set<string>();
    const repeats: { key: string; span: Span }[] = [];
    for (const property of this.root()?.type === 'object' ? (this.root()?.children ?? []) : []) {
      const name = property.children?.[0];
      if (typeof name?.value !== 'string') continue;
      if (seen.has(name.value)) repeats.push({ key: name.value, span: spanOf(name) });
      seen.add(name.value);
    }
    return repeats;
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

/** A path as a map key: each segment as JSON, then a comma. */
const pathKey = (path: JSONPath) => path.map((segment) => `${JSON.stringify(segment)},`).join('');

const spanOf = (node: Node): Span => ({ start: node.offset, end: node.offset + node.length });

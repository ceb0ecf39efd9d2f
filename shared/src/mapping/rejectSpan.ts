import { Node, parseTree, ParseError } from 'jsonc-parser';
import { RejectSite } from './mapLine';
import { PathSteps } from './valuePath';

/** Offsets in a line (UTF-16 code units, as an editor's columns count). */
export interface LineSpan {
  start: number;
  end: number;
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** The whole line, for a reject no smaller part of it explains. */
const wholeLine = (line: string): LineSpan => ({ start: 0, end: line.length });

/**
 * The part of a log line a reject points at: the value's token for a wrong value or an unloaded `when` value; for a
 * missing value, the object that lacks it (the line when its parent is absent); for invalid JSON, where parsing
 * failed. `parseMessage` is JSON.parse's, for the rare text jsonc-parser reads but JSON.parse refuses.
 */
export function rejectSpan(line: string, at: RejectSite | undefined, parseMessage?: string): LineSpan {
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(line, errors, STRICT);
  } catch (error) {
    // jsonc-parser recurses per level: a line nested past the stack has no smaller part to point at.
    if (error instanceof RangeError) return wholeLine(line);
    throw error;
  }
  if (!at) return parseFailure(line, errors, parseMessage);
  if (!root) return wholeLine(line);
  const { node, depth } = deepestAlong(root, at.path);
  if (depth === at.path.length) return spanOf(node);
  // The value is absent: its parent object when that is there, else the line.
  if (at.kind === 'value' || depth < at.path.length - 1 || node.type !== 'object') return wholeLine(line);
  return spanOf(node);
}

/** Where a line that is not JSON stops being JSON. */
function parseFailure(line: string, errors: ParseError[], parseMessage: string | undefined): LineSpan {
  const first = errors[0];
  if (first) return { start: Math.min(first.offset, line.length), end: Math.min(first.offset + Math.max(first.length, 1), line.length) };
  const position = /at position (\d+)/.exec(parseMessage ?? '');
  if (position) {
    const start = Math.min(Number(position[1]), line.length);
    return { start, end: Math.min(start + 1, line.length) };
  }
  return wholeLine(line);
}

const spanOf = (node: Node): LineSpan => ({ start: node.offset, end: node.offset + node.length });

/**
 * The node at `steps`, or the deepest one on the way there, with how many steps it took. A repeated key is
 * followed to its last value, as JSON.parse (and so `valueAt`) reads it.
 */
function deepestAlong(root: Node, steps: PathSteps): { node: Node; depth: number } {
  let node = root;
  for (let depth = 0; depth < steps.length; depth++) {
    const next = childOf(node, steps[depth]);
    if (!next) return { node, depth };
    node = next;
  }
  return { node, depth: steps.length };
}

function childOf(node: Node, step: string): Node | undefined {
  if (node.type === 'array') return /^(0|[1-9]\d*)$/.test(step) ? node.children?.[Number(step)] : undefined;
  if (node.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const property of node.children ?? []) if (property.children?.[0]?.value === step) found = property.children[1];
  return found;
}

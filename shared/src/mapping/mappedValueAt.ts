import { findNodeAtOffset, getNodePath, Node, parseTree } from 'jsonc-parser';
import { ColumnMapping, IngestMapping } from './ingestMapping';
import { floatAsShown } from './values/floatAsShown';
import { mapLine } from './mapLine';
import { valueAt } from './valuePath';

/** The column a log line's value fills, for the hover over it. */
export interface MappedValue {
  column: string;
  /** The value's path as the mapping writes it. */
  label: string;
  /** The column's type in a table the mapping creates, without its nullability. */
  sqlType: string;
  /** The text the column stores (null: SQL NULL); undefined when the line is rejected. */
  stored?: string | null;
  /** Offsets in the line of the value the column takes. */
  start: number;
  end: number;
}

/**
 * The column that takes the value at `offset` of a log line (or the nearest value around it that a column takes,
 * such as a `json` column's object), with what it would store. Undefined where no column takes a value.
 */
export function mappedValueAt(line: string, offset: number, mapping: IngestMapping): MappedValue | undefined {
  const root = parseTree(line, [], { disallowComments: true });
  let node = root && findNodeAtOffset(root, offset, true);
  if (node?.parent?.type === 'property' && node === node.parent.children?.[0]) node = node.parent.children[1];
  const mapped = mapLine(line, mapping);
  // The `when` value picks a column's path on a rejected line too.
  const kind = mapping.when && root ? valueAt(parseOrUndefined(line), mapping.when.path) : undefined;
  for (; node; node = node.parent) {
    if (node.type === 'property') continue;
    const path = getNodePath(node).map(String);
    const index = mapping.columns.findIndex(({ source }) => {
      const at = 'path' in source ? source : typeof kind === 'string' ? source.byType[kind] : undefined;
      return at !== undefined && at.path.length === path.length && at.path.every((step, i) => step === path[i]);
    });
    if (index !== -1) return describe(mapping, index, node, mapped.kind === 'row' ? mapped.values[index] : undefined, kind);
  }
  return undefined;
}

/**
 * The text as its column gives it back: a FLOAT or DOUBLE's nearest float as MariaDB prints it; a time with as many
 * fractional digits as the type keeps (TIMESTAMP(3): .000).
 */
function asStored(stored: string, { sqlType, limits }: ColumnMapping): string {
  if (limits.floatBits !== undefined && Number.isFinite(Number(stored))) return floatAsShown(stored, limits.floatBits);
  const digits = Number(/^(?:TIMESTAMP|DATETIME|TIME)\((\d)\)/.exec(sqlType)?.[1] ?? 0);
  if (digits === 0 || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d*)?$/.test(stored)) return stored;
  const [whole, fraction = ''] = stored.split('.');
  return `${whole}.${fraction.padEnd(digits, '0')}`;
}

function describe(mapping: IngestMapping, index: number, node: Node, stored: string | null | undefined, kind: unknown): MappedValue {
  const { column, sqlType, source } = mapping.columns[index];
  const label = 'label' in source ? source.label : source.byType[kind as string].label;
  return {
    column,
    label,
    sqlType: sqlType.replace(/ (NOT )?NULL$/, ''),
    ...(stored === undefined ? {} : { stored: stored === null ? null : asStored(stored, mapping.columns[index]) }),
    start: node.offset,
    end: node.offset + node.length,
  };
}

function parseOrUndefined(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

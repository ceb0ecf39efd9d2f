import { getLocation, parse, parseTree, findNodeAtLocation } from 'jsonc-parser';
import { columnDefinition, compileMapping } from './compileMapping';
import { DeclaredMapping } from './declaredMapping';

/** What a mapping's column in .loadline.json creates, for the hover over it. */
export interface MappingColumnInfo {
  mapping: string;
  table: string;
  column: string;
  sqlType: string;
  inKey: boolean;
  /** Offsets of the column's name. */
  start: number;
  end: number;
}

/**
 * The ingest column whose name or definition is at `offset` of a .loadline.json text, with the SQL type a
 * table Loadline creates gives it. `ingest` is the config's mappings as already parsed (the server parses a
 * large config on a thread of its own): the text is then only scanned up to `offset`, and the column's name is
 * found when the offset is on it. Without it, the text is parsed here, which works on a config with faults
 * elsewhere. Undefined when the column's own declaration cannot be compiled.
 */
export function mappingColumnAt(text: string, offset: number, ingest?: readonly DeclaredMapping[]): MappingColumnInfo | undefined {
  const location = getLocation(text, offset);
  const { path } = location;
  if (path[0] !== 'ingest' || typeof path[1] !== 'number' || path[2] !== 'columns' || typeof path[3] !== 'string') return undefined;
  const [, index, , column] = path;
  const mappings = ingest ?? (parse(text, [], { allowTrailingComma: true }) as { ingest?: DeclaredMapping[] } | undefined)?.ingest;
  const declared = mappings?.[index];
  const columnDeclared = declared?.columns?.[column];
  if (!declared || typeof columnDeclared !== 'object' || columnDeclared === null) return undefined;
  const key = typeof declared.key === 'string' ? [declared.key] : Array.isArray(declared.key) ? declared.key : [];
  let sqlType: string;
  try {
    const single = compileMapping({ name: 'hover', table: 't', key: key.includes(column) ? [column] : [], columns: { [column]: columnDeclared } });
    // Shown, not run: a JSON string is the literal as the user reads it.
    sqlType = columnDefinition(single.columns[0], (text) => JSON.stringify(text));
  } catch {
    return undefined;
  }
  const nameNode = ingest
    ? location.isAtPropertyKey
      ? location.previousNode
      : undefined
    : findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['ingest', index, 'columns', column])?.parent?.children?.[0];
  return {
    mapping: String(declared.name ?? `mapping ${index + 1}`),
    table: String(declared.table ?? ''),
    column,
    sqlType,
    inKey: key.includes(column),
    start: nameNode?.offset ?? offset,
    end: nameNode ? nameNode.offset + nameNode.length : offset,
  };
}

import { IngestMapping } from '../../mapping/ingestMapping';
import { MappedLine } from '../../mapping/mapLine';
import { LineSpan, rejectSpan } from '../../mapping/rejectSpan';
import { valueAt } from '../../mapping/valuePath';

/**
 * Where on its line a log finding goes, as the editor squiggles it and `loadline validate` reports it: a reject on
 * the part that explains it (rejectSpan), a repeated key on the key's first column's value, and a line no mapping
 * reached (the reader refused it: not UTF-8, too long) whole.
 */
export function findingSpan(mapping: IngestMapping, line: string, mapped: MappedLine | undefined): LineSpan {
  if (mapped?.kind === 'reject') return rejectSpan(line, mapped.at, mapped.reason);
  if (mapped?.kind === 'row') return keySpan(mapping, line);
  return { start: 0, end: line.length };
}

/** A repeated key's first column's value, whose path may depend on the line's `when` value. */
function keySpan(mapping: IngestMapping, line: string): LineSpan {
  const column = mapping.columns.find((c) => c.column === mapping.key[0]);
  if (!column) return { start: 0, end: line.length };
  let source = 'path' in column.source ? column.source : undefined;
  if (!source && mapping.when && 'byType' in column.source) {
    const kind = valueAt(JSON.parse(line), mapping.when.path);
    source = typeof kind === 'string' ? column.source.byType[kind] : undefined;
  }
  return source ? rejectSpan(line, { kind: 'value', path: source.path }) : { start: 0, end: line.length };
}

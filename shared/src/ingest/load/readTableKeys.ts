import type { Connection } from 'mysql2/promise';
import { IngestError } from '../ingestError';
import { collationOf, EXACT_COLLATION, FLOAT_COLLATION, KeyCollation } from '../parse/keyCollation';
import { needsWeights, WeighedColumn, weighingOf } from './keyWeights';
import { IngestMapping } from '../../mapping/ingestMapping';
import { isMappingKey, TableColumn } from './tableCheck';
import { TableKeys } from '../keys/tableKeys';

/**
 * How the table's UNIQUE indexes compare the mapping's values: the columns only the server can weigh, and the
 * indexes besides the mapping's key. `uniqueColumns`: the columns a CSV's unique sets compare (csvUniqueColumns),
 * weighed too where they fold. A column whose character set has weights of varying width (gbk, sjis, …)
 * cannot be weighed exactly: the load is refused before anything is written.
 */
export async function readTableKeys(
  connection: Connection,
  mapping: IngestMapping,
  name: string,
  columns: TableColumn[],
  uniqueKeys: string[][],
  indexNames: string[],
  uniqueColumns: number[],
): Promise<TableKeys> {
  const columnNamed = (column: string) => columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  const mappedAt = (column: string) => mapping.columns.findIndex((c) => c.column.toLowerCase() === column.toLowerCase());
  const others: TableKeys['others'] = [];
  const unique = new Set([...mapping.key.map((k) => mappedAt(k)), ...uniqueColumns]);
  uniqueKeys.forEach((indexColumns, i) => {
    if (isMappingKey(mapping, indexColumns)) return;
    const found = indexColumns.map((c) => columnNamed(c));
    // An AUTO_INCREMENT column never repeats, so neither does an index that holds one.
    if (found.some((c) => c?.serverFilled && !c.generated)) return;
    const at = indexColumns.map(mappedAt);
    if (at.some((a) => a === -1)) return others.push({ name: indexNames[i] });
    at.forEach((a) => unique.add(a));
    others.push({ name: indexNames[i], columns: at.map((a, j) => ({ at: a, collation: collationFor(found[j]) })) });
  });
  const weighed: WeighedColumn[] = [];
  for (const at of [...unique].sort((a, b) => a - b)) {
    const column = columnNamed(mapping.columns[at].column);
    if (!column?.collation || !column.charset || !needsWeights(column.collation)) continue;
    const weighing = await weighingOf(connection, column.charset, column.collation);
    if (!weighing) {
      const message = `${name}.${column.name} is in ${column.charset} (${column.collation}), whose keys and unique values Loadline cannot compare as the server does; use a Unicode or single-byte character set for it`;
      throw new IngestError('table', message, { table: name, reason: 'mismatch', count: '1' });
    }
    weighed.push({ at, ...weighing });
  }
  return { weighed, others };
}

/** How a column compares values that need no weighing: a _bin collation's trailing spaces, a FLOAT's 32-bit floats, else as written. */
export function collationFor(column: TableColumn | undefined): KeyCollation {
  if (column?.collation) return collationOf(column.collation);
  return column?.dataType === 'float' ? FLOAT_COLLATION : EXACT_COLLATION;
}

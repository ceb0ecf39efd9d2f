import { Contract, ForeignKeyTarget } from '../../contract/types';
import { DEFAULT_MAX_PROBLEMS } from '../check/validateCsv';
import { CsvInput, ForeignKeyOrphan, ForeignKeyReport, ReferencedKeys, referringRows, spanOf } from '../foreignKeyCheck';

/** Ends the pass that words the orphans once the last one listed is read. */
const ENOUGH = new Error('enough');

/**
 * findOrphans from the keys a check collected as it went (CsvCheckOptions.referencing: one DigestLists list), so
 * that the file is not parsed again for its references: each key is looked up among the referenced ones, and
 * only the orphans listed (the first `maxProblems`) are read again for their values and cells, by a pass that
 * stops at the last of them. `delimiter`: the check's.
 */
export async function orphansFromDigests(
  input: CsvInput,
  contract: Contract,
  target: ForeignKeyTarget,
  keys: ReferencedKeys,
  references: Float64Array[],
  delimiter: string,
  maxProblems = DEFAULT_MAX_PROBLEMS,
): Promise<ForeignKeyReport> {
  const listed = new Set<number>();
  let count = 0;
  let last = 0;
  for (const piece of references)
    for (let i = 0; i < piece.length; i += 3) {
      const y = piece[i + 2];
      // y: -2 a member not of the referenced type (it matches no key), -1 a safe integer, else a digest's low half.
      const found = y === -2 ? 0 : y === -1 ? keys.index.rowOf(piece[i + 1]) : keys.index.rowOfDigest(piece[i + 1], y);
      if (found !== 0 || count++ >= maxProblems) continue;
      last = piece[i];
      listed.add(last);
    }
  const orphans: ForeignKeyOrphan[] = [];
  if (listed.size === 0) return { orphans, count };
  try {
    await referringRows(input, contract, target, (row) => {
      if (listed.has(row.row))
        orphans.push({
          row: row.row,
          range: spanOf(row.text, row.row, row.cells, delimiter),
          values: [...row.values],
          written: [...row.written],
          reason: row.uncastable ? 'uncastable' : 'not-found',
        });
      if (row.row >= last) throw ENOUGH;
    });
  } catch (error) {
    if (error !== ENOUGH) throw error;
  }
  return { orphans, count };
}

import { Contract, ForeignKeyTarget } from '../../contract/types';
import { DEFAULT_MAX_PROBLEMS } from '../check/validateCsv';
import { CsvInput, ForeignKeyOrphan, ForeignKeyReport, ReferencedKeys, referringRows, spanOf } from '../foreignKeyCheck';

/** Ends the pass that words the orphans once the last one listed is read. */
const ENOUGH = new Error('enough');

/**
 * findOrphans from the keys a check collected as it went (CsvCheckOptions.referencing: one ReferenceDigests list), so
 * that the file is not parsed again for its references: each key is looked up among the referenced ones, and
 * only the orphans listed (the first `maxProblems`) are read again for their values and cells, by a pass that
 * stops at the last of them. `delimiter`: the check's. `worded`: orphans worded before (by a call on the pieces
 * merged so far, once they held the ones listed): when they hold every orphan listed, the file is not read again.
 */
export async function orphansFromDigests(
  input: CsvInput,
  contract: Contract,
  target: ForeignKeyTarget,
  keys: ReferencedKeys,
  references: Uint32Array[],
  delimiter: string,
  maxProblems = DEFAULT_MAX_PROBLEMS,
  worded?: ForeignKeyOrphan[],
): Promise<ForeignKeyReport> {
  const listed = new Set<number>();
  let count = 0;
  let last = 0;
  for (const piece of references)
    for (let i = 0; i < piece.length; i += 3) {
      // A member not of the referenced type is NO_KEY, which no key's digest is: the set does not hold it.
      if (keys.index.has(piece[i + 1], piece[i + 2]) || count++ >= maxProblems) continue;
      last = piece[i];
      listed.add(last);
    }
  const orphans: ForeignKeyOrphan[] = [];
  if (listed.size === 0) return { orphans, count };
  if (worded && worded.length === listed.size && worded.every((orphan) => listed.has(orphan.row))) return { orphans: worded, count };
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

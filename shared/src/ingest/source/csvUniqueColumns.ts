import { CsvChecker, KeySet } from '../../csv/check/validateCsv';
import { CsvInput } from './inputKind';

/** A unique set's members as the mapping's columns (a CSV's columns and its mapping's go alike), -1 for a cell it leaves out. */
export const uniqueSetMembers = (keySet: KeySet, csv: CsvInput): number[] => keySet.cells.map((cell) => csv.columns.findIndex((c) => c.cell === cell));

/**
 * The mapping's columns that a CSV's unique columns and uniqueKeys compare, known before any range is read: where
 * the table's collation folds them, the server weighs their values (readTableKeys), as for keys.
 */
export function csvUniqueColumns(csv: CsvInput): number[] {
  const continueFrom = { header: csv.header, dialect: csv.dialect, firstLine: 0 };
  // The key sets as a range's checker binds them (parseCsvRange): onRecord leaves the primary key out.
  const checker = new CsvChecker(csv.contract, { fileName: csv.fileName, continueFrom, onRecord: () => undefined, onKey: () => 0 });
  const members = checker.keySets.map((k) => uniqueSetMembers(k, csv)).filter((set) => set.every((at) => at !== -1));
  return [...new Set(members.flat())].sort((a, b) => a - b);
}

/**
 * The last row a check can number: the key indexes keep row numbers in 32-bit words (UniqueIndex's slots, a foreign
 * key's ReferenceDigests), where a row past it would wrap to a small number (row 2^32 to 0, an empty slot) and a
 * repeat or an orphan would be placed on the wrong row, or missed.
 */
export const LAST_ROW = 0xffff_ffff;

/** A file longer than LAST_ROW rows: its check stops with this, never numbers a row wrongly. */
export class RowLimitError extends Error {
  constructor(readonly row: number) {
    super(`it has more than ${LAST_ROW.toLocaleString('en')} rows, the most one check can number; split it into files of fewer rows`);
    this.name = 'RowLimitError';
  }
}

/** Throws RowLimitError for a row that a 32-bit word cannot hold. */
export function checkRowLimit(row: number): void {
  if (row > LAST_ROW) throw new RowLimitError(row);
}

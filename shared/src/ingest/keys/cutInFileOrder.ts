import { ParsedRange, UniqueRepeat } from '../parse/parsedRange';

/**
 * Cuts a range at its first row whose unique value an earlier line had: whether that row repeats the value
 * depends on what the table took of every earlier line, so it and every later row of the range load one by one
 * in file order (loadInFileOrder), after the rows before it, which load as usual in key order. Repeats of the
 * mapping's key (`keyRepeats`) past the cut load in their place too, not after the range (settleRepeats).
 */
export function cutInFileOrder(parsed: ParsedRange, uniqueRepeats: UniqueRepeat[]): void {
  const keyRepeats = parsed.keyRepeats ?? [];
  const cut = [...uniqueRepeats, ...keyRepeats].reduce((first, r) => Math.min(first, r.row), Infinity);
  const before: number[] = [];
  const after: number[] = keyRepeats.map((k) => k.row);
  for (const row of parsed.rows.order) (row < cut ? before : after).push(row);
  after.sort((a, b) => a - b);
  parsed.rows.order = Uint32Array.from([...before, ...after]);
  parsed.uniqueRepeats = uniqueRepeats.sort((a, b) => a.row - b.row);
  parsed.inFileOrderFrom = before.length;
}

import type { UniqueSet } from '../parse/parseCsvRange';
import { ParsedRange } from '../parse/parsedRange';
import { sortByKey } from '../parse/sortByKey';
import { ReferenceAsk } from './referenceCheck';

/**
 * Settles a parsed CSV range's references (`referenceAsks`): a row with a key that neither the referenced files nor
 * the table holds (`isHeld`) is rejected with code foreign-key, as validate words it, and leaves the range's rows,
 * their texts and lines and its unique sets; every other row stays as parsed. Before the range sends its keys on.
 */
export function rejectOrphans(parsed: ParsedRange, isHeld: (ask: ReferenceAsk) => boolean): void {
  const asks = parsed.referenceAsks;
  delete parsed.referenceAsks;
  const orphans = new Map<number, string>();
  for (const { row, asks: keys } of asks ?? []) {
    const missing = keys.find((ask) => !isHeld(ask));
    if (missing) orphans.set(row, missing.message);
  }
  if (orphans.size === 0) return;
  const { rows, rowLines, rowTexts } = parsed;
  for (const [row, reason] of orphans) parsed.rejects.push({ line: rowLines[row], fileLine: true, code: 'foreign-key', reason, text: rowTexts?.[row] ?? '' });
  parsed.rejects.sort((a, b) => a.line - b.line);
  parsed.counts.rejected += orphans.size;
  /** Each row's index once the orphans are out, or -1 for an orphan. */
  const moved = new Int32Array(rows.values.length);
  let kept = 0;
  for (let row = 0; row < moved.length; row++) moved[row] = orphans.has(row) ? -1 : kept++;
  const stays = (_: unknown, row: number) => moved[row] !== -1;
  parsed.rows = sortByKey(rows.values.filter(stays), rows.keys.filter(stays));
  parsed.rowLines = rowLines.filter(stays);
  if (rowTexts) parsed.rowTexts = rowTexts.filter(stays);
  for (const set of (parsed.uniqueSets ?? []) as Partial<UniqueSet>[]) {
    // The set's arrays run in step, and its rejectOf reads them by position: filtered in place.
    const at = set.rows!.map((row) => moved[row] !== -1);
    const inStep = (list: unknown[] | undefined) => {
      if (!list) return;
      let to = 0;
      for (let i = 0; i < at.length; i++) if (at[i]) list[to++] = list[i];
      list.length = to;
    };
    inStep(set.keys);
    inStep(set.lines);
    inStep(set.cells);
    inStep(set.rows);
    set.rows!.forEach((row, i) => (set.rows![i] = moved[row]));
  }
}

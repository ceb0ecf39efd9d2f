import { KeyIndex } from './keyIndex';
import { IngestMapping } from './mapping';
import { ParsedRange } from './parseRange';

/** A row whose key an earlier line of the file already had, and that earlier line (1-based, in the file). */
export interface Repeat {
  /** The row's index in its range, in file order. */
  row: number;
  firstLine: number;
}

/**
 * `onDuplicate: "error"`: finds the rows whose key an earlier line of the file had, across ranges parsed in any
 * order. Ranges are decided in file order, each once every earlier one is known, so "earlier" means earlier in
 * the file. Keeps every key seen with its first line, as a digest. Pure bookkeeping: no threads, no I/O.
 */
export class RepeatFinder {
  private readonly firstLines = new KeyIndex();
  private readonly waiting = new Map<number, { lineCount: number; keys: string[]; rowLines: number[]; linesInFile: boolean }>();
  private next = 0;
  private lineBase = 0;

  /**
   * A parsed range: its line count, and per row (file order) its key and its line, within the range or (a CSV,
   * `linesInFile`) in the file. Returns the ranges this decides, in file order, each with its repeats.
   */
  add(range: number, lineCount: number, keys: string[], rowLines: number[], linesInFile = false): { range: number; repeats: Repeat[] }[] {
    this.waiting.set(range, { lineCount, keys, rowLines, linesInFile });
    const decided: { range: number; repeats: Repeat[] }[] = [];
    for (let parsed = this.waiting.get(this.next); parsed; parsed = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const repeats: Repeat[] = [];
      parsed.keys.forEach((key, row) => {
        const firstLine = this.firstLines.add(key, (parsed.linesInFile ? 0 : this.lineBase) + parsed.rowLines[row]);
        if (firstLine !== 0) repeats.push({ row, firstLine });
      });
      decided.push({ range: this.next, repeats });
      this.lineBase += parsed.lineCount;
      this.next++;
    }
    return decided;
  }
}

/**
 * Turns a range's repeats into rejects that name the key and its first line, in line order with the range's
 * other rejects, and leaves the repeated rows out of the load.
 */
export function rejectRepeats(parsed: ParsedRange, repeats: Repeat[], mapping: IngestMapping, linesInFile: boolean): void {
  if (repeats.length === 0) return;
  const keyAt = mapping.key.map((k) => mapping.columns.findIndex((c) => c.column === k));
  const names = mapping.key.length === 1 ? mapping.key[0] : `(${mapping.key.join(', ')})`;
  const repeated = new Set<number>();
  for (const { row, firstLine } of repeats) {
    repeated.add(row);
    const values = keyAt.map((i) => JSON.stringify(parsed.rows.values[row][i]));
    parsed.rejects.push({
      line: parsed.rowLines[row],
      ...(linesInFile ? { fileLine: true, code: 'duplicate-key' } : {}),
      reason: `duplicate key ${names} ${values.length === 1 ? values[0] : `(${values.join(', ')})`}: the first one is line ${firstLine}`,
      text: parsed.rowTexts?.[row] ?? '',
    });
  }
  parsed.rejects.sort((a, b) => a.line - b.line);
  parsed.counts.rejected += repeats.length;
  parsed.rows.order = parsed.rows.order.filter((i) => !repeated.has(i));
}

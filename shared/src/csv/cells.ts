/** Offsets of one raw cell in the text: [start, end). A quoted cell's range includes its quotes. */
export interface CellSpan {
  start: number;
  end: number;
}

const QUOTE = 34; // "

/**
 * Finds where each cell of the record starting at `start` lies, honouring quotes, so diagnostics point at
 * the exact cell. Called only for records that have a problem, and for hovers, so clean rows never pay.
 * `end` is the offset where the record's line break starts (or the text ends).
 */
export function locateCells(text: string, start: number, end: number, delimiter: string): CellSpan[] {
  const cells: CellSpan[] = [];
  let cellStart = start;
  let i = start;
  while (i <= end) {
    if (i === cellStart && text.charCodeAt(i) === QUOTE) {
      i++;
      while (i < end) {
        if (text.charCodeAt(i) === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) i += 2;
          else break;
        } else i++;
      }
      i++;
      continue;
    }
    if (i === end || text.startsWith(delimiter, i)) {
      cells.push({ start: cellStart, end: i });
      if (i === end) break;
      i += delimiter.length;
      cellStart = i;
      continue;
    }
    i++;
  }
  return cells;
}

/** Where the record break after `cursor` starts: papaparse reports the offset after the break. */
export function recordContentEnd(text: string, recordEnd: number, newline: string): number {
  return text.startsWith(newline, recordEnd - newline.length) ? recordEnd - newline.length : recordEnd;
}

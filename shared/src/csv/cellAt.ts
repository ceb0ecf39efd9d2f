import { ColumnRule, tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';
import { locateCells } from './cells';
import { detectDialect } from './dialect';
import { normalizeLabel } from '../contract/normalizeLabel';
import { lineEndAt } from '../text/lineCursor';

export interface CellInfo {
  column: number;
  label: string;
  /** What the contract says about the column. */
  rule?: ColumnRule;
  /** Offsets of the cell under the cursor. */
  start: number;
  end: number;
}

/**
 * The column under an offset, for hovers. It reads the cursor's line as one record, which is right
 * for every line but the continuation lines of a quoted multi-line cell.
 */
export function cellAt(text: string, offset: number, contract: Contract | undefined, fileName?: string): CellInfo | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = body === text ? 0 : 1;
  const dialect = detectDialect(body, { delimiter: contract?.delimiter, fileName });
  if (!dialect.ok) return undefined;
  const { delimiter } = dialect.dialect;
  const at = offset - shift;
  const lineStart = Math.max(body.lastIndexOf('\n', at - 1), body.lastIndexOf('\r', at - 1)) + 1;
  const cells = locateCells(body, lineStart, lineEndAt(body, at), delimiter);
  const column = cells.findIndex((c) => at >= c.start && at <= c.end);
  if (column === -1) return undefined;

  const headerCells = locateCells(body, 0, lineEndAt(body, 0), delimiter);
  const label = column < headerCells.length ? unquote(body.slice(headerCells[column].start, headerCells[column].end)) : '';
  const rule = contract && tableRules(contract).columns.find((c) => normalizeLabel(c.label) === normalizeLabel(label));
  return {
    column,
    label,
    rule,
    start: cells[column].start + shift,
    end: cells[column].end + shift,
  };
}

function unquote(raw: string): string {
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw;
}

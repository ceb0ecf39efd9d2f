import { ColumnRule, tableRules } from '../contract/tableRules';
import { Contract } from '../contract/types';
import { locateCells } from './cells';
import { detectDialect } from './dialect';
import { normalizeLabel } from '../contract/normalizeLabel';

export interface CellInfo {
  column: number;
  label: string;
  /** What the contract says about the column. */
  rule?: ColumnRule;
  /** Offsets of the cell under the cursor. */
  start: number;
  end: number;
}

/** The column under an offset, for hovers; a multi-line quoted cell is one cell on each of its lines. */
export function cellAt(text: string, offset: number, contract: Contract | undefined, fileName?: string): CellInfo | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = body === text ? 0 : 1;
  const dialect = detectDialect(body, { delimiter: contract?.delimiter, fileName });
  if (!dialect.ok) return undefined;
  const { delimiter } = dialect.dialect;
  const at = offset - shift;
  const record = recordAround(body, at);
  const cells = locateCells(body, record.start, record.end, delimiter);
  const column = cells.findIndex((c) => at >= c.start && at <= c.end);
  if (column === -1) return undefined;

  const header = recordAround(body, 0);
  const headerCells = locateCells(body, header.start, header.end, delimiter);
  const label = column < headerCells.length ? unquote(body.slice(headerCells[column].start, headerCells[column].end)) : '';
  const key = normalizeLabel(label);
  const rule = contract && tableRules(contract).columns.find((c) => c.key === key);
  return {
    column,
    label,
    rule,
    start: cells[column].start + shift,
    end: cells[column].end + shift,
  };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The record that holds `at`: from just after the last line break outside quotes before it, to the first one
 * at or after it (a doubled quote counts twice). One pass over the text up to the record's end: a hover on a
 * large file costs a few milliseconds.
 */
function recordAround(text: string, at: number): { start: number; end: number } {
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (c === LF || c === CR)) start = i + 1;
  }
  let end = at;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (c === LF || c === CR)) break;
  }
  return { start, end };
}

function unquote(raw: string): string {
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw;
}

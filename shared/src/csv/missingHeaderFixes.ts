import { Contract } from '../contract/types';
import { lineEndAt } from '../text/lineCursor';
import { detectDialect } from './dialect';
import { validateCsv } from './check/validateCsv';

/** Text to insert at an offset so that the header row gains one missing required header. */
export interface HeaderFix {
  header: string;
  offset: number;
  insert: string;
  /** The header row's line (0-based), where editors offer the fix. */
  line: number;
}

/**
 * One fix per required header that the header row lacks: append it to the header row (the first line
 * with content, as the validator reads it). A header row that ends with a delimiter has a blank last
 * column: the header goes into it rather than after it.
 */
export function missingHeaderFixes(text: string, contract: Contract, fileName?: string): HeaderFix[] {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const headerStart = firstLineWithContent(text, bom);
  const headerEnd = lineEndAt(text, headerStart);
  const headerText = text.slice(headerStart, headerEnd);
  const dialect = detectDialect(text.slice(bom), { delimiter: contract.delimiter, fileName });
  const delimiter = dialect.ok ? dialect.dialect.delimiter : ',';
  const header = validateCsv(headerText, { ...contract, delimiter }, { fileName });
  const line = lineNumberAt(text, headerStart);
  // Each fix is applied on its own, so each may fill the blank.
  const fillsBlank = headerText.trim() === '' || headerText.endsWith(delimiter);
  return header.problems
    .filter((problem) => problem.code === 'missing-label' && problem.header)
    .map((problem) => ({ header: problem.header!, offset: headerEnd, insert: (fillsBlank ? '' : delimiter) + problem.header!, line }));
}

function firstLineWithContent(text: string, from: number): number {
  let start = from;
  while (start < text.length) {
    const end = lineEndAt(text, start);
    if (/\S/.test(text.slice(start, end))) return start;
    start = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  return from;
}

const lineNumberAt = (text: string, offset: number) => (text.slice(0, offset).match(/\r\n|\r|\n/g) ?? []).length;

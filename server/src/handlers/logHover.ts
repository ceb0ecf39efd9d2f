import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clip, IngestMapping, LogFinding, LogKeyRepeat, mappedValueAt } from '@loadline/shared';

/** Most characters of a stored value the hover quotes: a `json` column may hold a whole line. */
const STORED_SHOWN = 200;

/** Inline code that holds any backticks of `text`. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${fence}${text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text}${fence}`;
}

/**
 * Over a log line's value: the column it fills, the column's SQL type and the value as stored
 * (`at ← ts · TIMESTAMP(3) · 2023-11-14 22:13:20.000`); on a line the dry run would reject, its reason.
 */
export function hoverLogValue(
  document: TextDocument,
  position: Position,
  mapping: IngestMapping,
  findings: readonly LogFinding[],
  repeats: readonly LogKeyRepeat[],
): Hover | null {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/(\r\n|\r|\n)$/, '');
  const value = mappedValueAt(line, position.character, mapping);
  const finding = findings.find((f) => f.line === position.line);
  const repeat = repeats.find((r) => r.line === position.line);
  // A skipped line stores nothing: the line that holds its key first keeps its row.
  const skipped = repeat?.onDuplicate === 'skip';
  const parts: string[] = [];
  if (value) {
    const stored = value.stored === undefined || skipped ? [] : [value.stored === null ? 'NULL' : code(clip(value.stored, STORED_SHOWN))];
    parts.push([`**${value.column}** ← ${code(value.label)}`, code(value.sqlType), ...stored].join(' · '));
  }
  if (finding) parts.push(`Rejected (${finding.code}): ${finding.reason}`);
  if (repeat)
    parts.push(
      skipped
        ? `Skipped (duplicate-key): line ${repeat.firstLine} holds this key first, and onDuplicate "skip" keeps its row`
        : `Updates the row of line ${repeat.firstLine}, which holds this key first (onDuplicate "update": the last line with the key wins)`,
    );
  if (parts.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    ...(value ? { range: { start: { line: position.line, character: value.start }, end: { line: position.line, character: value.end } } } : {}),
  };
}

import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cellAt, Contract } from '@loadline/shared';

/** Column name and contract rule of the cell under the cursor. */
export function hoverCell(document: TextDocument, position: Position, contract: Contract | undefined, fileName: string): Hover | null {
  const cell = cellAt(document.getText(), document.offsetAt(position), contract, fileName);
  if (!cell) return null;
  const name = cell.label || `(blank header)`;
  const rule = !contract
    ? 'No `.loadline.json` contract applies to this file.'
    : !cell.rule
      ? 'Not in the contract.'
      : cell.rule.required
        ? cell.rule.allowEmpty
          ? 'Required header; cells may be empty.'
          : 'Required: the header must exist and no cell may be empty.'
        : 'Optional.';
  const field = cell.rule?.field ? ` Maps to field \`${cell.rule.field}\`.` : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: `**${name}** (column ${cell.column + 1})\n\n${rule}${field}` },
    range: { start: document.positionAt(cell.start), end: document.positionAt(cell.end) },
  };
}

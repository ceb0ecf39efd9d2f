import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Contract, missingHeaderFixes } from '@loadline/shared';

/**
 * The core's header fixes as LSP quick fixes on the header row. They come from the document and the
 * contract, not from the diagnostics' `data`, which some clients do not send back.
 */
export function quickFixes(
  document: TextDocument,
  requested: Range,
  diagnostics: Diagnostic[],
  contract: Contract | undefined,
  fileName: string,
): CodeAction[] {
  if (!contract) return [];
  return missingHeaderFixes(document.getText(), contract, fileName)
    .filter((fix) => requested.start.line <= fix.line && fix.line <= requested.end.line)
    .map((fix) => {
      const at = document.positionAt(fix.offset);
      return {
        title: `Add required header "${fix.header}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnostics.filter((d) => d.code === 'missing-label' && d.message.includes(`"${fix.header}"`)),
        isPreferred: true,
        edit: { changes: { [document.uri]: [{ range: { start: at, end: at }, newText: fix.insert }] } },
      };
    });
}

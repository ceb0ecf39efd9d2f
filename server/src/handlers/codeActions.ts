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
  const named = missingLabels(diagnostics);
  return missingHeaderFixes(document.getText(), contract, fileName)
    .filter((fix) => requested.start.line <= fix.line && fix.line <= requested.end.line)
    .map((fix) => {
      const at = document.positionAt(fix.offset);
      return {
        title: `Add required header "${fix.header}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: named.get(fix.header) ?? [],
        isPreferred: true,
        edit: { changes: { [document.uri]: [{ range: { start: at, end: at }, newText: fix.insert }] } },
      };
    });
}

/**
 * The missing-label diagnostics by the header they name (their `data`, else the quoted name in the message):
 * one pass, where a search of every diagnostic per fix was quadratic in a wide file.
 */
function missingLabels(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const byHeader = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.code !== 'missing-label') continue;
    const data = d.data as { header?: unknown } | undefined;
    const open = d.message.indexOf('"');
    const close = d.message.lastIndexOf('"');
    const header = typeof data?.header === 'string' ? data.header : close > open ? d.message.slice(open + 1, close) : undefined;
    if (header === undefined) continue;
    const list = byHeader.get(header);
    if (list) list.push(d);
    else byHeader.set(header, [d]);
  }
  return byHeader;
}

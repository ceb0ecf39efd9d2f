import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { detectDialect } from '../../../shared/src/csv/dialect';

/** Quick fixes: a missing required header is appended to row 1. */
export function quickFixes(document: TextDocument, diagnostics: Diagnostic[], delimiterHint: string | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const text = document.getText();
  for (const diagnostic of diagnostics) {
    const header = (diagnostic.data as { header?: string } | undefined)?.header;
    if (diagnostic.code !== 'missing-label' || !header) continue;
    const dialect = detectDialect(text, { delimiter: delimiterHint, fileName: document.uri });
    const delimiter = dialect.ok ? dialect.dialect.delimiter : ',';
    const headerEnd = document.positionAt(text.search(/\r|\n|$/));
    const headerIsEmpty = headerEnd.character === 0 || (headerEnd.character === 1 && text.charCodeAt(0) === 0xfeff);
    actions.push({
      title: `Add required header "${header}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [document.uri]: [{ range: { start: headerEnd, end: headerEnd }, newText: (headerIsEmpty ? '' : delimiter) + header }] } },
    });
  }
  return actions;
}

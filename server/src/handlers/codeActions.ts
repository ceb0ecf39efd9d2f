import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Contract } from '../../../shared/src/contract/types';
import { detectDialect } from '../../../shared/src/csv/dialect';
import { validateCsv } from '../../../shared/src/csv/validateCsv';
import { lineEndAt } from '../../../shared/src/text/lineCursor';

/**
 * Quick fixes on the header line: each missing required header can be appended to row 1. The fixes come
 * from the document and the contract, not from the diagnostics' `data`, which some clients do not send back.
 */
export function quickFixes(document: TextDocument, requested: Range, diagnostics: Diagnostic[], contract: Contract | undefined, fileName: string): CodeAction[] {
  if (!contract || requested.start.line > 0) return [];
  const text = document.getText();
  const dialect = detectDialect(text, { delimiter: contract.delimiter, fileName });
  const delimiter = dialect.ok ? dialect.dialect.delimiter : ',';
  const headerEnd = lineEndAt(text, 0);
  const header = validateCsv(text.slice(0, headerEnd), { ...contract, delimiter }, { fileName });
  const end = document.positionAt(headerEnd);
  const headerIsEmpty = text.slice(0, headerEnd).replace(/^\ufeff/, '') === '';
  return header.problems
    .filter((problem) => problem.code === 'missing-label' && problem.header)
    .map((problem) => ({
      title: `Add required header "${problem.header}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.filter((d) => d.code === 'missing-label' && d.message === problem.message),
      isPreferred: true,
      edit: { changes: { [document.uri]: [{ range: { start: end, end }, newText: (headerIsEmpty ? '' : delimiter) + problem.header }] } },
    }));
}

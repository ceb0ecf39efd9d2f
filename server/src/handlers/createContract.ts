import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { inferContract } from '@loadline/shared';
import { configEntryEdit, entryPlace, NearestConfig } from './configEntryEdit';

const CREATE_CONTRACT_TITLE = 'Create a contract from this file';

export interface CreateContractInput {
  document: TextDocument;
  fileName: string;
  inferRows: number;
  config?: NearestConfig;
  diagnostics: Diagnostic[];
}

/**
 * "Create a contract from this file": a contract inferred from the CSV, appended to the nearest .loadline.json
 * or written to a new one beside the CSV. A WorkspaceEdit, so that the editor can undo it.
 */
export function createContractAction({ document, fileName, inferRows, config, diagnostics }: CreateContractInput): CodeAction | undefined {
  const { folder, glob } = entryPlace(URI.parse(document.uri), config);
  const contract = inferContract(document.getText(), { rows: inferRows, fileName, glob });
  const edit = configEntryEdit(folder, config, 'contracts', contract);
  return (
    edit && {
      title: CREATE_CONTRACT_TITLE,
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.filter((d) => d.code === 'no-contract'),
      edit,
    }
  );
}

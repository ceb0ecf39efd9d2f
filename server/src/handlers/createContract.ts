import { CodeAction, CodeActionKind, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modify } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, inferContract } from '@loadline/shared';

const CREATE_CONTRACT_TITLE = 'Create a contract from this file';
const FORMATTING = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

export interface CreateContractInput {
  document: TextDocument;
  fileName: string;
  inferRows: number;
  /** The nearest .loadline.json with its current text (an open buffer or the disk), or undefined for none. */
  config?: { uri: string; text: string };
  diagnostics: Diagnostic[];
}

/**
 * "Create a contract from this file": a contract inferred from the CSV, appended to the nearest .loadline.json
 * or written to a new one beside the CSV. A WorkspaceEdit, so that the editor can undo it.
 */
export function createContractAction({ document, fileName, inferRows, config, diagnostics }: CreateContractInput): CodeAction | undefined {
  const csv = URI.parse(document.uri);
  const folder = config ? Utils.dirname(URI.parse(config.uri)) : Utils.dirname(csv);
  const glob = csv.path.startsWith(`${folder.path}/`) ? csv.path.slice(folder.path.length + 1) : Utils.basename(csv);
  const contract = inferContract(document.getText(), { rows: inferRows, fileName, glob });
  const action: CodeAction = {
    title: CREATE_CONTRACT_TITLE,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostics.filter((d) => d.code === 'no-contract'),
  };
  if (!config) {
    const uri = Utils.joinPath(folder, CONFIG_FILE_NAME).toString();
    const text = JSON.stringify({ contracts: [contract] }, null, 2) + '\n';
    action.edit = {
      documentChanges: [
        CreateFile.create(uri, { ignoreIfExists: true }),
        TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]),
      ],
    };
    return action;
  }
  let edits;
  try {
    edits = modify(config.text, ['contracts', -1], contract, FORMATTING);
  } catch {
    // A config whose "contracts" is not an array cannot take one more: its own diagnostics say what to fix.
    return undefined;
  }
  const configDocument = TextDocument.create(config.uri, 'json', 0, config.text);
  action.edit = {
    changes: {
      [config.uri]: edits.map((e) =>
        TextEdit.replace({ start: configDocument.positionAt(e.offset), end: configDocument.positionAt(e.offset + e.length) }, e.content),
      ),
    },
  };
  return action;
}

import { CodeAction, CodeActionKind, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modify } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, inferMapping } from '@loadline/shared';

const DECLARE_MAPPING_TITLE = 'Declare an ingest mapping for this log';
const FORMATTING = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * "Declare an ingest mapping for this log", for a log no mapping matches: a mapping inferred from its first lines,
 * appended to the nearest .loadline.json's `ingest` list or written to a new config beside the log. A
 * WorkspaceEdit, so that the editor can undo it. Undefined when no line is a JSON object.
 */
export function declareMappingAction(document: TextDocument, inferRows: number, config: { uri: string; text: string } | undefined): CodeAction | undefined {
  const log = URI.parse(document.uri);
  const folder = config ? Utils.dirname(URI.parse(config.uri)) : Utils.dirname(log);
  const glob = log.path.startsWith(`${folder.path}/`) ? log.path.slice(folder.path.length + 1) : Utils.basename(log);
  const name = Utils.basename(log).replace(/\.[^.]*$/, '') || 'log';
  const mapping = inferMapping(document.getText(), { rows: inferRows, glob, name });
  if (!mapping) return undefined;
  const action: CodeAction = { title: DECLARE_MAPPING_TITLE, kind: CodeActionKind.QuickFix };
  if (!config) {
    const uri = Utils.joinPath(folder, CONFIG_FILE_NAME).toString();
    const text = JSON.stringify({ ingest: [mapping] }, null, 2) + '\n';
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
    edits = modify(config.text, ['ingest', -1], mapping, FORMATTING);
  } catch {
    // A config whose "ingest" is not an array cannot take one more: its own diagnostics say what to fix.
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

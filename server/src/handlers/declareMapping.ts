import { CodeAction, CodeActionKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { inferMapping } from '@loadline/shared';
import { configEntryEdit, entryPlace, NearestConfig } from './configEntryEdit';

const DECLARE_MAPPING_TITLE = 'Declare an ingest mapping for this log';

/**
 * "Declare an ingest mapping for this log", for a log no mapping matches: a mapping inferred from its first lines,
 * appended to the nearest .loadline.json's `ingest` list or written to a new config beside the log. Undefined when
 * no line is a JSON object, or when the config cannot take one more mapping.
 */
export function declareMappingAction(document: TextDocument, inferRows: number, config: NearestConfig): CodeAction | undefined {
  const log = URI.parse(document.uri);
  const { folder, glob } = entryPlace(log, config);
  const name = Utils.basename(log).replace(/\.[^.]*$/, '') || 'log';
  const mapping = inferMapping(document.getText(), { rows: inferRows, glob, name });
  if (!mapping) return undefined;
  const edit = configEntryEdit(folder, config, 'ingest', mapping);
  return edit && { title: DECLARE_MAPPING_TITLE, kind: CodeActionKind.QuickFix, edit };
}

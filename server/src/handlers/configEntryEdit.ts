import { CreateFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modify, ParseError, parseTree } from 'jsonc-parser';
import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, literalGlob } from '@loadline/shared';

const FORMATTING = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** The nearest .loadline.json with its current text (an open buffer or the disk), or undefined for none. */
export type NearestConfig = { uri: string; text: string } | undefined;

/** The folder whose config will hold a new entry for `file`, and a glob that names the file alone, relative to it. */
export function entryPlace(file: URI, config: NearestConfig): { folder: URI; glob: string } {
  const folder = config ? Utils.dirname(URI.parse(config.uri)) : Utils.dirname(file);
  const below = file.path.startsWith(`${folder.path}/`) ? file.path.slice(folder.path.length + 1) : Utils.basename(file);
  return { folder, glob: literalGlob(below) };
}

/**
 * A WorkspaceEdit (so that the editor can undo it) that appends `entry` to the config's `list`, or writes a new
 * config in `folder` holding it. Undefined when the config's `list` is not an array, or the config cannot take the
 * entry where it would be read: its own diagnostics say what to fix.
 */
export function configEntryEdit(folder: URI, config: NearestConfig, list: 'contracts' | 'ingest', entry: object): WorkspaceEdit | undefined {
  if (!config) {
    const uri = Utils.joinPath(folder, CONFIG_FILE_NAME).toString();
    const text = JSON.stringify({ [list]: [entry] }, null, 2) + '\n';
    return {
      documentChanges: [
        CreateFile.create(uri, { ignoreIfExists: true }),
        TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]),
      ],
    };
  }
  // A config that does not parse, or that writes `list` twice (the reader keeps the last; an edit finds the first):
  // an entry put there would change nothing. Its own diagnostics say what to fix.
  const errors: ParseError[] = [];
  const lists = parseTree(config.text, errors, { allowTrailingComma: true })?.children?.filter((p) => p.children?.[0]?.value === list);
  if (errors.length > 0 || (lists?.length ?? 0) > 1) return undefined;
  let edits;
  try {
    edits = modify(config.text, [list, -1], entry, FORMATTING);
  } catch {
    return undefined;
  }
  const configDocument = TextDocument.create(config.uri, 'json', 0, config.text);
  return {
    changes: {
      [config.uri]: edits.map((e) =>
        TextEdit.replace({ start: configDocument.positionAt(e.offset), end: configDocument.positionAt(e.offset + e.length) }, e.content),
      ),
    },
  };
}

import type { Connection, DidChangeTextDocumentParams, Disposable, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * `TextDocuments.listen`, with each didChange checked before the library reads it. The library reads
 * `contentChanges.length` and `textDocument.version` before the store sees the change, so a malformed
 * notification threw there and the document went out of step without a word. Such a change goes to `refuse`
 * instead, with the document's uri when it names one. test/protocol/resync.test.ts fails if the library stops
 * registering its handler through `connection.onDidChangeTextDocument`.
 */
export function listenDocuments(
  documents: TextDocuments<TextDocument>,
  connection: Connection,
  refuse: (uri: string | undefined, version: number | undefined, reason: string) => void,
): Disposable {
  const checked = Object.create(connection) as Connection;
  checked.onDidChangeTextDocument = (handler) =>
    connection.onDidChangeTextDocument((params) => {
      const reason = malformedNotification(params);
      if (reason === undefined) return handler(params);
      const { uri, version } = (params?.textDocument ?? {}) as { uri?: unknown; version?: unknown };
      refuse(typeof uri === 'string' ? uri : undefined, Number.isSafeInteger(version) ? (version as number) : undefined, reason);
    });
  return documents.listen(checked);
}

/** Why a didChange cannot reach the store, or undefined; the store judges each change itself. */
function malformedNotification(params: DidChangeTextDocumentParams | null | undefined): string | undefined {
  const { textDocument, contentChanges } = (params ?? {}) as { textDocument?: { uri?: unknown; version?: unknown }; contentChanges?: unknown };
  if (typeof textDocument?.uri !== 'string') return 'a change that names no document';
  if (!Number.isSafeInteger(textDocument.version)) return `a version that is not an integer (${kindOf(textDocument.version)})`;
  if (!Array.isArray(contentChanges)) return `contentChanges that is not a list (${kindOf(contentChanges)})`;
  return undefined;
}

/** What a value is, in a word: hostile values can be large, and the log names only their kind. */
const kindOf = (value: unknown) => (value === null ? 'null' : typeof value);

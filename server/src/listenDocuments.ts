import type { Connection, DidChangeTextDocumentParams, DidOpenTextDocumentParams, Disposable, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * `TextDocuments.listen`, with each didOpen and didChange checked before the library reads it. The library reads
 * `contentChanges.length` and `textDocument.version` before the store sees the change, so a malformed
 * notification threw there and the document went out of step without a word; an open whose text is not a string
 * made a document no check could read. Such a notification goes to `refuse` instead, with the document's uri when
 * it names one. test/protocol/resync.test.ts and abuse.test.ts fail if the library stops registering its handlers
 * through `connection.onDidChangeTextDocument` and `connection.onDidOpenTextDocument`.
 */
export function listenDocuments(
  documents: TextDocuments<TextDocument>,
  connection: Connection,
  refuse: (uri: string | undefined, version: number | undefined, reason: string) => void,
): Disposable {
  const checked = Object.create(connection) as Connection;
  const refuseWhy = (params: { textDocument?: unknown } | null | undefined, reason: string) => {
    const { uri, version } = (params?.textDocument ?? {}) as { uri?: unknown; version?: unknown };
    refuse(typeof uri === 'string' ? uri : undefined, Number.isSafeInteger(version) ? (version as number) : undefined, reason);
  };
  checked.onDidChangeTextDocument = (handler) =>
    connection.onDidChangeTextDocument((params) => {
      const reason = malformedNotification(params);
      if (reason === undefined) return handler(params);
      refuseWhy(params, reason);
    });
  checked.onDidOpenTextDocument = (handler) =>
    connection.onDidOpenTextDocument((params) => {
      const reason = malformedOpen(params);
      if (reason === undefined) return handler(params);
      refuseWhy(params, reason);
    });
  return documents.listen(checked);
}

/** Why a didOpen cannot reach the store, or undefined. */
function malformedOpen(params: DidOpenTextDocumentParams | null | undefined): string | undefined {
  const { uri, version, text } = (params?.textDocument ?? {}) as { uri?: unknown; version?: unknown; text?: unknown };
  if (typeof uri !== 'string') return 'an open that names no document';
  if (!Number.isSafeInteger(version)) return `a version that is not an integer (${kindOf(version)})`;
  if (typeof text !== 'string') return `a text that is not a string (${kindOf(text)})`;
  return undefined;
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

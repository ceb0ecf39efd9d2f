import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * How the server keeps open documents' texts, over `vscode-languageserver-textdocument`, with two repairs:
 *
 * - An edit that joins a `\r` and a `\n` (typing `^M` before a line break, deleting what stood between them)
 *   leaves that library counting one line too many, and every later edit then lands a line off. After such an
 *   edit the document's lines are counted afresh, so that `\r\n` is one line break, as LSP says.
 * - A change whose range is malformed (not two positions of non-negative integers, or its start after its
 *   end) cannot be applied: the text the client now has is unknown. The whole notification is refused, the
 *   document keeps its last good text and version (and so its diagnostics, for that text), `onMalformed` is
 *   told, and the document is stale until the client sends its whole text again (a change without a range,
 *   or closing and reopening it): later ranged edits are relative to a text the server does not have.
 */
export class DocumentStore implements TextDocumentsConfiguration<TextDocument> {
  /** Stale documents: why. */
  private readonly stale = new Map<string, string>();

  constructor(private readonly onMalformed: (uri: string, version: number | undefined, reason: string) => void) {}

  create = (uri: string, languageId: string, version: number, text: string): TextDocument => {
    this.stale.delete(uri);
    return TextDocument.create(uri, languageId, version, text);
  };

  update = (document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
    const malformed = changes.map(malformedRange).find((reason) => reason !== undefined);
    if (malformed !== undefined) {
      this.refuse(document.uri, version, malformed);
      return document;
    }
    if (changes.some((change) => !('range' in change))) this.stale.delete(document.uri);
    else if (this.stale.has(document.uri)) return document;
    let updated = document;
    for (const change of changes) updated = applyOne(updated, change, version);
    return updated;
  };

  /** Refuses a change to `uri`, which may not have reached `update` (listenDocuments.ts): the document is stale. */
  refuse(uri: string, version: number | undefined, reason: string): void {
    this.stale.set(uri, reason);
    this.onMalformed(uri, version, reason);
  }

  /** Why the document's text is not the client's, or undefined when it is. */
  staleReason(uri: string): string | undefined {
    return this.stale.get(uri);
  }

  forget(uri: string): void {
    this.stale.delete(uri);
  }
}

/** One change, then a fresh line count when it joined a CR and an LF at either end. */
function applyOne(document: TextDocument, change: TextDocumentContentChangeEvent, version: number): TextDocument {
  if (!('range' in change)) return TextDocument.update(document, [change], version);
  const start = document.offsetAt(change.range.start);
  const updated = TextDocument.update(document, [change], version);
  const text = updated.getText();
  const end = start + change.text.length;
  const joins = (at: number) => at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10;
  return joins(start) || joins(end) ? TextDocument.create(updated.uri, updated.languageId, version, text) : updated;
}

const isPosition = (p: unknown): p is { line: number; character: number } => {
  const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0;
};

/** Why a change's range cannot be applied, or undefined (a change without a range is the whole text). */
function malformedRange(change: TextDocumentContentChangeEvent): string | undefined {
  if (typeof (change as { text?: unknown } | null)?.text !== 'string') return 'a change without text';
  if (!('range' in change)) return undefined;
  const { range } = change;
  if (!isPosition(range?.start) || !isPosition(range?.end)) return `a range that is not two positions of non-negative integers: ${JSON.stringify(range)}`;
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    return `a range whose start comes after its end: ${JSON.stringify(range)}`;
  return undefined;
}

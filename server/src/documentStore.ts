import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { StoredDocument } from './storedDocument';

/**
 * How the server keeps open documents' texts, as StoredDocuments (storedDocument.ts): an edit to a big document
 * copies neither its text nor its lines, and `\r\n` is one line break whatever the edit order (an edit that joins a
 * `\r` and a `\n` left `vscode-languageserver-textdocument` counting one line too many, and every later edit
 * landed a line off).
 *
 * A change whose range is malformed (not two positions of non-negative integers, or its start after its end)
 * cannot be applied: the text the client now has is unknown. The whole notification is refused, the document
 * keeps its last good text and version (and so its diagnostics, for that text), `onMalformed` is told, and the
 * document is stale until the client sends its whole text again (a change without a range, or closing and
 * reopening it): later ranged edits are relative to a text the server does not have.
 */
export class DocumentStore implements TextDocumentsConfiguration<TextDocument> {
  /** Stale documents: why. */
  private readonly stale = new Map<string, string>();

  constructor(
    private readonly onMalformed: (uri: string, version: number | undefined, reason: string) => void,
    /** The changes applied to a document, in order, so that a check can follow them (a log's lines: LogChecks). */
    private readonly onApplied: (uri: string, changes: TextDocumentContentChangeEvent[]) => void = () => undefined,
  ) {}

  create = (uri: string, languageId: string, version: number, text: string): TextDocument => {
    this.stale.delete(uri);
    return new StoredDocument(uri, languageId, version, text);
  };

  update = (document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
    const malformed = changes.map(malformedRange).find((reason) => reason !== undefined);
    if (malformed !== undefined) {
      this.refuse(document.uri, version, malformed);
      return document;
    }
    if (changes.some((change) => !('range' in change))) this.stale.delete(document.uri);
    else if (this.stale.has(document.uri)) return document;
    const stored = document as StoredDocument;
    for (const change of changes) {
      if ('range' in change) stored.edit(change.range, change.text);
      else stored.replace(change.text);
    }
    stored.version = version;
    this.onApplied(document.uri, changes);
    return stored;
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

const isPosition = (p: unknown): p is { line: number; character: number } => {
  const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0;
};

/**
 * Whether `position` is in `document`: a request for a position before its start or past its last line is
 * answered with nothing, where offsetAt would clamp it to the first or the last cell. A character past its line's
 * end is the line's end, as the spec says.
 */
export function isInside(document: TextDocument, position: unknown): boolean {
  return isPosition(position) && position.line < document.lineCount;
}

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

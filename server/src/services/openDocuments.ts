import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ReadResource } from '@loadline/shared';
import { isInside } from '../documentStore';
import { keyOf } from './resourceKinds';

/** The documents the editor has open, by the URI it sent (vscode-languageserver's TextDocuments). */
export interface DocumentSource {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/** The open documents, found by resource however a URI spells it; their unsaved texts win over the disk. */
export class OpenDocuments {
  constructor(
    private readonly documents: DocumentSource,
    private readonly readResource: ReadResource,
  ) {}

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The open document when `position` is in it (isInside): a hover or a reference asked outside it has no answer. */
  getAt(uri: string, position: unknown): TextDocument | undefined {
    const document = this.documents.get(uri);
    return document && isInside(document, position) ? document : undefined;
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** The open document of a resource, if any. */
  at(uri: URI): TextDocument | undefined {
    const key = keyOf(uri);
    return this.documents.all().find((d) => keyOf(URI.parse(d.uri)) === key);
  }

  /** The URI the editor knows a resource by: its open document's, else the resource's own. */
  uriOf(uri: URI): string {
    return this.at(uri)?.uri ?? uri.toString();
  }

  // Unsaved editor buffers win over the disk, so config edits apply at once.
  readText: ReadResource = (uri) => this.at(uri)?.getText() ?? this.readResource(uri);
}

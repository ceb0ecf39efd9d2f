import { Hover, Location, LSPErrorCodes, MarkupKind, Position, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { cellAt, fieldList, ForeignKeyTarget, KeyRow, normalizeLabel, referencedName, ResolvedContract, writtenKey } from '@loadline/shared';
import { Cancellation, CancelledError, ForeignKeys, Resolution } from '../services/foreignKeys';
import { keyOf } from '../services/resourceKinds';
import { relativePath } from './hover';

/**
 * The foreign keys whose referencing fields hold the header cell (row 1) under the cursor: what that column refers
 * to. None on any other cell; a row's cell is a reference (referenceAt), the header only names one.
 */
function keysOfHeaderAt(document: TextDocument, position: Position, resolved: ResolvedContract | undefined, fileName: string): ForeignKeyTarget[] {
  if (!resolved?.foreignKeys || position.line !== 0) return [];
  const cell = cellAt(document.getText(), document.offsetAt(position), resolved.contract, fileName);
  if (!cell) return [];
  const label = normalizeLabel(cell.label);
  return resolved.foreignKeys.filter((target) => target.fields.some((field) => normalizeLabel(field) === label));
}

/** A referencing column's header hover, with what each of its foreign keys refers to and in which files. */
function withHeaderReferences(hover: Hover, targets: ForeignKeyTarget[], csv: URI): Hover {
  const lines = targets.map((target) => {
    const files = target.files.map((file) => `\`${relativePath(Utils.dirname(csv), URI.parse(file))}\``);
    const where = files.length > 0 ? ` in ${files.join(', ')}` : '';
    const to = `${referencedName(target)} (${target.referenced.map((f) => f.name).join(', ')})`;
    return `Foreign key ${fieldList(target.fields)} → ${to}${where}: each row's ${fieldList(target.fields)} must be a key there (a row with a null member is not checked).`;
  });
  const { value: shown } = hover.contents as { value: string };
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: [shown, ...lines].join('\n\n') } };
}

/** Where a referencing column's header leads: the start (the header) of each file its foreign keys refer to; this file's own for a self-reference. */
function referencedHeaders(targets: ForeignKeyTarget[], self: string, uriOf: (file: string) => string): Location[] {
  const files = new Set(targets.flatMap((target) => (target.files.length > 0 ? target.files.map(uriOf) : [self])));
  return [...files].map((uri) => ({ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
}

/** A CSV cell's hover with its foreign keys: on a referencing column's header, what it refers to; on its cells, the reference. */
export async function withForeignKeys(
  hover: Hover,
  document: TextDocument,
  position: Position,
  resolved: ResolvedContract | undefined,
  fileName: string,
  foreignKeys: ForeignKeys,
  token?: Cancellation,
): Promise<Hover> {
  const header = keysOfHeaderAt(document, position, resolved, fileName);
  if (header.length > 0) return withHeaderReferences(hover, header, URI.parse(document.uri));
  const reference = await referenceAt(document, position, resolved, fileName, foreignKeys, token);
  return reference ? withReference(hover, reference, URI.parse(document.uri)) : hover;
}

/** Go to Definition on a CSV cell: from a referencing column's header, the referenced files' headers; from its cells, the referenced row. */
export async function definitionAt(
  document: TextDocument,
  position: Position,
  resolved: ResolvedContract | undefined,
  fileName: string,
  foreignKeys: ForeignKeys,
  uriOf: (file: string) => string,
  token?: Cancellation,
): Promise<Location[] | Location | null> {
  const header = keysOfHeaderAt(document, position, resolved, fileName);
  if (header.length > 0) return referencedHeaders(header, document.uri, uriOf);
  const referenced = (await referenceAt(document, position, resolved, fileName, foreignKeys, token))?.referenced;
  return referenced ? { uri: uriOf(referenced.file), range: referenced.range } : null;
}

/** The reference of the referencing cell under the cursor, and where it leads; undefined on any other cell. */
async function referenceAt(
  document: TextDocument,
  position: Position,
  resolved: ResolvedContract | undefined,
  fileName: string,
  foreignKeys: ForeignKeys,
  token?: Cancellation,
): Promise<Resolution | undefined> {
  if (!resolved?.foreignKeys) return undefined;
  const text = document.getText();
  const cell = cellAt(text, document.offsetAt(position), resolved.contract, fileName);
  return cell && foreignKeys.resolve(document.uri, text, resolved, cell.label, position.line, token).catch(answerCancelled);
}

/** A referencing cell's hover with the reference and whether it resolves (the row it leads to, or that none holds its key). */
function withReference(hover: Hover, { target, key, referenced }: Resolution, csv: URI): Hover {
  const to = `${referencedName(target)} (${target.referenced.map((f) => f.name).join(', ')})`;
  const value = writtenKey(key, target);
  const where = referenced
    ? `resolves: row ${referenced.row} of \`${relativePath(Utils.dirname(csv), URI.parse(referenced.file))}\` holds ${value}.`
    : `does not resolve: no row of ${to} holds ${value}.`;
  const line = `Foreign key ${fieldList(target.fields)} → ${to}: ${where}`;
  const { value: shown } = hover.contents as { value: string };
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: `${shown}\n\n${line}` } };
}

/**
 * The rows that refer to the key cell under the cursor, in `candidates.files` (the files the contract files name as
 * referring to this one, and the open documents), each checked against its own contract's foreign keys; with
 * `includeDeclaration` (the client's), the key cells under the cursor first.
 */
export async function referencesAt(
  document: TextDocument,
  position: Position,
  fileName: string,
  { files: candidates, includeDeclaration }: { files: string[]; includeDeclaration: boolean },
  resolvedFor: (uri: string) => Promise<ResolvedContract | undefined>,
  foreignKeys: ForeignKeys,
  token?: Cancellation,
): Promise<KeyRow[]> {
  const text = document.getText();
  const cell = cellAt(text, document.offsetAt(position), (await resolvedFor(document.uri))?.contract, fileName);
  if (!cell) return [];
  const seen = new Set<string>();
  const referrers: { uri: string; resolved: ResolvedContract }[] = [];
  for (const uri of [document.uri, ...candidates]) {
    const key = keyOf(URI.parse(uri));
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = await resolvedFor(uri);
    if (resolved?.foreignKeys) referrers.push({ uri, resolved });
  }
  return foreignKeys.references(document.uri, text, cell.label, position.line, referrers, includeDeclaration, token).catch(answerCancelled);
}

/** A request the client cancelled answers as LSP says: RequestCancelled, not a result nobody waits for. */
function answerCancelled(error: unknown): never {
  throw error instanceof CancelledError ? new ResponseError(LSPErrorCodes.RequestCancelled, error.message) : error;
}

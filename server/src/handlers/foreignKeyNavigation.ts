import { Hover, LSPErrorCodes, MarkupKind, Position, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { cellAt, fieldList, KeyRow, referencedName, ResolvedContract, writtenKey } from '@loadline/shared';
import { Cancellation, CancelledError, ForeignKeys, Resolution } from '../services/foreignKeys';
import { keyOf } from '../services/resourceKinds';
import { relativePath } from './hover';

/** The reference of the referencing cell under the cursor, and where it leads; undefined on any other cell. */
export async function referenceAt(
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
export function withReference(hover: Hover, { target, key, referenced }: Resolution, csv: URI): Hover {
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
 * The rows that refer to the key cell under the cursor, in `candidates` (the files the contract files name as
 * referring to this one, and the open documents), each checked against its own contract's foreign keys.
 */
export async function referencesAt(
  document: TextDocument,
  position: Position,
  fileName: string,
  candidates: string[],
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
  return foreignKeys.references(document.uri, text, cell.label, position.line, referrers, token).catch(answerCancelled);
}

/** A request the client cancelled answers as LSP says: RequestCancelled, not a result nobody waits for. */
function answerCancelled(error: unknown): never {
  throw error instanceof CancelledError ? new ResponseError(LSPErrorCodes.RequestCancelled, error.message) : error;
}

import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME, isJsonLinesPath } from '@loadline/shared';

export const isTable = (uri: string) => /\.(csv|tsv)$/i.test(URI.parse(uri).path);
/** JSON-lines logs by their extension (a file a mapping's `files` glob names is checked as a log too). */
export const isLog = (uri: string) => isJsonLinesPath(URI.parse(uri).path);
/** CSV and TSV language ids (with Rainbow CSV's: "csv (semicolon)", "dynamic csv", …). */
export const isTableLanguage = (languageId: string) => /\b(csv|tsv)\b/i.test(languageId);
/** Contract files the editor syncs (a separate Table Schema is seen when saved, through the file watcher). */
export const isConfig = (uri: string) => [CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME].includes(Utils.basename(URI.parse(uri)));
/** Untitled documents have no folder, so no contract applies: only their structure is checked. */
export const hasFolder = (uri: string) => URI.parse(uri).scheme !== 'untitled';

/** For .tsv detection and messages. */
export function fileNameOf(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
}

/** One resource per key, however a client spells its URI (Neovim and VS Code encode file URIs differently). */
export function keyOf(uri: URI): string {
  return uri.scheme === 'file' ? `file:${uri.fsPath}` : uri.toString();
}

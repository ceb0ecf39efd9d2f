import * as vscode from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient';
import { CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME, JSON_LINES_EXTENSIONS } from '@loadline/shared';

/**
 * CSV, TSV and (to live beside Rainbow CSV) the languages in `loadline.extraLanguages`, plus the contract files
 * and the JSON-lines logs their ingest mappings check.
 * `schemes`: where the server can find a document's contract; undefined for any scheme (the browser, where a
 * workspace is `vscode-vfs:` or `memfs:`).
 */
export function documentSelector(schemes?: readonly string[]): DocumentSelector {
  const languages = ['csv', 'tsv', ...vscode.workspace.getConfiguration('loadline').get<string[]>('extraLanguages', [])];
  const patterns = [...[CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME].map((name) => `**/${name}`), `**/*.{${JSON_LINES_EXTENSIONS.join(',')}}`];
  if (!schemes) return [...languages.map((language) => ({ language })), ...patterns.map((pattern) => ({ pattern }))];
  const withFolders = schemes.filter((scheme) => scheme !== 'untitled');
  return [
    ...languages.flatMap((language) => schemes.map((scheme) => ({ scheme, language }))),
    ...withFolders.flatMap((scheme) => patterns.map((pattern) => ({ scheme, pattern }))),
  ];
}

import * as path from 'path';
import * as vscode from 'vscode';
import {
  CONFIG_FILE_NAME,
  DATA_PACKAGE_FILE_NAME,
  findCsvMapping,
  findMapping,
  InputKind,
  INGEST_FILE_EXTENSIONS,
  IngestError,
  IngestMapping,
  isCsvFile,
} from '@loadline/shared';
import { explainIngestError } from './ingestMessages';

/** What a file loads through: a log's mapping, or a CSV's contract. */
export interface IngestSource {
  mapping: IngestMapping;
  /** A log's, when left out. */
  input?: InputKind;
  /** Where it was declared, for the log; undefined for the built-in chat mapping. */
  declaredIn?: string;
}

const CHOICES_KEY = 'loadline.ingestMappings';

/**
 * The mapping for a file. A CSV takes its contract. A log takes the mapping `name` gives, else the one chosen
 * for it before, else, when several declared mappings match it, the one the user picks (remembered per file in
 * the workspace), else the one that matches or the built-in one. Undefined when the user backs out of the pick.
 */
export async function chooseIngestSource(state: vscode.Memento, file: string, name?: string): Promise<IngestSource | undefined> {
  if (isCsvFile(file)) {
    const found = await findCsvMapping(file);
    return { mapping: found.mapping, input: found.input, declaredIn: found.contractPath };
  }
  const choices = state.get<Record<string, string>>(CHOICES_KEY, {});
  const byGlobs = await findMapping(file);
  // A remembered choice counts while its mapping still matches the file.
  let chosen = name ?? (byGlobs.matching.includes(choices[file]) ? choices[file] : undefined);
  if (chosen === undefined && byGlobs.matching.length > 1) {
    const picked = await vscode.window.showQuickPick(
      byGlobs.matching.map((label) => ({ label, description: `matches ${path.basename(file)}` })),
      { title: `Loadline: ingest ${path.basename(file)} with which mapping?`, placeHolder: 'The mappings of .loadline.json whose files match' },
    );
    if (!picked) return undefined;
    chosen = picked.label;
  }
  if (chosen !== undefined && chosen !== choices[file]) await state.update(CHOICES_KEY, { ...choices, [file]: chosen });
  const found = chosen === undefined ? byGlobs : await findMapping(file, chosen);
  return { mapping: found.mapping, ...(found.configPath ? { declaredIn: found.configPath } : {}) };
}

/** A log or a CSV; contract files are JSON too, but never a log. */
const isIngestFile = (file: string) =>
  INGEST_FILE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase()) && ![CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME].includes(path.basename(file));

/** The active editor's file when it is a log or a CSV, else one the user picks. */
export async function pickFile(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && isIngestFile(active.fileName)) return active.fileName;
  const picked = await vscode.window.showOpenDialog({
    title: 'Loadline: JSON-lines log or CSV to ingest',
    canSelectMany: false,
    filters: { 'JSON lines and CSV': [...INGEST_FILE_EXTENSIONS], 'All files': ['*'] },
  });
  return picked?.[0]?.fsPath;
}

/** The file's mapping or contract; a broken config or a CSV without a contract is shown, and gives undefined. */
export async function sourceOrExplain(
  state: vscode.Memento,
  file: string,
  mapping: string | undefined,
  log: vscode.LogOutputChannel,
): Promise<IngestSource | undefined> {
  try {
    return await chooseIngestSource(state, file, mapping);
  } catch (error) {
    const message = error instanceof IngestError ? explainIngestError(error, false) : String(error);
    log.error(message);
    void vscode.window.showErrorMessage(`Loadline: ${message}`);
    return undefined;
  }
}

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { CONTRACT_INFO_REQUEST, ContractInfo, counted, isJsonLinesPath, VALIDATE_FILES_REQUEST, ValidateFilesResult } from '@loadline/shared';
import { CONTRACT_COMMANDS } from './contractCommands';

const TABLE_FILES = '**/*.{csv,tsv}';
const IGNORED = '**/{node_modules,.git}/**';
/** Files per request: small enough for smooth progress and a prompt stop. */
const BATCH = 8;

/** The status bar item for the active CSV, and the Validate Workspace and open-contract commands. */
export function registerContractFeatures(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
  const item = vscode.window.createStatusBarItem('loadline.contract', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Loadline contract';
  let shownFor: string | undefined;

  const isTable = (document: vscode.TextDocument) => ['csv', 'tsv'].includes(document.languageId) || /\.(csv|tsv)$/i.test(document.uri.path);
  const isLog = (document: vscode.TextDocument) => isJsonLinesPath(document.uri.path);
  async function update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !(isTable(document) || isLog(document))) {
      shownFor = undefined;
      item.hide();
      return;
    }
    const uri = document.uri.toString();
    shownFor = uri;
    let info: ContractInfo;
    try {
      info = await client.sendRequest<ContractInfo>(CONTRACT_INFO_REQUEST, { uri });
    } catch {
      return;
    }
    if (shownFor !== uri) return;
    const problems = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'loadline' && d.code !== 'no-contract');
    const errors = problems.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const count = problems.length === 0 ? '$(check)' : `$(error) ${errors} $(warning) ${problems.length - errors}`;
    if (info.kind === 'mapping') {
      const where = vscode.workspace.asRelativePath(vscode.Uri.parse(info.file!));
      item.text = `$(database) ${info.label} ${info.rejected ? `$(error) ${info.rejected} rejected` : '$(check)'}`;
      item.tooltip = `Loadline: ingest mapping "${info.label}" from ${where}; loadline ingest would reject ${counted(info.rejected ?? 0, 'line')} of this log. Click to open the mapping.`;
      item.command = { title: 'Open the mapping', command: CONTRACT_COMMANDS.openContract, arguments: [info.file, info.line, info.character] };
    } else if (isLog(document) && !info.broken) {
      item.text = '$(circle-slash) No mapping';
      item.tooltip = 'Loadline: no ingest mapping of the nearest .loadline.json matches this log, so it is not checked.';
      item.command = undefined;
    } else if (info.broken) {
      const { file, line, character, problem } = info.broken;
      const where = vscode.workspace.asRelativePath(vscode.Uri.parse(file));
      const off = info.kind === 'broken' ? 'no contract checks this file' : "this file's typed checks are off";
      item.text = `$(error) Broken contract: ${where} ${count}`;
      item.tooltip = `Loadline: the contract file ${where} is broken, so ${off} until it is fixed. At ${line + 1}:${character + 1}: ${problem} Click to open it there.`;
      item.command = { title: 'Open the broken contract file', command: CONTRACT_COMMANDS.openContract, arguments: [file, line, character] };
    } else if (info.kind === 'none') {
      item.text = `$(circle-slash) No contract ${count}`;
      item.tooltip = 'Loadline: no .loadline.json contract or datapackage.json resource matches this file. The quick fix on row 1 creates one.';
      item.command = undefined;
    } else {
      const where = vscode.workspace.asRelativePath(vscode.Uri.parse(info.file!));
      item.text = `$(checklist) ${info.label} ${count}`;
      item.tooltip = `Loadline: ${info.kind === 'data-package' ? 'Data Package resource' : 'contract'} from ${where}. Click to open it.`;
      item.command = { title: 'Open the contract', command: CONTRACT_COMMANDS.openContract, arguments: [info.file, info.line, info.character] };
    }
    item.show();
  }

  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (shownFor && event.uris.some((uri) => uri.toString() === shownFor)) void update();
    }),
    vscode.commands.registerCommand(CONTRACT_COMMANDS.openContract, async (file: string, line?: number, character?: number) => {
      const position = new vscode.Position(line ?? 0, character ?? 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(file), { selection: new vscode.Range(position, position) });
    }),
    vscode.commands.registerCommand(CONTRACT_COMMANDS.validateWorkspace, () => validateWorkspace(client)),
  );
  void update();
}

/** Checks every CSV and TSV file of the workspace, open or not, with progress and cancel. */
async function validateWorkspace(client: BaseLanguageClient): Promise<ValidateFilesResult> {
  const total: ValidateFilesResult = { checked: 0, errors: 0, others: 0 };
  const files = await vscode.workspace.findFiles(TABLE_FILES, IGNORED);
  const stopped = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Loadline: Validate Workspace', cancellable: true },
    async (progress, token) => {
      for (let i = 0; i < files.length; i += BATCH) {
        if (token.isCancellationRequested) return true;
        const uris = files.slice(i, i + BATCH).map((f) => f.toString());
        const result = await client.sendRequest<ValidateFilesResult>(VALIDATE_FILES_REQUEST, { uris });
        total.checked += result.checked;
        total.errors += result.errors;
        total.others += result.others;
        progress.report({ increment: (uris.length / files.length) * 100, message: `${Math.min(i + BATCH, files.length)} of ${files.length} files` });
      }
      return false;
    },
  );
  const summary = `Loadline ${stopped ? 'stopped after checking' : 'checked'} ${counted(total.checked, 'CSV/TSV file')}: ${counted(total.errors, 'error')}, ${counted(total.others, 'other problem')}.`;
  void vscode.window.showInformationMessage(summary, 'Open Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return total;
}

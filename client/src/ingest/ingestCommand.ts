import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { defaultCheckpointPath, IngestError, ingestFile, IngestReport, moveAside } from '@loadline/shared';
import { explainIngestError, explainNotice } from './ingestMessages';
import { PasswordStore } from './passwords';
import { chooseProfile, MysqlProfile, profileLabel } from './profiles';
import { CAN_INGEST_CONTEXT, INGEST_COMMANDS } from './commandIds';
import { IngestSource, pickFile, sourceOrExplain } from './ingestSource';

/** Arguments for programmatic use (tests, keybindings); the palette passes none, menus pass the file's Uri. */
export interface IngestArgs {
  file?: string;
  profile?: string;
  /** A mapping of .loadline.json by name (a log); remembered for the file like a pick. */
  mapping?: string;
  resume?: boolean;
}

export function registerIngestCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, passwords: PasswordStore, ingestWorker: string): void {
  const ingest = async (arg?: vscode.Uri | IngestArgs): Promise<IngestReport | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage('Loadline loads data into databases only in trusted workspaces. Trust this workspace to ingest logs.', 'Manage Workspace Trust')
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    const args: IngestArgs = arg instanceof vscode.Uri ? { file: arg.fsPath } : (arg ?? {});
    const file = args.file ?? (await pickFile());
    if (!file) return undefined;
    const source = await sourceOrExplain(context.workspaceState, file, args.mapping, log);
    if (!source) return undefined;
    const profile = await chooseProfile(args.profile);
    if (!profile) return undefined;
    return runIngest(file, source, profile, args);
  };

  const runIngest = async (file: string, source: IngestSource, profile: MysqlProfile, args: IngestArgs): Promise<IngestReport | undefined> => {
    const password = await passwords.get(profile, true);
    if (password === undefined) return undefined;
    const table = profile.table ?? source.mapping.table;
    const resume = args.resume ?? (await askResume(file, profile, table));
    if (resume === undefined) return undefined;
    const name = path.basename(file);
    log.info(`ingest ${file} into ${profileLabel(profile)} table ${table}${resume ? ' (resuming)' : ''}: ${describeSource(source)}`);
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Loadline: ingesting ${name}`, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          // With 'update', a line whose key was there updated its row: progress counts it as a duplicate.
          const repeats = source.mapping.onDuplicate === 'update' ? 'updated' : 'duplicates';
          return ingestFile({
            file,
            target: profile,
            password,
            mapping: source.mapping,
            ...(source.input ? { input: source.input } : {}),
            table: profile.table,
            resume,
            workerScript: ingestWorker,
            signal: abort.signal,
            onNotice: (notice) => log.warn(explainNotice(notice)),
            onProgress: (p) => {
              const percent = p.totalBytes > 0 ? (100 * p.bytesDone) / p.totalBytes : 100;
              progress.report({
                increment: percent - reported,
                message: `${percent.toFixed(0)}% · ${p.rowsPerSecond.toLocaleString()} rows/s · ${p.inserted.toLocaleString()} inserted, ${p.duplicates.toLocaleString()} ${repeats}, ${p.rejected.toLocaleString()} rejected`,
              });
              reported = percent;
            },
          });
        },
      );
      log.info(`report ${JSON.stringify(report)}`);
      showSummary(report, log);
      return report;
    } catch (error) {
      const message =
        error instanceof IngestError
          ? explainIngestError(error, fs.existsSync(checkpointOf(file, profile, table)))
          : error instanceof Error
            ? error.message
            : String(error);
      log.error(message);
      const earlierRejects = error instanceof IngestError && error.data.reason === 'earlier-rejects' ? error.data.file : undefined;
      const actions = error instanceof IngestError && error.kind === 'auth' ? ['Re-enter Password', 'Show Log'] : ['Show Log'];
      if (earlierRejects !== undefined) actions.unshift(MOVE_ASIDE);
      void vscode.window.showErrorMessage(`Loadline: ${message}`, ...actions).then(async (choice) => {
        if (choice === 'Show Log') log.show();
        if (choice === 'Re-enter Password' && (await passwords.ask(profile)) !== undefined) await runIngest(file, source, profile, args);
        if (choice === MOVE_ASIDE && earlierRejects !== undefined) {
          log.info(`moved the earlier rejects to ${moveAside(earlierRejects, new Date())}`);
          await runIngest(file, source, profile, args);
        }
      });
      return undefined;
    }
  };

  void vscode.commands.executeCommand('setContext', CAN_INGEST_CONTEXT, true);
  context.subscriptions.push(
    vscode.commands.registerCommand(INGEST_COMMANDS.ingest, ingest),
    vscode.commands.registerCommand(INGEST_COMMANDS.forgetPassword, async (args?: { profile?: string }) => {
      const profile = await chooseProfile(args?.profile);
      if (!profile) return;
      await passwords.forget(profile);
      void vscode.window.showInformationMessage(`Loadline: forgot the password for ${profileLabel(profile)}.`);
    }),
    // No password argument: command arguments can live in keybindings.json, in plain text.
    vscode.commands.registerCommand(INGEST_COMMANDS.setPassword, async (args?: { profile?: string }) => {
      const profile = await chooseProfile(args?.profile);
      if (!profile) return;
      await passwords.forget(profile);
      await passwords.ask(profile);
    }),
  );
}

function describeSource(source: IngestSource): string {
  if (source.input?.kind === 'csv') return `through the contract in ${source.declaredIn}`;
  if (source.declaredIn) return `mapping "${source.mapping.name}" of ${source.declaredIn}`;
  return 'no mapping of .loadline.json matches it, so the built-in chat mapping applies';
}

/** The checkpoint a load of `file` with this profile would use. */
/** The action on an earlier run's rejects file: the extension has no --rejects, so it offers to move that file. */
const MOVE_ASIDE = 'Move It Aside and Ingest';
const checkpointOf = (file: string, profile: MysqlProfile, table: string) => defaultCheckpointPath(path.resolve(file), profile, table);

/** true to resume, false to start over, undefined when the user backed out. */
async function askResume(file: string, profile: MysqlProfile, table: string): Promise<boolean | undefined> {
  if (!fs.existsSync(checkpointOf(file, profile, table))) return false;
  const choice = await vscode.window.showInformationMessage(
    `Loadline: an earlier ingest of ${path.basename(file)} was interrupted. Resume it, or start over (rows already loaded count as duplicates)?`,
    'Resume',
    'Start Over',
  );
  return choice === undefined ? undefined : choice === 'Resume';
}

function showSummary(report: IngestReport, log: vscode.LogOutputChannel): void {
  const n = (x: number) => x.toLocaleString();
  const counts = `${n(report.inserted)} inserted, ${report.onDuplicate === 'update' ? `${n(report.updated)} updated, ` : ''}${n(report.duplicates)} duplicates, ${n(report.rejected)} rejected, ${n(report.blank)} blank`;
  const text = report.cancelled
    ? `Loadline: cancelled after ${report.seconds.toFixed(1)} s. Committed so far: ${counts}. Run the command again to resume.`
    : `Loadline: loaded ${path.basename(report.file)} in ${report.seconds.toFixed(1)} s: ${counts}.`;
  const actions = report.rejectsFile ? ['Open Rejects', 'Show Log'] : ['Show Log'];
  void vscode.window.showInformationMessage(text, ...actions).then((choice) => {
    if (choice === 'Show Log') log.show();
    if (choice === 'Open Rejects' && report.rejectsFile) void vscode.window.showTextDocument(vscode.Uri.file(report.rejectsFile));
  });
}

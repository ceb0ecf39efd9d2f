import { URI } from 'vscode-uri';
import { BrokenContract, CsvReport, describeUnreadable, Problem, ResolvedContract, Unreadable } from '@loadline/shared';
import { ServerHost } from '../serverHost';
import { withNoContractNotice } from './noContractNotice';
import { fileNameOf, isTable, keyOf } from './resourceKinds';
import { LoadlineSettings } from './settings';

export interface WorkspaceCheckDeps {
  settings: { get(uri: string): Promise<LoadlineSettings>; forget(uri: string): void };
  resolvedFor(uri: string): Promise<ResolvedContract | undefined>;
  /** When no contract applies: the broken contract file that may have held it. */
  brokenFor(uri: string): Promise<BrokenContract | undefined>;
  host: Pick<ServerHost, 'validate' | 'readsDisk' | 'readResource' | 'fileState'>;
  /** Whether the editor has the resource open (then its buffer's check is the one shown). */
  isOpen(uri: URI): boolean;
  /** Shows a file's problems (none clears them). */
  publish(uri: string, problems: Problem[]): void;
  log(message: string): void;
}

/** A change the file watcher saw. */
export interface FileChange {
  uri: string;
  kind: 'created' | 'changed' | 'deleted';
}

/**
 * Files checked as they are on disk (or in the editor's workspace file system), for Validate Workspace: their
 * problems stay shown while they are closed, and they are checked again when they or their contracts change.
 */
export class WorkspaceChecks {
  /** Files that Validate Workspace checked, by key (see keyOf), with the URI to publish to. */
  private readonly checked = new Map<string, string>();
  /** Once the workspace was validated, new CSV files are checked as they appear. */
  private validatedWorkspace = false;

  constructor(private readonly deps: WorkspaceCheckDeps) {}

  /** Whether Validate Workspace checked the file. */
  has(uri: string): boolean {
    return this.checked.has(keyOf(URI.parse(uri)));
  }

  /** Validate Workspace ran: from now on, new files are checked too. */
  workspaceValidated(): void {
    this.validatedWorkspace = true;
  }

  /** Checks a file as it is on disk and publishes unless it is open; undefined when it cannot be read. */
  async check(uri: string): Promise<CsvReport | undefined> {
    const { settings, host } = this.deps;
    const parsed = URI.parse(uri);
    this.checked.set(keyOf(parsed), uri);
    const [s, resolved] = await Promise.all([settings.get(uri), this.deps.resolvedFor(uri)]);
    // Cached per document for open ones; a file on disk asks again next time.
    settings.forget(uri);
    const options = { maxProblems: s.maxProblems, raggedRows: s.raggedRows, fileName: fileNameOf(uri) };
    let report: CsvReport;
    try {
      if (parsed.scheme === 'file' && host.readsDisk) report = await host.validate({ file: parsed.fsPath, contract: resolved?.contract, options });
      else {
        const text = await host.readResource(parsed);
        if (text === undefined) return undefined;
        report = await host.validate({ text, contract: resolved?.contract, options });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.log(`could not check ${fileNameOf(uri)}: ${reason}`);
      // A FIFO or a dangling symlink among the files listed is never passed over without a word (a file
      // deleted since it was listed is just gone).
      const state = host.fileState(parsed);
      if (typeof state === 'object' && !this.deps.isOpen(parsed)) this.deps.publish(uri, [unreadableProblem(state)]);
      return undefined;
    }
    report = withNoContractNotice(report, uri, resolved, s, '', resolved ? undefined : await this.deps.brokenFor(uri));
    if (!this.deps.isOpen(parsed)) this.deps.publish(uri, report.problems);
    return report;
  }

  /** The contracts changed: every checked file that is not open is checked again. */
  recheckClosed(): void {
    for (const uri of this.checked.values()) if (!this.deps.isOpen(URI.parse(uri))) void this.check(uri);
  }

  /** CSV files created, changed or deleted on disk. */
  filesChanged(changes: FileChange[]): void {
    for (const { uri, kind } of changes) {
      if (!isTable(uri)) continue;
      if (kind === 'deleted') this.forget(uri);
      else if (this.has(uri) || (this.validatedWorkspace && kind === 'created')) {
        if (!this.deps.isOpen(URI.parse(uri))) void this.check(uri);
      }
    }
  }

  /** A deleted file: its problems go. */
  private forget(uri: string): void {
    const key = keyOf(URI.parse(uri));
    if (!this.checked.delete(key)) return;
    if (!this.deps.isOpen(URI.parse(uri))) this.deps.publish(uri, []);
  }
}

/** The one problem of a listed file that is there but cannot be read. */
function unreadableProblem(state: Unreadable): Problem {
  const at = { line: 0, character: 0 };
  return { code: 'check-failed', severity: 'error', message: `Loadline could not read this file: ${describeUnreadable(state)}`, range: { start: at, end: at } };
}

import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { BrokenContract, DeclaredMapping, declaredMappingFor, LineEdit, LiveLog, LogFinding, LogKeyRepeat, Problem } from '@loadline/shared';
import { brokenConfigForLogProblem } from '../handlers/diagnostics';
import { hasFolder } from './resourceKinds';

export interface LogChecksDeps {
  /** The nearest .loadline.json's mappings and the log's path below its folder (ContractService.ingestMappings). */
  mappings(uri: URI): Promise<{ configUri: URI; below: string; ok: boolean; mappings: DeclaredMapping[] } | undefined>;
  /** The open document's current text, or undefined once it is closed. */
  current(uri: string): TextDocument | undefined;
  /** `repeats` is empty when the setting keyRepeatNotice is off; past `maxProblems`, the rest are counted. */
  publish(uri: string, version: number, findings: LogFinding[], repeats: LogKeyRepeat[], maxProblems: number): void;
  /** The contract file on the log's way that is broken, and its first problem (ContractService.brokenFor). */
  brokenFor(uri: string): Promise<BrokenContract | undefined>;
  /** Diagnostics other than findings: none, once a log has no mapping; the broken-config notice. */
  publishProblems(uri: string, version: number | undefined, problems: Problem[]): void;
}

/** A checked log: its mapping, where that is declared, and its last findings. */
export interface CheckedLog {
  live: LiveLog;
  declared: DeclaredMapping;
  configUri: URI;
  /** The mapping's index in the config's `ingest` list. */
  index: number;
  findings: LogFinding[];
  /** The editor's changes since the last check, in order; undefined when the whole text must be read again. */
  edits?: LineEdit[];
}

/**
 * The open logs that a declared mapping matches, each checked as `loadline ingest --dry-run` would check it.
 * A log keeps its LiveLog (the mapped lines) while its mapping's declaration stays the same object, that is,
 * until the config is parsed again.
 */
export class LogChecks {
  private readonly logs = new Map<string, CheckedLog>();
  /** Open logs that show the broken-config notice in place of their findings. */
  private readonly underBrokenConfig = new Set<string>();

  constructor(private readonly deps: LogChecksDeps) {}

  /** The log's mapping and last findings, if a mapping applies to it. */
  get(uri: string): CheckedLog | undefined {
    return this.logs.get(uri);
  }

  /** Checks the document's current text if a declared mapping matches it; false when none does. */
  async check(uri: string, { keyRepeatNotice, maxProblems }: { keyRepeatNotice: boolean; maxProblems: number }): Promise<boolean> {
    const found = hasFolder(uri) ? await this.deps.mappings(URI.parse(uri)) : undefined;
    const picked = found?.ok ? declaredMappingFor(found.mappings, found.below) : undefined;
    const document = this.deps.current(uri);
    if (!found || !document || !picked) {
      const shown = this.close(uri);
      if (found && !found.ok && document) {
        // No mapping checks the log until the config is fixed: one notice says so, as for a CSV below it.
        this.underBrokenConfig.add(uri);
        const broken = await this.deps.brokenFor(uri);
        const lineOne = document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
        this.deps.publishProblems(uri, document.version, broken ? [brokenConfigForLogProblem(uri, lineOne, broken)] : []);
      } else if (shown) this.deps.publishProblems(uri, undefined, []);
      return false;
    }
    this.underBrokenConfig.delete(uri);
    const declared = found.mappings[picked.index];
    let log = this.logs.get(uri);
    if (log?.declared !== declared) {
      log = { live: new LiveLog(picked.mapping), declared, configUri: found.configUri, index: picked.index, findings: [] };
      this.logs.set(uri, log);
    }
    // An edit costs the lines it touches: the whole text is read (and split) only when the edits cannot be followed.
    const { edits } = log;
    log.edits = [];
    log.findings = (edits && log.live.edit(edits)) ?? log.live.check(document.getText());
    this.deps.publish(uri, document.version, log.findings, keyRepeatNotice ? log.live.repeats : [], maxProblems);
    return true;
  }

  /** The editor's changes to a document, as the store applied them: a checked log follows them at its next check. */
  changed(uri: string, changes: readonly ({ range: LineEdit['range']; text: string } | { text: string })[]): void {
    const log = this.logs.get(uri);
    if (!log?.edits) return;
    if (changes.every((change) => 'range' in change)) log.edits.push(...changes);
    else log.edits = undefined;
  }

  /** The log was closed: true when it had diagnostics to clear. */
  close(uri: string): boolean {
    const checked = this.logs.delete(uri);
    return this.underBrokenConfig.delete(uri) || checked;
  }
}

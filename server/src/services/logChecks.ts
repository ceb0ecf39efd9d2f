import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DeclaredMapping, LiveLog, LogFinding, pickMapping } from '@loadline/shared';
import { hasFolder } from './resourceKinds';

export interface LogChecksDeps {
  /** The nearest .loadline.json's mappings and the log's path below its folder (ContractService.ingestMappings). */
  mappings(uri: URI): Promise<{ below: string; ok: boolean; mappings: DeclaredMapping[] } | undefined>;
  /** The open document's current text, or undefined once it is closed. */
  current(uri: string): TextDocument | undefined;
  publish(uri: string, version: number, findings: LogFinding[], mapping: string): void;
  /** A log this server published for no longer has a mapping: its diagnostics go. */
  clear(uri: string): void;
}

/**
 * The open logs that a declared mapping matches, each checked as `loadline ingest --dry-run` would check it.
 * A log keeps its LiveLog (the mapped lines) while its mapping's declaration stays the same object, that is,
 * until the config is parsed again.
 */
export class LogChecks {
  private readonly logs = new Map<string, { declared: DeclaredMapping; live: LiveLog }>();

  constructor(private readonly deps: LogChecksDeps) {}

  has(uri: string): boolean {
    return this.logs.has(uri);
  }

  /** The log's LiveLog, if a mapping applies to it. */
  liveLog(uri: string): LiveLog | undefined {
    return this.logs.get(uri)?.live;
  }

  /** Checks the document's current text if a declared mapping matches it; false when none does. */
  async check(uri: string): Promise<boolean> {
    const found = hasFolder(uri) ? await this.deps.mappings(URI.parse(uri)) : undefined;
    const picked = found?.ok ? pickMapping(found.mappings, found.below) : undefined;
    const document = this.deps.current(uri);
    if (!document || !picked || 'error' in picked || picked.index < 0) {
      if (this.logs.delete(uri)) this.deps.clear(uri);
      return false;
    }
    const declared = found!.mappings[picked.index];
    let entry = this.logs.get(uri);
    if (entry?.declared !== declared) this.logs.set(uri, (entry = { declared, live: new LiveLog(picked.mapping) }));
    this.deps.publish(uri, document.version, entry.live.check(document.getText()), picked.mapping.name);
    return true;
  }

  /** The log was closed: true when it had diagnostics to clear. */
  close(uri: string): boolean {
    return this.logs.delete(uri);
  }
}

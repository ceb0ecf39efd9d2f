import { CONFIG_FILE_NAME, ConfigResult, matchContract, parseConfig, Problem } from '@loadline/shared';
import type { ResolvedContract } from '@loadline/shared';
import { URI, Utils } from 'vscode-uri';

/** A resource's text, or undefined when there is none; on disk a plain read, in the browser a request to the client. */
export type ReadResource = (uri: URI) => string | undefined | Promise<string | undefined>;

export interface ContractServiceDeps {
  /** Open editor buffers first, then the disk or the editor's workspace file system. */
  readText: ReadResource;
  /** The one place config diagnostics go out: called once per parse, and with [] when a config's problems are gone. */
  publishConfigProblems(configUri: URI, problems: Problem[]): void;
}

/**
 * Which contract applies to a CSV, cached: the nearest config per folder, and each config parsed and checked
 * once per text. `invalidate` drops what a changed or deleted config may have changed. It works on URIs, so
 * that the same service runs over the disk and over a browser's workspace.
 */
export class ContractService {
  /** Folder → the config that applies there, or undefined for none. */
  private readonly nearest = new Map<string, Promise<URI | undefined>>();
  private readonly parsed = new Map<string, Promise<ConfigResult | undefined>>();
  private readonly withProblems = new Map<string, URI>();
  /** Bumped by `invalidate`: a read that was in flight then must not publish what it found. */
  private generation = 0;

  constructor(private readonly deps: ContractServiceDeps) {}

  async lookup(csv: URI): Promise<ResolvedContract | undefined> {
    const configUri = await this.nearestConfig(Utils.dirname(csv));
    if (!configUri) return undefined;
    const result = await this.configAt(configUri);
    if (!result?.ok) return undefined;
    return matchContract(result.config, configUri.toString(), pathBelow(Utils.dirname(configUri), csv));
  }

  /** A config changed (on disk or in the editor), appeared or went away: forget, re-read, re-publish. */
  async invalidate(): Promise<void> {
    this.generation++;
    this.nearest.clear();
    this.parsed.clear();
    await Promise.all([...this.withProblems.values()].map((configUri) => this.configAt(configUri)));
  }

  /** Parses a config now, for a config document that changed while no CSV asked for it. */
  async check(configUri: URI): Promise<void> {
    this.parsed.delete(configUri.toString());
    await this.configAt(configUri);
  }

  private nearestConfig(dir: URI): Promise<URI | undefined> {
    const key = dir.toString();
    let found = this.nearest.get(key);
    if (!found) {
      found = this.findUpwards(dir);
      this.nearest.set(key, found);
    }
    return found;
  }

  private async findUpwards(dir: URI): Promise<URI | undefined> {
    const candidate = Utils.joinPath(dir, CONFIG_FILE_NAME);
    const generation = this.generation;
    const text = await this.deps.readText(candidate);
    if (text !== undefined) {
      // The text just read is the one to parse: no second read (each one is a request to the client in the browser).
      if (generation === this.generation) void this.configAt(candidate, text);
      return candidate;
    }
    const parent = Utils.dirname(dir);
    return parent.path === dir.path ? undefined : this.nearestConfig(parent);
  }

  /** Trusted until `invalidate` or `check`: the editor and the file watcher say when a config changes. */
  private configAt(configUri: URI, text?: string): Promise<ConfigResult | undefined> {
    const key = configUri.toString();
    let result = this.parsed.get(key);
    if (!result) {
      result = this.parse(configUri, this.generation, text);
      this.parsed.set(key, result);
    }
    return result;
  }

  private async parse(configUri: URI, generation: number, known?: string): Promise<ConfigResult | undefined> {
    const text = known ?? (await this.deps.readText(configUri));
    const result = text === undefined ? undefined : parseConfig(text);
    if (generation === this.generation) this.report(configUri, result && !result.ok ? result.problems : []);
    return result;
  }

  private report(configUri: URI, problems: Problem[]): void {
    const key = configUri.toString();
    if (problems.length === 0 && !this.withProblems.has(key)) return;
    if (problems.length > 0) this.withProblems.set(key, configUri);
    else this.withProblems.delete(key);
    this.deps.publishConfigProblems(configUri, problems);
  }
}

/** `uri`'s path below the folder `dir`, '/'-separated (the folder holds it: it was found walking up from it). */
function pathBelow(dir: URI, uri: URI): string {
  const prefix = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : `../${uri.path}`;
}

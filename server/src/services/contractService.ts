import * as path from 'path';
import { CONFIG_FILE_NAME, ConfigResult, ContractLookup, findConfig, matchContract, parseConfig, Problem, ReadText } from '@loadline/shared';

export interface ContractServiceDeps {
  /** Open editor buffers first, then the disk. */
  readText: ReadText;
  /** The one place config diagnostics go out: called once per parse, and with [] when a config's problems are gone. */
  publishConfigProblems(configPath: string, problems: Problem[]): void;
}

/**
 * Which contract applies to a CSV, cached: the nearest config per folder, and each config parsed and
 * checked once per text. `invalidate` drops what a changed or deleted config may have changed.
 */
export class ContractService {
  /** Folder → the config path that applies there, or null for none. */
  private readonly nearest = new Map<string, string | null>();
  private readonly parsed = new Map<string, ConfigResult>();
  private readonly withProblems = new Set<string>();

  constructor(private readonly deps: ContractServiceDeps) {}

  lookup(csvPath: string): ContractLookup {
    const configPath = this.nearestConfig(path.dirname(path.resolve(csvPath)));
    if (!configPath) return { configProblems: [] };
    const result = this.configAt(configPath);
    if (!result) return { configProblems: [] };
    if (!result.ok) return { configPath, configProblems: result.problems };
    return { configPath, configProblems: [], contract: matchContract(result.config, configPath, csvPath) };
  }

  /** A config changed (on disk or in the editor), appeared or went away: forget, re-read, re-publish. */
  invalidate(): void {
    this.nearest.clear();
    this.parsed.clear();
    for (const configPath of [...this.withProblems]) this.configAt(configPath);
  }

  /** Parses a config now, for a config document that changed while no CSV asked for it. */
  check(configPath: string): void {
    this.parsed.delete(configPath);
    this.configAt(configPath);
  }

  private nearestConfig(dir: string): string | undefined {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    // findConfig starts from a file's folder: any name in `dir` will do.
    const found = findConfig(path.join(dir, CONFIG_FILE_NAME), this.deps.readText);
    this.nearest.set(dir, found?.path ?? null);
    return found?.path;
  }

  /** Trusted until `invalidate` or `check`: the editor and the file watcher say when a config changes. */
  private configAt(configPath: string): ConfigResult | undefined {
    const cached = this.parsed.get(configPath);
    if (cached) return cached;
    const text = this.deps.readText(configPath);
    if (text === undefined) {
      this.parsed.delete(configPath);
      this.report(configPath, []);
      return undefined;
    }
    const result = parseConfig(text);
    this.parsed.set(configPath, result);
    this.report(configPath, result.ok ? [] : result.problems);
    return result;
  }

  private report(configPath: string, problems: Problem[]): void {
    if (problems.length === 0 && !this.withProblems.has(configPath)) return;
    if (problems.length > 0) this.withProblems.add(configPath);
    else this.withProblems.delete(configPath);
    this.deps.publishConfigProblems(configPath, problems);
  }
}

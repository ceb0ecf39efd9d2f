import { URI, Utils } from 'vscode-uri';
import type { DeclaredMapping } from '../mapping/declaredMapping';
import { Problem } from '../problem';
import { TableSchema } from '../schema/tableSchema';
import { newRulesKey } from './contractKey';
import { matchContract } from './matchContract';
import { withMappingSchemas } from './mappingSchemas';
import { parseConfig, parseDataPackage, parseTableSchema, ParseResult } from './parse/parseConfig';
import { FileState, MAX_CONTRACT_FILE_BYTES, textTooLarge, Unreadable } from './fileState';
import { foreignKeyTargets, referringFiles } from './foreignKeyTargets';
import { resourcePathFault, resourcePathsOf } from './resourcePath';
import { resolveSchemaRef, schemaRefProblems, schemaRefsOf, unreadableContractFile, unreadableSchema } from './schemaPath';
import { CONFIG_FILE_NAME, ContractConfig, DATA_PACKAGE_FILE_NAME, DataPackage, ForeignKeyTarget, ResolvedContract } from './types';

/** A resource's text, or undefined when there is none; on disk a plain read, in the browser a request to the client. */
export type ReadResource = (uri: URI) => string | undefined | Promise<string | undefined>;

export interface ContractServiceDeps {
  /** Open editor buffers first, then the disk or the editor's workspace file system. */
  readText: ReadResource;
  /**
   * The one place problems in contract files go out (a .loadline.json, a Table Schema, a datapackage.json):
   * called once per parse, and with [] when a file's problems are gone.
   */
  publishConfigProblems(fileUri: URI, problems: Problem[]): void;
  /**
   * Parses and checks a contract file's text; by default in place. The language server passes a worker
   * thread's: a 7 MB config takes seconds, and the server must answer other requests meanwhile.
   */
  parse?: (kind: ContractFileKind, text: string) => Promise<ParseResult<unknown>>;
  /**
   * Whether a file is there and readable, without opening it; undefined when the host cannot tell (the
   * browser). Tells a contract file that cannot be read from one that is not there, and checks that a Data
   * Package resource's path names a file.
   */
  fileState?(uri: URI, maxBytes?: number): FileState | undefined;
  /**
   * The files below a folder that globs of a contract's `files` match (Find References reads referrers that
   * no editor has open); undefined where the host cannot list files (the browser).
   */
  listFiles?(folder: URI, globs: string[]): Promise<URI[]>;
}

/** A contract file on a CSV's way up that is broken, so that it may have held the CSV's contract: its first problem. */
export interface BrokenContract {
  uri: URI;
  problem: Problem;
}

export type ContractFileKind = 'config' | 'data-package' | 'table-schema';
type FileKind = ContractFileKind;
const PARSERS: Record<FileKind, (text: string) => ParseResult<unknown>> = {
  config: (text) => {
    const result = parseConfig(text);
    return result.ok ? { ok: true, value: result.config, warnings: result.warnings } : result;
  },
  'data-package': parseDataPackage,
  'table-schema': parseTableSchema,
};

/** A contract file's text parsed and checked, by its kind. */
export const parseContractFile = (kind: ContractFileKind, text: string): ParseResult<unknown> => PARSERS[kind](text);

/** The contract files nearest to a folder: a .loadline.json and a datapackage.json, nearest first. */
type Sources = { uri: URI; kind: 'config' | 'data-package' }[];

/**
 * Which contract applies to a CSV, cached: the nearest .loadline.json and datapackage.json per folder, and each
 * file parsed and checked once per text. The nearer of the two wins when both have a rule for the CSV.
 * `invalidate` drops what a changed or deleted file may have changed. It works on URIs, so that the same
 * service runs over the disk (the CLI, the Node server) and over a browser's workspace.
 */
export class ContractService {
  /** Folder → the contract files that apply there. */
  private readonly nearest = new Map<string, Promise<Sources>>();
  private readonly parsed = new Map<string, Promise<ParseResult<unknown> | undefined>>();
  private readonly withProblems = new Map<string, URI>();
  /** Every file read to answer a lookup: a change to any of them invalidates. */
  private readonly dependencies = new Set<string>();
  /** Bumped by `invalidate`: a read that was in flight then must not publish what it found. */
  private generation = 0;
  /** Each parsed file's rulesKey, by its parsed value: the contracts built from it carry it (contractKey). */
  private readonly rulesKeys = new WeakMap<object, string>();
  /** Each parsed config's or Data Package's foreign keys, per contract (resource), resolved. */
  private readonly foreignKeys = new WeakMap<object, ForeignKeyTarget[][]>();
  /** Contract files found unreadable (above MAX_CONTRACT_FILE_BYTES, of no true size, a FIFO…) when last read, so never read. */
  private readonly tooLarge = new Map<string, Unreadable>();
  /** Each parsed config's ingest mappings with their JSON Schemas read: the same objects for as long as the parse. */
  private readonly mappings = new WeakMap<object, DeclaredMapping[]>();

  constructor(private readonly deps: ContractServiceDeps) {}

  async lookup(csv: URI): Promise<ResolvedContract | undefined> {
    for (const source of await this.nearestSources(Utils.dirname(csv))) {
      const below = pathBelow(Utils.dirname(source.uri), csv);
      const found = source.kind === 'config' ? await this.fromConfig(source.uri, below) : await this.fromDataPackage(source.uri, below);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * When `lookup` finds no contract for a CSV: the nearest contract file on its way that is broken (it may have
   * held the CSV's contract), so that the CSV can say so rather than "no contract".
   */
  async brokenFor(csv: URI): Promise<BrokenContract | undefined> {
    for (const source of await this.nearestSources(Utils.dirname(csv))) {
      const result = await this.fileAt(source.uri, source.kind);
      if (result && !result.ok) return { uri: source.uri, problem: result.problems[0] };
    }
    return undefined;
  }

  /** The .loadline.json that applies to the CSV's folder (where a new contract for it goes), if there is one. */
  async nearestConfig(csv: URI): Promise<URI | undefined> {
    return (await this.nearestSources(Utils.dirname(csv))).find((s) => s.kind === 'config')?.uri;
  }

  /**
   * The ingest mappings of the nearest .loadline.json, for a log, with the log's path below its folder; `ok`
   * false when the config is broken (its problems are published as for any lookup).
   */
  async ingestMappings(log: URI): Promise<{ configUri: URI; below: string; ok: boolean; mappings: DeclaredMapping[] } | undefined> {
    const configUri = await this.nearestConfig(log);
    if (!configUri) return undefined;
    const result = (await this.fileAt(configUri, 'config')) as ParseResult<ContractConfig> | undefined;
    if (!result) return undefined;
    const mappings = result.ok ? (this.mappings.get(result.value) ?? result.value.ingest ?? []) : [];
    return { configUri, below: pathBelow(Utils.dirname(configUri), log), ok: result.ok, mappings };
  }

  /** The contract of one given config for a CSV (`loadline validate --config`), without the walk. */
  lookupIn(configUri: URI, csv: URI): Promise<ResolvedContract | undefined> {
    return this.fromConfig(configUri, pathBelow(Utils.dirname(configUri), csv));
  }

  /** The data files that its contract files name as referring to `referenced` by a foreign key (Find References). */
  async referrersOf(referenced: URI): Promise<URI[]> {
    const found: URI[] = [];
    for (const source of await this.nearestSources(Utils.dirname(referenced))) {
      const result = await this.fileAt(source.uri, source.kind);
      if (!result?.ok) continue;
      const targets = this.foreignKeys.get(result.value as object);
      if (!targets) continue;
      const { files, globs } = referringFiles(source.kind, result.value, targets, referenced.toString(), source.uri);
      found.push(...files);
      if (globs.length > 0 && this.deps.listFiles) found.push(...(await this.deps.listFiles(Utils.dirname(source.uri), globs)));
    }
    return found;
  }

  /** Whether a change to this file can change a lookup. */
  dependsOn(uri: URI): boolean {
    const name = Utils.basename(uri);
    return name === CONFIG_FILE_NAME || name === DATA_PACKAGE_FILE_NAME || this.dependencies.has(uri.toString());
  }

  /** A contract file changed (on disk or in the editor), appeared or went away: forget, re-read, re-publish. */
  async invalidate(): Promise<void> {
    this.generation++;
    this.nearest.clear();
    this.parsed.clear();
    await Promise.all([...this.withProblems.values()].map((uri) => this.fileAt(uri, kindOf(uri))));
  }

  /** Parses a contract file now, for a document that changed while no CSV asked for it. */
  async check(uri: URI): Promise<void> {
    this.parsed.delete(uri.toString());
    await this.fileAt(uri, kindOf(uri));
  }

  private async fromConfig(configUri: URI, below: string): Promise<ResolvedContract | undefined> {
    const result = (await this.fileAt(configUri, 'config')) as ParseResult<ContractConfig> | undefined;
    if (!result?.ok) return undefined;
    const found = await matchContract(result.value, configUri.toString(), below);
    const matched = found && this.withForeignKeys(found, result.value);
    if (!matched || typeof matched.contract.schema !== 'string') return matched;
    // The parse has refused the paths that resolve nowhere.
    const schemaUri = Utils.joinPath(Utils.dirname(configUri), matched.contract.schema);
    const { schema, brokenSchema } = await this.schemaAt(schemaUri);
    const rulesKey = `${matched.contract.rulesKey}+${this.rulesKeyOf(schema)}`;
    // A broken schema file has its own diagnostics; the CSV is then checked against the header rules alone.
    return { ...matched, contract: { ...matched.contract, schema, rulesKey }, schemaPath: schemaUri.toString(), ...(brokenSchema ? { brokenSchema } : {}) };
  }

  private async fromDataPackage(packageUri: URI, below: string): Promise<ResolvedContract | undefined> {
    const result = (await this.fileAt(packageUri, 'data-package')) as ParseResult<DataPackage> | undefined;
    if (!result?.ok) return undefined;
    const index = result.value.resources.findIndex((r) => (Array.isArray(r.path) ? r.path : [r.path]).some((p) => typeof p === 'string' && samePath(p, below)));
    if (index === -1) return undefined;
    const resource = result.value.resources[index];
    let schema = typeof resource.schema === 'object' ? resource.schema : undefined;
    let schemaPath: string | undefined;
    let brokenSchema: Problem | undefined;
    if (typeof resource.schema === 'string') {
      const schemaUri = Utils.joinPath(Utils.dirname(packageUri), resource.schema);
      ({ schema, brokenSchema } = await this.schemaAt(schemaUri));
      schemaPath = schemaUri.toString();
    }
    const delimiter = resource.dialect?.delimiter;
    const rulesKey = `${this.rulesKeyOf(result.value)}:${index}+${this.rulesKeyOf(schema)}`;
    return this.withForeignKeys(
      {
        contract: { files: [below], schema, ...(delimiter ? { delimiter } : {}), rulesKey },
        configPath: packageUri.toString(),
        index,
        kind: 'data-package',
        schemaPath,
        ...(brokenSchema ? { brokenSchema } : {}),
      },
      result.value,
    );
  }

  private withForeignKeys(resolved: ResolvedContract, parsed: object): ResolvedContract {
    const foreignKeys = this.foreignKeys.get(parsed)?.[resolved.index] ?? [];
    return foreignKeys.length === 0 ? resolved : { ...resolved, foreignKeys };
  }

  /** A Table Schema file's rules, or its first problem when it is broken. */
  private async schemaAt(uri: URI): Promise<{ schema?: TableSchema; brokenSchema?: Problem }> {
    const result = (await this.fileAt(uri, 'table-schema')) as ParseResult<TableSchema> | undefined;
    if (!result) return {};
    return result.ok ? { schema: result.value } : { brokenSchema: result.problems[0] };
  }

  private nearestSources(dir: URI): Promise<Sources> {
    const key = dir.toString();
    let found = this.nearest.get(key);
    if (!found) {
      found = this.findUpwards(dir);
      this.nearest.set(key, found);
    }
    return found;
  }

  /** The nearest .loadline.json (the walk stops there, as it always has) and any datapackage.json on the way. */
  private async findUpwards(dir: URI): Promise<Sources> {
    const generation = this.generation;
    const kinds = ['config', 'data-package'] as const;
    // Both reads at once: in the browser each is a request to the client, and the walk waits on every folder.
    const candidates = kinds.map((kind) => Utils.joinPath(dir, kind === 'config' ? CONFIG_FILE_NAME : DATA_PACKAGE_FILE_NAME));
    const texts = await Promise.all(candidates.map(async (candidate) => this.readContractFile(candidate)));
    const sources: Sources = [];
    kinds.forEach((kind, i) => {
      const text = texts[i];
      // A contract file that is there but cannot be read is a broken contract file, never "none".
      if (text === undefined && !isUnreadable(this.stateOf(candidates[i]))) return;
      // The text just read is the one to parse: no second read.
      if (generation === this.generation) void this.fileAt(candidates[i], kind, text);
      sources.push({ uri: candidates[i], kind });
    });
    if (sources.some((s) => s.kind === 'config')) return sources;
    const parent = Utils.dirname(dir);
    if (parent.path === dir.path) return sources;
    const farther = await this.nearestSources(parent);
    return [...sources, ...farther.filter((s) => !sources.some((near) => near.kind === s.kind))];
  }

  /** Trusted until `invalidate` or `check`: the editor and the file watcher say when a file changes. */
  private fileAt(uri: URI, kind: FileKind, text?: string): Promise<ParseResult<unknown> | undefined> {
    const key = uri.toString();
    this.dependencies.add(key);
    let result = this.parsed.get(key);
    if (!result) {
      result = this.parse(uri, kind, this.generation, text);
      this.parsed.set(key, result);
    }
    return result;
  }

  private async parse(uri: URI, kind: FileKind, generation: number, known?: string): Promise<ParseResult<unknown> | undefined> {
    const text = known ?? (await this.readContractFile(uri));
    let result = text === undefined ? this.unreadable(uri, kind) : this.deps.parse ? await this.deps.parse(kind, text) : PARSERS[kind](text);
    if (text !== undefined && result?.ok && kind !== 'table-schema') {
      const problems = await this.refFaults(uri, kind, result.value, text);
      if (problems.length > 0) result = { ok: false, problems };
    }
    if (generation === this.generation) this.report(uri, result ? (result.ok ? result.warnings : result.problems) : []);
    if (result?.ok) this.keyRules(kind, result.value);
    return result;
  }

  /** A new rulesKey for a file's parsed value, and one for each contract of a config. */
  private keyRules(kind: FileKind, value: unknown): void {
    const key = newRulesKey();
    this.rulesKeys.set(value as object, key);
    if (kind === 'config') (value as ContractConfig).contracts.forEach((contract, i) => (contract.rulesKey = `${key}:${i}`));
  }

  private rulesKeyOf(value: object | undefined): string {
    return value === undefined ? 'none' : (this.rulesKeys.get(value) ?? 'none');
  }

  /**
   * A contract file's text, or undefined when there is none, it cannot be read or it is above MAX_CONTRACT_FILE_BYTES:
   * a host with a disk stats it first, so a huge file is never read; an editor's file system gives no size, so its
   * text is measured.
   */
  private async readContractFile(uri: URI): Promise<string | undefined> {
    this.tooLarge.delete(uri.toString());
    const state = this.deps.fileState?.(uri, MAX_CONTRACT_FILE_BYTES);
    const onDisk = isUnreadable(state) ? state : undefined;
    const text = onDisk ? undefined : await this.deps.readText(uri);
    const large = onDisk ?? (text === undefined ? undefined : textTooLarge(text));
    if (large) this.tooLarge.set(uri.toString(), large);
    return large ? undefined : text;
  }

  /** Why a contract file cannot be read, where the host or the size limit can tell. */
  private readonly stateOf = (uri: URI): FileState | undefined => this.tooLarge.get(uri.toString()) ?? this.deps.fileState?.(uri);

  /** A .loadline.json or datapackage.json that is there but cannot be read: one problem at its start. */
  private unreadable(uri: URI, kind: FileKind): ParseResult<unknown> | undefined {
    const state = kind === 'table-schema' ? undefined : this.stateOf(uri);
    return isUnreadable(state) ? { ok: false, problems: [unreadableContractFile(uri, state)] } : undefined;
  }

  /**
   * A schema path that leads to no readable file, or a resource path that names no file, would leave a CSV
   * checked against nothing: each is a problem of the contract file, at the path. The schema files are read
   * (and parsed) once, through the same cache; resource files are only looked at, never read.
   */
  private async refFaults(owner: URI, kind: 'config' | 'data-package', value: unknown, text: string): Promise<Problem[]> {
    const schemaFaults = await Promise.all(
      schemaRefsOf(kind, value).map(async ({ path, ref }) => {
        const resolved = resolveSchemaRef(owner, ref);
        if ('refused' in resolved) return { path, message: resolved.refused };
        const found = await this.fileAt(resolved.uri, 'table-schema');
        return found === undefined ? { path, message: unreadableSchema(ref, resolved.uri, this.stateOf(resolved.uri)) } : undefined;
      }),
    );
    const pathFaults = resourcePathsOf(kind, value).map(({ path, ref }) => {
      const fault = resourcePathFault(owner, ref, (uri) => {
        // A data file the package names: its appearing or going away changes this file's problems.
        this.dependencies.add(uri.toString());
        return this.deps.fileState?.(uri);
      });
      return fault === undefined ? undefined : { path, message: fault };
    });
    const keys = await foreignKeyTargets(
      kind,
      value,
      owner,
      text,
      async (ref) => {
        const resolved = resolveSchemaRef(owner, ref);
        const found = 'uri' in resolved ? await this.fileAt(resolved.uri, 'table-schema') : undefined;
        return found?.ok ? (found.value as TableSchema) : undefined;
      },
      (uri) => {
        this.dependencies.add(uri.toString());
        return this.deps.fileState?.(uri);
      },
    );
    this.foreignKeys.set(value as object, keys.targets);
    const lineSchemas = kind === 'config' ? await this.mappingSchemas(owner, value as ContractConfig) : [];
    const refused = [...schemaFaults, ...pathFaults, ...keys.faults, ...lineSchemas].filter((f) => f !== undefined);
    return refused.length === 0 ? [] : schemaRefProblems(text, kind, refused);
  }

  /** Reads the JSON Schemas the config's mappings name, keeps the mappings with them, and returns their faults. */
  private async mappingSchemas(owner: URI, config: ContractConfig) {
    if (!config.ingest?.some((m) => m.schema !== undefined)) return [];
    const { mappings, faults } = await withMappingSchemas(owner, config.ingest, {
      read: (uri) => this.deps.readText(uri),
      fileState: (uri) => this.deps.fileState?.(uri),
      dependOn: (uri) => this.dependencies.add(uri.toString()),
    });
    this.mappings.set(config, mappings);
    return faults;
  }

  private report(uri: URI, problems: Problem[]): void {
    const key = uri.toString();
    if (problems.length === 0 && !this.withProblems.has(key)) return;
    if (problems.length > 0) this.withProblems.set(key, uri);
    else this.withProblems.delete(key);
    this.deps.publishConfigProblems(uri, problems);
  }
}

const isUnreadable = (state: FileState | undefined): state is Exclude<FileState, 'file' | 'missing'> => typeof state === 'object';

function kindOf(uri: URI): FileKind {
  const name = Utils.basename(uri);
  return name === CONFIG_FILE_NAME ? 'config' : name === DATA_PACKAGE_FILE_NAME ? 'data-package' : 'table-schema';
}

/** A Data Package resource path ("./data/a.csv", "data/a.csv") against the CSV's path below the package. */
function samePath(resourcePath: string, below: string): boolean {
  return resourcePath.replace(/^\.\//, '') === below;
}

/** `uri`'s path below the folder `dir`, '/'-separated (the folder holds it: it was found walking up from it). */
function pathBelow(dir: URI, uri: URI): string {
  const prefix = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : `../${uri.path}`;
}

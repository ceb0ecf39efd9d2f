import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, DeclaredMapping, ParseResult, ReadResource } from '@loadline/shared';

/** A document filter as LSP registrations carry it. */
export interface LogFilter {
  scheme: string;
  pattern: string;
}

/** The client's own selector syncs these (client/src/documentSelector.ts): a glob that names only them adds nothing. */
const SYNCED_BY_EXTENSION = /\.(jsonl|ndjson|jsonlines)$/i;
/** Characters a glob reads as syntax: a folder that holds one is matched from any depth instead (over-selecting is harmless). */
const GLOB_SYNTAX = /[*?[\]{}!]/;

/**
 * The documents an editor must sync so that a log which only a mapping's `files` glob names (`app.log`,
 * `logs/*.txt`) is checked: one filter per glob, anchored at its config's folder. A glob that ends in a log
 * extension is left out, as the static selector already names it.
 */
function logFilters(configs: { configUri: URI; mappings: DeclaredMapping[] }[]): LogFilter[] {
  const filters = new Map<string, LogFilter>();
  for (const { configUri, mappings } of configs) {
    const folder = Utils.dirname(configUri);
    const base = folder.scheme === 'file' ? folder.fsPath.replace(/\\/g, '/') : folder.path;
    for (const glob of mappings.flatMap((m) => m.files ?? [])) {
      if (SYNCED_BY_EXTENSION.test(glob)) continue;
      const pattern = GLOB_SYNTAX.test(base) ? `**/${glob}` : `${base.replace(/\/$/, '')}/${glob}`;
      filters.set(`${folder.scheme}:${pattern}`, { scheme: folder.scheme, pattern });
    }
  }
  return [...filters.values()];
}

/**
 * The filters of the `.loadline.json` files below the workspace folders, where the host can list them. Each is
 * parsed apart from the contract service, whose parse publishes a config's problems: those wait until a file below
 * the config is opened.
 */
export async function workspaceLogFilters(
  folders: URI[],
  host: {
    listFiles: ((folder: URI, globs: string[]) => Promise<URI[]>) | undefined;
    readText: ReadResource;
    parse: (kind: 'config', text: string) => Promise<ParseResult<unknown>>;
  },
): Promise<LogFilter[]> {
  const { listFiles, readText, parse } = host;
  if (!listFiles) return [];
  const configs = (await Promise.all(folders.map((folder) => listFiles(folder, [`**/${CONFIG_FILE_NAME}`])))).flat();
  const parsed = await Promise.all(
    configs.map(async (configUri) => {
      const text = await readText(configUri);
      const result = text === undefined ? undefined : await parse('config', text);
      return result?.ok ? [{ configUri, mappings: (result.value as { ingest?: DeclaredMapping[] }).ingest ?? [] }] : [];
    }),
  );
  return logFilters(parsed.flat());
}

/**
 * The client's sync of the documents that `logFilters` names: registered again only when the filters change, the
 * new ones before the old ones go, so that a document both name is not closed and opened on the way.
 */
export class LogSync {
  private current = '[]';
  private registered?: Promise<{ dispose(): void }>;
  /** Updates run one after another: a slow listing must not register over a later one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly register: (filters: LogFilter[]) => Promise<{ dispose(): void }>,
    private readonly log: (message: string) => void,
  ) {}

  /** Finds the filters again (`find`), after any update still running. */
  refresh(find: () => Promise<LogFilter[]>): Promise<void> {
    this.queue = this.queue
      .then(async () => this.update(await find()))
      .catch((error: unknown) => this.log(`could not register the logs that mappings name: ${error instanceof Error ? error.message : String(error)}`));
    return this.queue;
  }

  private update(filters: LogFilter[]): void {
    const key = JSON.stringify(filters);
    if (key === this.current) return;
    this.current = key;
    const old = this.registered;
    this.registered = filters.length > 0 ? this.register(filters) : undefined;
    void old?.then((registration) => registration.dispose());
  }
}

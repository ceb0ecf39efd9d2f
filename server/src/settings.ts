import { Connection } from 'vscode-languageserver/node';
import { Severity } from '../../shared/src/problem';

/** The per-resource settings the server pulls from the client (section "loadline"). */
export interface LoadlineSettings {
  maxProblems: number;
  raggedRows: Severity | 'off';
  debounceMs: number;
}

export const DEFAULT_SETTINGS: LoadlineSettings = { maxProblems: 1000, raggedRows: 'warning', debounceMs: 200 };

/** Settings resolved per document, never globally, cached until the client says they changed. */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<LoadlineSettings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<LoadlineSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'loadline' })
        .then((value: Partial<LoadlineSettings> | null) => ({ ...DEFAULT_SETTINGS, ...(value ?? {}) }))
        .catch(() => DEFAULT_SETTINGS);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri) this.byUri.delete(uri);
    else this.byUri.clear();
  }
}

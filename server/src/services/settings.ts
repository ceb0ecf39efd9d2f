import { DEFAULT_INFER_ROWS, DEFAULT_MAX_PROBLEMS, Severity } from '@loadline/shared';

/** The per-resource settings the server pulls from the client (section "loadline"). */
export interface LoadlineSettings {
  maxProblems: number;
  raggedRows: Severity | 'off';
  debounceMs: number;
  /** An information diagnostic on row 1 of a CSV that no contract matches, with the "Create a contract" action. */
  noContractNotice: boolean;
  /** An information diagnostic on a log line that repeats a key under onDuplicate skip or update, saying which line wins. */
  keyRepeatNotice: boolean;
  /** Most rows "Create a contract from this file" reads. */
  inferRows: number;
  /** Language ids checked as CSV besides csv and tsv (Rainbow CSV's, in VS Code). */
  extraLanguages: string[];
}

export const DEFAULT_SETTINGS: Readonly<LoadlineSettings> = {
  maxProblems: DEFAULT_MAX_PROBLEMS,
  raggedRows: 'warning',
  debounceMs: 200,
  noContractNotice: true,
  keyRepeatNotice: true,
  inferRows: DEFAULT_INFER_ROWS,
  extraLanguages: [],
};

const RAGGED_ROWS: readonly LoadlineSettings['raggedRows'][] = ['error', 'warning', 'information', 'off'];
/** Past this a "debounce" is a client bug, not a wish: 10 s. */
const MAX_DEBOUNCE_MS = 10_000;

/** Checks each setting; a wrong one falls back to its default, with a line saying so. */
export function normalizeSettings(raw: unknown): { settings: LoadlineSettings; complaints: string[] } {
  const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const complaints: string[] = [];
  const pick = <K extends keyof LoadlineSettings>(key: K, valid: (v: unknown) => boolean, expected: string): LoadlineSettings[K] => {
    const value = given[key];
    if (value === undefined || value === null) return DEFAULT_SETTINGS[key];
    if (valid(value)) return value as LoadlineSettings[K];
    complaints.push(`loadline.${key} is ${JSON.stringify(value)}, not ${expected}: using ${JSON.stringify(DEFAULT_SETTINGS[key])}`);
    return DEFAULT_SETTINGS[key];
  };
  const wholeNumber = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  return {
    settings: {
      maxProblems: pick('maxProblems', wholeNumber(1, Number.MAX_SAFE_INTEGER), 'a whole number of 1 or more'),
      raggedRows: pick('raggedRows', (v) => RAGGED_ROWS.includes(v as LoadlineSettings['raggedRows']), RAGGED_ROWS.join(', ')),
      debounceMs: pick('debounceMs', wholeNumber(0, MAX_DEBOUNCE_MS), `a whole number from 0 to ${MAX_DEBOUNCE_MS}`),
      noContractNotice: pick('noContractNotice', (v) => typeof v === 'boolean', 'true or false'),
      keyRepeatNotice: pick('keyRepeatNotice', (v) => typeof v === 'boolean', 'true or false'),
      inferRows: pick('inferRows', wholeNumber(1, Number.MAX_SAFE_INTEGER), 'a whole number of 1 or more'),
      extraLanguages: pick('extraLanguages', (v) => Array.isArray(v) && v.every((id) => typeof id === 'string'), 'a list of language ids'),
    },
    complaints,
  };
}

export interface SettingsSource {
  /** workspace/configuration for one resource; undefined when the client does not answer that request. */
  pull?: (uri: string) => Promise<unknown>;
  log: (message: string) => void;
  /** How long to wait for the client before taking the defaults. */
  timeoutMs: number;
}

/**
 * Settings resolved per document and cached until the client says they changed or the document closes.
 * Clients that cannot answer workspace/configuration push settings with didChangeConfiguration instead;
 * one that never answers gets the defaults after `timeoutMs`.
 */
export class SettingsService {
  private readonly byUri = new Map<string, Promise<LoadlineSettings>>();
  private pushed: LoadlineSettings = DEFAULT_SETTINGS;

  constructor(private readonly source: SettingsSource) {}

  get(uri: string): Promise<LoadlineSettings> {
    const pull = this.source.pull;
    if (!pull) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.withTimeout(pull(uri), uri).then((raw) => this.normalize(raw));
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** The client's settings changed; `pushed` is what it sent (didChangeConfiguration's `settings.loadline`), used when it cannot be asked. */
  changed(pushed: unknown): void {
    this.byUri.clear();
    if (!this.source.pull) this.pushed = this.normalize(pushed);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private normalize(raw: unknown): LoadlineSettings {
    const { settings, complaints } = normalizeSettings(raw);
    for (const complaint of complaints) this.source.log(complaint);
    return settings;
  }

  private withTimeout(request: Promise<unknown>, uri: string): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.source.log(`the client did not send the settings for ${uri} within ${this.source.timeoutMs} ms: using the defaults`);
        resolve(undefined);
      }, this.source.timeoutMs);
      request.then(
        (value) => (clearTimeout(timer), resolve(value)),
        () => (clearTimeout(timer), resolve(undefined)),
      );
    });
  }
}

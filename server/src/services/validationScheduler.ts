/** setTimeout and clearTimeout, injected so that a test can drive time. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers, called through wrappers: a browser's timer functions throw when called on another object. */
export const SYSTEM_CLOCK: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerDeps<R> {
  clock: Clock;
  /** The open document's version now; undefined once it is closed. */
  versionOf(uri: string): number | undefined;
  /** Checks the document's current text. */
  validate(uri: string): Promise<R>;
  /** The document changed or closed during its check: the check may be dropped (its `validate` then rejects). */
  supersede(uri: string): void;
  /** A result for the version that is still open. */
  publish(uri: string, version: number, result: R): void;
  /** The check threw or its worker died; the document stays scheduled for its next edit. */
  fail(uri: string, version: number, error: unknown): void;
}

interface DocumentState {
  timer?: unknown;
  checking: boolean;
  /** An edit came during the check: check again when it ends. */
  again: boolean;
  /** The running check was superseded: its failure is not the document's. */
  superseded: boolean;
}

/**
 * Per document: waits `delayMs` after the last edit, runs one check at a time, checks the latest text
 * next, and drops results for versions that are no longer open.
 */
export class ValidationScheduler<R> {
  /** One state per open document; a reopened document gets a new one, so a check of the old one publishes nothing. */
  private readonly documents = new Map<string, DocumentState>();

  constructor(private readonly deps: SchedulerDeps<R>) {}

  schedule(uri: string, delayMs: number): void {
    const state = this.stateOf(uri);
    // The running check's result would be dropped as stale: it must not hold the latest text back, even for
    // the debounce (a slow check runs for its whole budget).
    this.supersede(uri, state);
    this.deps.clock.clearTimeout(state.timer);
    state.timer = this.deps.clock.setTimeout(() => {
      state.timer = undefined;
      void this.run(uri, state);
    }, delayMs);
  }

  /** Whether the document was ever scheduled (and is still open). */
  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  close(uri: string): void {
    const state = this.documents.get(uri);
    if (!state) return;
    this.deps.clock.clearTimeout(state.timer);
    this.documents.delete(uri);
    this.supersede(uri, state);
  }

  private supersede(uri: string, state: DocumentState): void {
    if (!state.checking || state.superseded) return;
    state.superseded = true;
    this.deps.supersede(uri);
  }

  private stateOf(uri: string): DocumentState {
    let state = this.documents.get(uri);
    if (!state) {
      state = { checking: false, again: false, superseded: false };
      this.documents.set(uri, state);
    }
    return state;
  }

  private async run(uri: string, state: DocumentState): Promise<void> {
    if (state.checking) {
      state.again = true;
      return;
    }
    const version = this.deps.versionOf(uri);
    if (version === undefined) return;
    state.checking = true;
    state.superseded = false;
    try {
      const result = await this.deps.validate(uri);
      if (this.isCurrent(uri, state, version)) this.deps.publish(uri, version, result);
    } catch (error) {
      if (!state.superseded && this.isCurrent(uri, state, version)) this.deps.fail(uri, version, error);
    } finally {
      state.checking = false;
      if (state.again && this.documents.get(uri) === state) {
        state.again = false;
        void this.run(uri, state);
      }
    }
  }

  private isCurrent(uri: string, state: DocumentState, version: number): boolean {
    return this.documents.get(uri) === state && this.deps.versionOf(uri) === version;
  }
}

import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';

/**
 * The server registers the logs that only a mapping's `files` glob names (`app.log`) for sync, beside the static
 * selector (client/src/documentSelector.ts). vscode-languageclient sends a didChange once per registration that
 * matches a document, so a glob that also names a `.jsonl` would send its incremental edits twice, and the
 * server would apply each edit twice. Each change event goes out once, whichever registrations match it
 * (open and close are sent once already: the library keeps the set of synced documents).
 */
export function syncOnce(): Middleware {
  const sent = new WeakSet<vscode.TextDocumentChangeEvent>();
  return {
    didChange: (event, next) => {
      if (sent.has(event)) return Promise.resolve();
      sent.add(event);
      return next(event);
    },
  };
}

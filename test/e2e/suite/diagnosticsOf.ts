import * as vscode from 'vscode';

/** Resolves when the diagnostics of `uri` from `source` satisfy `accept`; event-driven, bounded by a timeout. */
export function diagnosticsOf(
  uri: vscode.Uri,
  accept: (d: vscode.Diagnostic[]) => boolean,
  ms = 30000,
  source: (s: string | undefined) => boolean = (s) => s === 'loadline',
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const current = () => vscode.languages.getDiagnostics(uri).filter((d) => source(d.source));
    const finish = (error?: Error) => {
      subscription.dispose();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(current());
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString()) && accept(current())) finish();
    });
    const timer = setTimeout(
      () => finish(new Error(`diagnostics of ${uri.fsPath} never matched; last: ${JSON.stringify(current().map((d) => d.message))}`)),
      ms,
    );
    if (accept(current())) finish();
  });
}

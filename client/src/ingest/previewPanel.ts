import * as path from 'path';
import * as vscode from 'vscode';
import { IngestPreview, previewIngest, PREVIEW_LINES } from '@loadline/shared';
import { INGEST_COMMANDS } from './commandIds';
import { IngestArgs } from './ingestCommand';
import { pickFile, sourceOrExplain } from './ingestSource';

/**
 * "Loadline: Preview Ingest" and "Loadline: Dry-run This Log": a dry run of the file's first lines in a webview, the rows that would land beside
 * the lines that would be rejected. Returns the preview (for tests and keybindings).
 */
export function registerPreviewCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  let panel: vscode.WebviewPanel | undefined;
  const preview = async (arg?: vscode.Uri | Pick<IngestArgs, 'file' | 'mapping'>): Promise<IngestPreview | undefined> => {
    const args = arg instanceof vscode.Uri ? { file: arg.fsPath } : (arg ?? {});
    const file = args.file ?? (await pickFile());
    if (!file) return undefined;
    const source = await sourceOrExplain(context.workspaceState, file, args.mapping, log);
    if (!source) return undefined;
    const result = await previewIngest(file, source.mapping, source.input);
    const title = `Preview: ${path.basename(file)} → ${result.table}`;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('loadline.preview', title, vscode.ViewColumn.Beside, { enableScripts: false });
      panel.onDidDispose(() => (panel = undefined));
    }
    panel.title = title;
    panel.webview.html = previewHtml(result, path.basename(file), source.declaredIn);
    panel.reveal(vscode.ViewColumn.Beside, true);
    return result;
  };
  /** "Dry-run This Log": the preview of the active editor's file as saved, whatever its extension; else one the user picks. */
  const dryRunLog = () => {
    const document = vscode.window.activeTextEditor?.document;
    return preview(document?.uri.scheme === 'file' ? { file: document.fileName } : undefined);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(INGEST_COMMANDS.previewIngest, preview),
    vscode.commands.registerCommand(INGEST_COMMANDS.dryRunLog, dryRunLog),
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A static page (no scripts): the rows as a table with each column's SQL type, the rejects beside them. */
function previewHtml(preview: IngestPreview, fileName: string, declaredIn: string | undefined): string {
  const n = (x: number) => x.toLocaleString('en');
  const kept = preview.rows.filter((r) => !r.duplicate).length;
  const summary =
    `${n(preview.lines)} ${preview.truncated ? `first lines (of more; a preview reads at most ${n(PREVIEW_LINES)})` : 'lines'}: ` +
    `${n(kept)} rows, ${n(preview.rows.length - kept)} duplicates, ${n(preview.rejects.length)} rejected`;
  const head = preview.columns.map((c) => `<th>${escapeHtml(c.name)}<br><code>${escapeHtml(c.sqlType)}</code></th>`).join('');
  const body = preview.rows
    .map(
      (r) =>
        `<tr class="${r.duplicate ? 'duplicate' : ''}"><td class="line">${r.line}</td>${r.values
          .map((v) => (v === null ? '<td class="null">NULL</td>' : `<td>${escapeHtml(v.length > 200 ? `${v.slice(0, 200)}…` : v)}</td>`))
          .join('')}</tr>`,
    )
    .join('\n');
  const rejects = preview.rejects
    .map((r) => `<li><span class="line">line ${r.line}</span> <code>${escapeHtml(r.code)}</code> ${escapeHtml(r.reason)}</li>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); display: flex; gap: 1.5em; align-items: flex-start; }
  main { flex: 3; overflow-x: auto; } aside { flex: 1; min-width: 16em; }
  table { border-collapse: collapse; font-size: 0.9em; }
  th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; text-align: left; vertical-align: top; }
  th code { font-weight: normal; opacity: 0.8; }
  .line { opacity: 0.7; } .null { opacity: 0.5; font-style: italic; }
  tr.duplicate { opacity: 0.45; text-decoration: line-through; }
  aside li { margin-bottom: 0.4em; } aside code { color: var(--vscode-errorForeground); }
</style></head><body>
<main>
  <h2>${escapeHtml(fileName)} → <code>${escapeHtml(preview.table)}</code></h2>
  <p>${escapeHtml(declaredIn ? `Through ${declaredIn}.` : 'Through the built-in chat mapping: no mapping of .loadline.json matches this file.')} ${escapeHtml(summary)}. Nothing is written: this is a dry run.</p>
  <table><thead><tr><th>line</th>${head}</tr></thead><tbody>
${body}
  </tbody></table>
</main>
<aside><h2>Rejected (${n(preview.rejects.length)})</h2><ul>
${rejects}
</ul></aside>
</body></html>`;
}

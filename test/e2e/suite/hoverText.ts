import * as vscode from 'vscode';

/** The text of every hover at `position` of `uri`, as VS Code's hover widget would stack them. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

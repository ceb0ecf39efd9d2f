import * as vscode from 'vscode';

/** The document selector is fixed when the client starts: a change of `loadline.extraLanguages` needs a reload. */
export function offerReloadOnLanguageChange(): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('loadline.extraLanguages')) return;
    void vscode.window
      .showInformationMessage('Loadline: the languages it checks changed. Reload the window to apply.', 'Reload Window')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.reloadWindow'));
  });
}

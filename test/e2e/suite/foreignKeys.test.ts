// Foreign keys across files (issue 27) in a real VS Code: depot/parcels.csv refers to depot/warehouses.csv by
// (site, bay) through the fixture's .loadline.json. An orphan row is a foreign-key error on its key cells, Go to
// Definition on a resolving row opens the warehouse's row, and hover says whether the reference resolves.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsOf } from './diagnosticsOf';
import { hoverText } from './hoverText';

suite('Foreign keys across files', () => {
  const depot = (file: string) => vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'depot', file));

  suiteSetup(async () => {
    await vscode.extensions.getExtension('loadline.loadline')!.activate();
  });

  test('an orphan reference is a foreign-key error on its key cells, and hover says it does not resolve', async () => {
    await vscode.window.showTextDocument(depot('parcels.csv'));
    const diagnostics = await diagnosticsOf(depot('parcels.csv'), (d) => d.length > 0);
    // Row 4 is p-103,EAST,7: its key cells "EAST,7" are characters 6 to 12.
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['foreign-key', 'Value ("EAST", 7) of (site, bay) in row 4 is not in warehouses (site, bay)', vscode.DiagnosticSeverity.Error, 3, 6, 12]],
    );
    assert.match(
      await hoverText(depot('parcels.csv'), new vscode.Position(3, 11)),
      /Foreign key \(site, bay\) → warehouses \(site, bay\): does not resolve: no row of warehouses \(site, bay\) holds \("EAST", 7\)\./,
    );
    assert.match(
      await hoverText(depot('parcels.csv'), new vscode.Position(2, 7)),
      /Foreign key \(site, bay\) → warehouses \(site, bay\): resolves: row 5 of `warehouses\.csv` holds \("EAST", 2\)\./,
    );
  });

  test("Go to Definition on a referencing cell opens the referenced file at the warehouse's row", async () => {
    const editor = await vscode.window.showTextDocument(depot('parcels.csv'));
    // Row 3 is p-102,EAST,2: warehouses.csv holds EAST,2 on its line 5.
    const [target] = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      depot('parcels.csv'),
      new vscode.Position(2, 7),
    );
    const [uri, range] = 'targetUri' in target ? [target.targetUri, target.targetRange] : [target.uri, target.range];
    assert.deepEqual([uri.fsPath, range.start.line, range.start.character, range.end.line, range.end.character], [depot('warehouses.csv').fsPath, 4, 0, 4, 6]);

    // The editor's own command: the referenced file becomes the active editor, the cursor at the start of its row.
    editor.selection = new vscode.Selection(2, 7, 2, 7);
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const subscription = vscode.window.onDidChangeActiveTextEditor((active) => {
        if (active?.document.uri.fsPath === depot('warehouses.csv').fsPath) {
          subscription.dispose();
          resolve(active);
        }
      });
    });
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const warehouses = await opened;
    const cursor = warehouses.selection.active;
    assert.deepEqual([cursor.line, cursor.character, warehouses.document.lineAt(cursor.line).text], [4, 0, 'EAST,2']);
  });
});

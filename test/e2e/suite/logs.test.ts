// A JSON-lines log checked live against the ingest mapping of the fixture's .loadline.json (issue 25), in a real
// VS Code: the reject on the value's own token, and the hover that shows the column, its SQL type and the reason.
// The status bar item's text cannot be read from an extension host; the UI test (test/e2e/ui) reads it on screen.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsOf } from './diagnosticsOf';
import { hoverText } from './hoverText';

suite('A log checked live against its ingest mapping', () => {
  const log = () => vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'sensors', 'greenhouse.jsonl'));

  suiteSetup(async () => {
    await vscode.extensions.getExtension('loadline.loadline')!.activate();
  });

  test('a wrong-typed value gets a value-error on its own token, and hover names its column, SQL type and reason', async () => {
    const document = await vscode.workspace.openTextDocument(log());
    await vscode.window.showTextDocument(document);
    const [problem, ...others] = await diagnosticsOf(log(), (d) => d.length > 0);
    assert.deepEqual(others, []);
    const line = document.lineAt(1).text;
    const start = line.indexOf('"warm"');
    assert.deepEqual(
      [problem.code, problem.message, problem.severity, problem.range.start.line, problem.range.start.character, problem.range.end.character],
      ['value-error', 'wrong type for reading.celsius: expected a number, got string "warm"', vscode.DiagnosticSeverity.Error, 1, start, start + 6],
    );
    assert.equal(
      await hoverText(log(), new vscode.Position(1, start + 2)),
      '**celsius** ← `reading.celsius` · `DOUBLE`\n\nRejected (value-error): wrong type for reading.celsius: expected a number, got string "warm"',
    );
    // A good line's value: as it would be stored.
    const ts = document.lineAt(0).text.indexOf('1700000000000');
    assert.equal(await hoverText(log(), new vscode.Position(0, ts + 1)), '**at** ← `ts` · `TIMESTAMP(3)` · `2023-11-14 22:13:20.000`');
  });

  test('a log that only a mapping glob names (app.log) is checked; a .txt no glob names is not', async () => {
    const folder = path.dirname(log().fsPath);
    const notes = vscode.Uri.file(path.join(folder, 'notes.txt'));
    const app = vscode.Uri.file(path.join(folder, 'app.log'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notes));
    const document = await vscode.workspace.openTextDocument(app);
    await vscode.window.showTextDocument(document);
    const [problem, ...others] = await diagnosticsOf(app, (d) => d.length > 0);
    assert.deepEqual(others, []);
    const start = document.lineAt(1).text.indexOf('"hot"');
    assert.deepEqual(
      [problem.code, problem.range.start.line, problem.range.start.character, problem.range.end.character],
      ['value-error', 1, start, start + 5],
    );
    // notes.txt was opened first, and the server never had it: no squiggle.
    assert.deepEqual(vscode.languages.getDiagnostics(notes), []);
  });

  // greenhouse.jsonl is named by the static selector and by the mapping's "sensors/greenhouse.*": an edit must
  // reach the server once, or the server applies it twice and the line is no longer the editor's.
  test('correcting the value clears the diagnostic', async () => {
    const editor = await vscode.window.showTextDocument(log());
    const line = editor.document.lineAt(1).text;
    const start = line.indexOf('"warm"');
    await editor.edit((edit) => edit.replace(new vscode.Range(1, start, 1, start + 6), '23.5'));
    assert.deepEqual(await diagnosticsOf(log(), (d) => d.length === 0), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

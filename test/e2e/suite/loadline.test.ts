import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import * as vscode from 'vscode';
import { SNIPPETS } from '../../../shared/src/snippets/catalog';
import { fillDefaults } from '../../../shared/src/snippets/render';
import { diagnosticsOf } from './diagnosticsOf';
import { hoverText } from './hoverText';

const EXTENSION_ID = 'loadline.loadline';

/** The rows the ingest left in `table` of `database` on the "local" profile's server, which is then dropped. */
async function countAndDrop(database: string, table = 'chat_messages'): Promise<number> {
  const connection = await createConnection({
    host: '127.0.0.1',
    port: vscode.workspace.getConfiguration('loadline.mysql').get<{ port: number }[]>('profiles')![0].port,
    user: 'loadline',
    // runTest.ts puts the test server's password in MYSQL_PWD, which the extension takes as the CLI does.
    password: process.env.MYSQL_PWD,
    database,
  });
  try {
    const [[row]] = await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    await connection.query(`DROP DATABASE \`${database}\``);
    return Number(row.n);
  } finally {
    await connection.end();
  }
}

suite('Loadline in a real VS Code', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  test('a CSV with an empty required cell gets a diagnostic on that cell', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'imports', 'bad.csv'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'csv');
    const diagnostics = await diagnosticsOf(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character, d.range.end.character, d.severity]),
      [['required', 'Missing required value shop_id for row 3', 2, 0, 0, vscode.DiagnosticSeverity.Error]],
    );
  });

  test('filling the cell clears the diagnostic', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'imports', 'bad.csv'));
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '2'));
    assert.deepEqual(await diagnosticsOf(uri, (d) => d.length === 0), []);
  });

  test('the quick fix appends the missing required header', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'imports', 'missing-header.csv'));
    await vscode.window.showTextDocument(uri);
    const [missing] = await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'missing-label'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      missing.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Add required header "shop_id"');
    assert.ok(fix?.edit, `quick fix offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(0).text, 'shop_name,platinum_member,shop_id');
    const after = await diagnosticsOf(uri, (d) => !d.some((x) => x.code === 'missing-label'));
    assert.deepEqual(
      after.map((d) => d.code),
      ['missing-cell', 'required'],
    );
  });

  test('a typed contract: a type error on the cell, and hover names the type, the constraints and the contract', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'typed', 'shops.csv'));
    await vscode.window.showTextDocument(uri);
    const diagnostics = await diagnosticsOf(uri, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['type-error', 'Value "12x" in shop_id (row 3) is not an integer', 2, 0, 3]],
    );
    const text = await hoverText(uri, new vscode.Position(1, 0));
    assert.match(text, /Type: `integer`/);
    assert.match(text, /Constraints: required: no cell may be empty, unique, minimum `1`/);
    assert.match(text, /From contract 2 of `\.\.\/\.loadline\.json`/);
  });

  test('"Create a contract from this file" appends an inferred contract to .loadline.json, and undo takes it back', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'fresh', 'people.csv'));
    await vscode.window.showTextDocument(uri);
    const [notice] = await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'no-contract'));
    assert.equal(notice.severity, vscode.DiagnosticSeverity.Information);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, notice.range);
    const create = actions.find((a) => a.title === 'Create a contract from this file');
    assert.ok(create?.edit, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    const config = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder(), '.loadline.json')));
    assert.match(config.getText(), /"files": \[\s*"fresh\/people\.csv"\s*\]/);
    assert.match(config.getText(), /"email": \{\s*"type": "string",\s*"format": "email"/);
    await diagnosticsOf(uri, (d) => d.length === 0);

    await vscode.window.showTextDocument(config);
    await vscode.commands.executeCommand('undo');
    assert.doesNotMatch(config.getText(), /fresh\/people/);
    await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'no-contract'));
  });

  test('Validate Workspace checks the files that are not open, and checks one again when it changes on disk', async () => {
    const result = await vscode.commands.executeCommand<{ checked: number; errors: number; others: number }>('loadline.validateWorkspace');
    const unopened = vscode.Uri.file(path.join(folder(), 'typed', 'unopened.csv'));
    assert.ok(result.checked >= 5, `checked ${result.checked} files`);
    const found = await diagnosticsOf(unopened, (d) => d.length > 0);
    assert.deepEqual(
      found.map((d) => [d.code, d.message]),
      [['constraint-error', 'Value "bronze" in tier (row 2) is not one of "gold", "silver" (enum)']],
    );
    fs.writeFileSync(unopened.fsPath, 'shop_id,joined,tier\n1,01/02/2020,gold\n');
    await diagnosticsOf(unopened, (d) => d.length === 0);
  });

  test('VS Code checks .loadline.json against the schema the extension ships (jsonValidation)', async () => {
    const uri = vscode.Uri.file(path.join(folder(), 'schema-check', '.loadline.json'));
    await vscode.window.showTextDocument(uri);
    // Not Loadline's own server: VS Code's JSON language features, fed by package.json's jsonValidation.
    const fromSchema = await diagnosticsOf(
      uri,
      (d) => d.length > 0,
      60000,
      (s) => s !== 'loadline',
    );
    assert.ok(
      fromSchema.some((d) => /frobnicate/.test(d.message) || /not allowed/i.test(d.message)),
      `schema diagnostics: ${JSON.stringify(fromSchema.map((d) => [d.source, d.message]))}`,
    );
    assert.equal(fromSchema[0].range.start.line, 2);
  });

  test('the ingest command loads the log into MariaDB and returns the report', async () => {
    const file = path.join(folder(), 'logs', 'chat.jsonl');
    const report = await vscode.commands.executeCommand<Record<string, number | boolean | string>>('loadline.ingest', {
      file,
      profile: 'local',
      resume: false,
    });
    assert.ok(report, 'the command returned no report');
    assert.equal(report.lines, 2000);
    assert.equal(report.balanced, true);
    assert.equal(report.cancelled, false);
    assert.ok(Number(report.rejected) > 0 && Number(report.inserted) > 1900, JSON.stringify(report));

    assert.equal(await countAndDrop(process.env.LOADLINE_E2E_DATABASE!), report.inserted);
    assert.ok(fs.existsSync(String(report.rejectsFile)));
  });

  test('Preview Ingest shows what a CSV would load, and the ingest command loads it through its contract', async () => {
    const file = path.join(folder(), 'typed', 'shops.csv');
    const preview = await vscode.commands.executeCommand<{
      table: string;
      rows: { line: number; values: (string | null)[] }[];
      rejects: { line: number; code?: string }[];
    }>('loadline.previewIngest', { file });
    assert.ok(preview, 'the preview command returned nothing');
    assert.equal(preview.table, 'shops');
    assert.deepEqual(
      preview.rows.map((r) => [r.line, ...r.values]),
      [
        [2, '1', '2020-02-01', 'gold'],
        [4, '3', '2022-06-05', 'gold'],
      ],
    );
    assert.deepEqual(
      preview.rejects.map((r) => [r.line, r.code]),
      [[3, 'type-error']],
    );
    const report = await vscode.commands.executeCommand<Record<string, number | boolean | string>>('loadline.ingest', { file, profile: 'csv', resume: false });
    assert.ok(report, 'the command returned no report');
    assert.deepEqual([report.lines, report.inserted, report.duplicates, report.rejected, report.table], [3, 2, 0, 1, 'shops']);
    assert.equal(await countAndDrop(`${process.env.LOADLINE_E2E_DATABASE}_csv`, 'shops'), 2);
    fs.rmSync(String(report.rejectsFile));
  });

  test('a log that two mappings match: the one named is used, and remembered for that file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-e2e-mappings-'));
    const mappingOf = (name: string, table: string) => ({ name, files: ['*.jsonl'], table, key: 'id', columns: { id: { from: 'id' } } });
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [mappingOf('first', 'first_rows'), mappingOf('second', 'second_rows')] }));
    const file = path.join(dir, 'events.jsonl');
    fs.writeFileSync(file, '{"id":"a"}\n{"id":"a"}\n{"id":7}\n');
    try {
      type Preview = { table: string; rows: { duplicate: boolean }[]; rejects: { line: number; code: string; reason: string }[] };
      const named = await vscode.commands.executeCommand<Preview>('loadline.previewIngest', { file, mapping: 'second' });
      assert.equal(named.table, 'second_rows');
      assert.deepEqual(
        named.rows.map((r) => r.duplicate),
        [false, true],
      );
      assert.deepEqual(named.rejects, [{ line: 3, code: 'value-error', reason: 'wrong type for id: expected a string, got number 7' }]);
      // No name now: without the remembered choice a QuickPick would wait for the user, and this would time out.
      const remembered = await vscode.commands.executeCommand<Preview>('loadline.previewIngest', { file });
      assert.equal(remembered.table, 'second_rows');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('"Dry-run This Log" previews the active log, of any extension a mapping names, through that mapping', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-e2e-dry-run-'));
    const mapping = { name: 'events', files: ['*.txt'], table: 'events', key: 'id', columns: { id: { from: 'id', type: 'string' } } };
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
    const file = path.join(dir, 'events.txt');
    fs.writeFileSync(file, '{"id":"a"}\n{"id":7}\n');
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      type Preview = { table: string; rows: { line: number }[]; rejects: { line: number; code: string; reason: string }[] };
      const preview = await vscode.commands.executeCommand<Preview>('loadline.dryRunLog');
      assert.ok(preview, 'the command returned no preview');
      assert.equal(preview.table, 'events');
      assert.deepEqual(
        preview.rows.map((r) => r.line),
        [1],
      );
      assert.deepEqual(preview.rejects, [{ line: 2, code: 'value-error', reason: 'wrong type for id: expected a string, got number 7' }]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a profile's other hosts take over when its first host is down", async () => {
    const file = path.join(folder(), 'logs', 'chat.jsonl');
    const report = await vscode.commands.executeCommand<Record<string, number | boolean | string>>('loadline.ingest', {
      file,
      profile: 'failover',
      resume: false,
    });
    assert.ok(report, 'the command returned no report');
    assert.equal(report.lines, 2000);
    assert.equal(report.balanced, true);
    assert.equal(await countAndDrop(`${process.env.LOADLINE_E2E_DATABASE}_failover`), report.inserted);
  });

  test('inserting a catalog snippet by id puts its text in the editor', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'shellscript' });
    const editor = await vscode.window.showTextDocument(document);
    assert.ok(await vscode.commands.executeCommand('loadline.insertSnippet', { id: 'memory-percent-by-command' }));
    const snippet = SNIPPETS.find((s) => s.id === 'memory-percent-by-command')!;
    assert.equal(editor.document.getText(), fillDefaults(snippet.template));
    assert.match(editor.document.getText(), /awk '\{print \$4"\\t"\$11\}'/);
  });

  test('user snippets from loadline.snippets are inserted with their placeholders', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'shellscript' });
    const editor = await vscode.window.showTextDocument(document);
    assert.ok(await vscode.commands.executeCommand('loadline.insertSnippet', { id: 'mine' }));
    assert.equal(editor.document.getText(), 'tail -f /var/log/app.log');
    assert.equal(editor.document.getText(editor.selection), '/var/log/app.log', 'the placeholder is live and selected');
  });

  test('a one-line snippet is typed into the terminal; a multi-line one is refused', async () => {
    const terminal = vscode.window.createTerminal('loadline-e2e');
    terminal.show();
    assert.equal(await vscode.commands.executeCommand('loadline.sendSnippetToTerminal', { id: 'time-wait-ss' }), true);
    assert.equal(await vscode.commands.executeCommand('loadline.sendSnippetToTerminal', { id: 'init-sh-rsync-puppet' }), false);
    terminal.dispose();
  });
});

// The browser build inside a real VS Code workbench: code-server's Web Worker extension host, which is where
// vscode.dev runs extensions too. code-server also has a Node extension host, so the extension is given to it
// as vscode.dev sees it, without `main`: the workbench then has only the `browser` entry to run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/ui/browser';
import { command, insertTcpdumpSnippet, quickOpen } from '../e2e/ui/workbench';
import { REPO } from '../support/lspClient';

const HOST = path.join(REPO, 'test', 'e2e', 'host');
const ROOT = path.resolve(process.env.VSC_HOST_ROOT ?? path.join(REPO, '.cache', 'vscode-host'));
const OUT = path.join(REPO, 'test-results');

/** The extension as a browser-only host loads it: the manifest without `main`, and only what the browser runs. */
function webOnlyExtension(into: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.main;
  delete manifest.extensionKind;
  fs.writeFileSync(path.join(into, 'package.json'), JSON.stringify(manifest));
  fs.cpSync(path.join(REPO, 'syntaxes'), path.join(into, 'syntaxes'), { recursive: true });
  fs.cpSync(path.join(REPO, 'dist', 'web'), path.join(into, 'dist', 'web'), { recursive: true });
  for (const file of ['loadline.schema.json', 'shellscript.code-snippets']) fs.copyFileSync(path.join(REPO, 'dist', file), path.join(into, 'dist', file));
}

/** A mapping that names its log (`audit.log`) only by its glob, with a JSON Schema in a file beside the config. */
function writeSchemaFolder(into: string): void {
  fs.mkdirSync(into, { recursive: true });
  const mapping = { name: 'audit', files: ['audit.log'], table: 'audit', key: 'id', schema: 'audit.schema.json', columns: { id: { from: 'id' } } };
  fs.writeFileSync(path.join(into, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
  fs.writeFileSync(path.join(into, 'audit.schema.json'), JSON.stringify({ properties: { user: { properties: { age: { minimum: 0 } } } } }));
  fs.writeFileSync(path.join(into, 'audit.log'), '{"id":"a","user":{"age":1}}\n{"id":"b","user":{"age":-1}}\n');
}

/** The rows of the Problems panel (open), one string each. */
const problemRows = (page: Page) => page.locator('.markers-panel .monaco-list-row').allInnerTexts();

describe('the browser build in the Web Worker extension host of code-server', () => {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-web-run-'));
  const extension = path.join(run, 'extension');
  const folder = path.join(run, 'workspace');
  const port = 30000 + (process.pid % 20000);
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    fs.mkdirSync(path.join(extension, 'dist'), { recursive: true });
    webOnlyExtension(extension);
    fs.cpSync(path.join(REPO, 'test', 'e2e', 'fixture'), folder, { recursive: true });
    writeSchemaFolder(path.join(folder, 'audited'));
    fs.mkdirSync(OUT, { recursive: true });
    const env = { ...process.env, RUN: path.join(run, 'cs'), CS_EXTRA_ARGS: '--vscode-option enable-smoke-test-driver' };
    execFileSync('bash', [path.join(HOST, 'start-code-server.sh'), ROOT, String(port), folder], { env, stdio: 'inherit' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('console', (message) => {
      if (/loadline/i.test(message.text()) && message.type() === 'error') errors.push(message.text());
    });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extension}`]];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });
  });

  after(async () => {
    await browser?.close();
    execFileSync('bash', [path.join(HOST, 'stop-code-server.sh'), path.join(run, 'cs', 'code-server.pid')]);
    fs.rmSync(run, { recursive: true, force: true });
  });

  it('checks a CSV against the contract it read through the workspace file system: squiggle and Problems', async () => {
    await quickOpen(page, 'bad.csv');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Missing required value shop_id for row 3' }).first().waitFor({ timeout: 20000 });
    await page.screenshot({ path: path.join(OUT, 'web-csv-diagnostics.png') });
    assert.deepEqual(errors, []);
  });

  // The server registers the mappings' globs for sync: the client's static selector names only .jsonl and the like.
  it('checks a log that only a mapping glob names (app.log); a .txt that no glob names is not checked', async () => {
    await quickOpen(page, 'notes.txt');
    await page.locator('.tab.active', { hasText: 'notes.txt' }).waitFor({ timeout: 20000 });
    await quickOpen(page, 'app.log');
    await page.locator('.tab.active', { hasText: 'app.log' }).waitFor({ timeout: 20000 });
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    await command(page, 'Problems: Focus on Problems View');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'wrong type for reading.celsius: expected a number, got string "hot"' })
      .first()
      .waitFor({ timeout: 20000 });
    await page.screenshot({ path: path.join(OUT, 'web-log-glob.png') });
    // notes.txt was opened first and holds a wrong type too ("cold"): it must not be in the Problems panel.
    const rows = await problemRows(page);
    assert.ok(
      rows.some((row) => row.includes('app.log')),
      rows.join(' | '),
    );
    assert.ok(!rows.some((row) => /notes\.txt|"cold"/.test(row)), rows.join(' | '));
    assert.deepEqual(errors, []);
  });

  it("checks a log against its mapping's JSON Schema, both read through the workspace file system", async () => {
    await quickOpen(page, 'audit.log');
    await page.locator('.tab.active', { hasText: 'audit.log' }).waitFor({ timeout: 20000 });
    await command(page, 'Problems: Focus on Problems View');
    await page.locator('.markers-panel .monaco-list-row', { hasText: '/user/age must be >= 0 (minimum)' }).first().waitFor({ timeout: 60000 });
    const rows = await problemRows(page);
    assert.ok(
      rows.some((row) => row.includes('schema-error')),
      rows.join(' | '),
    );
    assert.deepEqual(errors, []);
  });

  it('explains, instead of running, the ingest command', async () => {
    await command(page, 'Loadline: Ingest into MySQL');
    // The smoke-test driver hides pop-ups: the message is read from the notification center.
    await command(page, 'Notifications: Show Notifications');
    await page
      .locator('.notifications-center', { hasText: 'ingesting into MySQL needs VS Code on a desktop or in a remote workspace' })
      .first()
      .waitFor({ timeout: 20000 });
    await page.screenshot({ path: path.join(OUT, 'web-ingest-unavailable.png') });
    await command(page, 'Notifications: Clear All Notifications');
    await page.locator('.notifications-center').first().waitFor({ state: 'hidden', timeout: 20000 });
  });

  it('inserts a snippet from the catalog', async () => {
    await quickOpen(page, 'missing-header.csv');
    await page.locator('.tab.active', { hasText: 'missing-header.csv' }).waitFor({ timeout: 20000 });
    await insertTcpdumpSnippet(page);
  });
});

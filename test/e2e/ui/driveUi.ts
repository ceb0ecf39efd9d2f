// The UI test: Debian Chromium, driven by Playwright, against code-server with the packaged extension.
// It saves PNGs under test-results/ and fails when the squiggle, the Problems message, a hover, the status bar
// item, the ingest progress, the ingest preview or the snippet QuickPick is not there.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, Page } from 'playwright-core';
import { localMariadb, sql } from '../../support/mariadb';
import { prepareWorkspace } from '../workspace';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';
import { command, insertTcpdumpSnippet, pointAt, quickOpen } from './workbench';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const HOST = path.join(REPO, 'test', 'e2e', 'host');
const ROOT = path.resolve(process.env.VSC_HOST_ROOT ?? path.join(REPO, '.cache', 'vscode-host'));
const OUT = path.join(REPO, 'test-results');
const VSIX = process.argv[2] ?? path.join(REPO, 'loadline.vsix');

const checks: [string, (page: Page) => Promise<void>][] = [
  [
    'a CSV shows a squiggle and the Problems panel shows "Missing required value …"',
    async (page) => {
      await quickOpen(page, 'bad.csv');
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Missing required value shop_id for row 3' }).first().waitFor({ timeout: 20000 });
      await page.screenshot({ path: path.join(OUT, 'csv-diagnostics.png') });
    },
  ],
  [
    'a typed contract: a type error squiggle, and the status bar names the contract and its problems and opens it',
    async (page) => {
      await quickOpen(page, 'shops.csv');
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
      const item = page.locator('.statusbar-item', { hasText: 'typed/*.csv' }).first();
      await item.waitFor({ timeout: 30000 });
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: 'Value "12x" in shop_id (row 3) is not an integer' })
        .first()
        .waitFor({ timeout: 20000 });
      await page.screenshot({ path: path.join(OUT, 'typed-type-error.png') });
      await item.screenshot({ path: path.join(OUT, 'status-bar-contract.png') });
      await item.click();
      await page.locator('.tab.active', { hasText: '.loadline.json' }).first().waitFor({ timeout: 20000 });
      // The cursor is at the start of the second contract (the one for typed/*.csv): line 11, column 5.
      await page.locator('.statusbar-item', { hasText: 'Ln 11, Col 5' }).first().waitFor({ timeout: 10000 });
      await page.screenshot({ path: path.join(OUT, 'status-bar-opens-contract.png') });
    },
  ],
  [
    'a log checked against its mapping: a squiggle on the wrong-typed value, its hover, and the status bar naming the mapping and the rejects',
    async (page) => {
      await quickOpen(page, 'greenhouse.jsonl');
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      await squiggle.waitFor({ timeout: 60000 });
      const item = page.locator('.statusbar-item', { hasText: 'sensor-readings' }).first();
      await item.waitFor({ timeout: 30000 });
      const shown = (await item.innerText()).replace(/\s+/g, ' ').trim();
      assert.equal(shown, 'sensor-readings 1 rejected', `the status bar item reads "${shown}"`);
      await pointAt(page, squiggle);
      await page
        .locator('.monaco-hover', { hasText: 'Rejected (value-error): wrong type for reading.celsius: expected a number, got string "warm"' })
        .first()
        .waitFor({ timeout: 20000 });
      await page.locator('.monaco-hover', { hasText: 'celsius ← reading.celsius · DOUBLE' }).first().waitFor({ timeout: 10000 });
      await page.screenshot({ path: path.join(OUT, 'log-type-error.png') });
      await item.screenshot({ path: path.join(OUT, 'log-status-bar.png') });
      await page.keyboard.press('Escape');
    },
  ],
  [
    'foreign keys: an orphan reference has a squiggle, and its hover says it does not resolve',
    async (page) => {
      await quickOpen(page, 'parcels.csv');
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      await squiggle.waitFor({ timeout: 60000 });
      await pointAt(page, squiggle);
      await page
        .locator('.monaco-hover', { hasText: 'Value ("EAST", 7) of (site, bay) in row 4 is not in warehouses (site, bay)' })
        .first()
        .waitFor({ timeout: 20000 });
      await page
        .locator('.monaco-hover', { hasText: 'does not resolve: no row of warehouses (site, bay) holds ("EAST", 7).' })
        .first()
        .waitFor({ timeout: 10000 });
      await page.screenshot({ path: path.join(OUT, 'foreign-key-orphan.png') });
      await page.keyboard.press('Escape');
    },
  ],
  [
    'the ingest command from the Explorer context menu shows its progress notification',
    async (page) => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'logs' }).first().click();
      // The command is enabled once the workbench has set isWorkspaceTrusted, which can come after the first
      // right-click: reopen the menu until the item is enabled (bounded).
      const enabledItem = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: 'Ingest into MySQL…' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'chat-big.jsonl' }).first().click({ button: 'right' });
        const enabled = await enabledItem.waitFor({ timeout: 1000 }).then(
          () => true,
          () => false,
        );
        if (enabled) break;
        if (attempt === 20) throw new Error('the ingest command stayed disabled in the Explorer menu');
        await page.keyboard.press('Escape');
      }
      // The workbench's menus act on keyboard selection; a synthetic click on the label is not enough.
      await enabledItem.hover();
      await page.keyboard.press('Enter');
      // The workspace has two profiles (test/e2e/workspace.ts): pick the plain one.
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'failover' }).first().waitFor({ timeout: 20000 });
      await page.keyboard.type('local');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget input[type="password"]', { state: 'visible', timeout: 20000 });
      await page.keyboard.type(localMariadb().password);
      await page.keyboard.press('Enter');
      await page.locator('.notification-toast', { hasText: 'Loadline: ingesting chat-big.jsonl' }).first().waitFor({ timeout: 30000 });
      await page
        .locator('.notification-toast', { hasText: /\d+% · [1-9][\d,]* rows\/s · [1-9]/ })
        .first()
        .waitFor({ timeout: 30000 });
      await page.screenshot({ path: path.join(OUT, 'ingest-progress.png') });
      await page.locator('.notification-toast', { hasText: 'Loadline: loaded chat-big.jsonl' }).first().waitFor({ timeout: 180000 });
      await page.screenshot({ path: path.join(OUT, 'ingest-done.png') });
    },
  ],
  [
    'Preview Ingest shows the rows a CSV would load beside its rejects',
    async (page) => {
      // Its tab is open from the typed-contract check; the ingest's summary toast may hold the keyboard's focus.
      await page.locator('.tab', { hasText: 'shops.csv' }).first().click();
      await page.locator('.tab.active', { hasText: 'shops.csv' }).first().waitFor({ timeout: 20000 });
      await command(page, 'Loadline: Preview Ingest');
      // A webview is an iframe in an iframe; its page is static (no scripts).
      const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await view.locator('td', { hasText: '2022-06-05' }).first().waitFor({ timeout: 30000 });
      await view.locator('aside li', { hasText: 'Value "12x" in shop_id (row 3) is not an integer' }).first().waitFor({ timeout: 10000 });
      await page.screenshot({ path: path.join(OUT, 'ingest-preview.png') });
    },
  ],
  [
    'the snippet QuickPick lists the catalog by category and inserts the chosen one',
    async (page) => {
      // The preview's webview holds the focus: give it back to a text editor, where the snippet goes.
      await page.locator('.tab', { hasText: 'shops.csv' }).first().click();
      await page.locator('.tab.active', { hasText: 'shops.csv' }).first().waitFor({ timeout: 20000 });
      await insertTcpdumpSnippet(page, () => page.screenshot({ path: path.join(OUT, 'snippet-quickpick.png') }));
    },
  ],
];

async function main(): Promise<number> {
  fs.mkdirSync(OUT, { recursive: true });
  const workspace = prepareWorkspace({ bigLogLines: 300000 });
  const run = fs.mkdtempSync(path.join(ROOT, 'ui-run-'));
  const port = 20000 + (process.pid % 20000);
  // No MYSQL_PWD from the caller's shell: this test types the password into the extension's prompt.
  const { MYSQL_PWD: _, ...callerEnv } = process.env;
  const env = { ...callerEnv, RUN: run, USER_SETTINGS: JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern' }) };
  execFileSync(
    path.join(ROOT, 'cs', 'node_modules', '.bin', 'code-server'),
    ['--extensions-dir', path.join(run, 'exts'), '--user-data-dir', path.join(run, 'ud'), '--install-extension', VSIX],
    {
      env: {
        ...env,
        PATH: `${path.join(ROOT, 'node24', 'node_modules', 'node', 'bin')}:${process.env.PATH}`,
        XDG_CONFIG_HOME: path.join(run, 'xdg', 'config'),
        XDG_DATA_HOME: path.join(run, 'xdg', 'data'),
      },
      stdio: 'ignore',
    },
  );
  execFileSync('bash', [path.join(HOST, 'start-code-server.sh'), ROOT, String(port), workspace.folder], { env, stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace.folder)}`);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });
    for (const [name, check] of checks) {
      try {
        await check(page);
        console.log(`  ✔ UI: ${name}`);
      } catch (error) {
        failed++;
        const shot = path.join(OUT, `failure-${checks.findIndex((c) => c[0] === name) + 1}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        console.log(`  ✖ UI: ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (screenshot ${shot})`);
        await page.keyboard.press('Escape');
      }
    }
  } finally {
    await browser.close();
    execFileSync('bash', [path.join(HOST, 'stop-code-server.sh'), path.join(run, 'code-server.pid')]);
    fs.rmSync(run, { recursive: true, force: true });
    fs.rmSync(workspace.folder, { recursive: true, force: true });
    sql(`DROP DATABASE IF EXISTS \`${workspace.database}\``);
  }
  console.log(`UI test: ${checks.length - failed} passed, ${failed} failed (screenshots in test-results/)`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`UI test could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

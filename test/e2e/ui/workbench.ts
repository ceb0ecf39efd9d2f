import { Page } from 'playwright-core';

/** Opens a quick input with `key`, types `text` and accepts the entry showing `text`. */
export async function pick(page: Page, key: string, text: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Enter');
}

export const command = (page: Page, title: string) => pick(page, 'F1', title);
export const quickOpen = (page: Page, file: string) => pick(page, 'Control+P', file);

/**
 * Picks the tcpdump snippet from "Loadline: Insert Sysadmin Snippet" (after the catalog shows) and waits for it
 * in the editor; `shoot` runs while the QuickPick is open.
 */
export async function insertTcpdumpSnippet(page: Page, shoot: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
  await command(page, 'Loadline: Insert Sysadmin Snippet');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Free disk: largest directories here' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.type('tcpdump');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Network: capture HTTP request and response headers' })
    .first()
    .waitFor({ timeout: 20000 });
  await shoot();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'tcpdump' }).first().waitFor({ timeout: 20000 });
}

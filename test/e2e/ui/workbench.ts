import { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget input';

/**
 * Opens a quick input with `key`, fills it with `prefix` + `text` and accepts the entry showing `text`. The value is
 * set with `fill`, not typed: under load the first keystrokes can reach the input before it has focus.
 */
async function pick(page: Page, key: string, prefix: string, text: string): Promise<void> {
  if (await page.locator('.quick-input-widget').first().isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await page.waitForSelector(QUICK_INPUT, { state: 'visible' });
  await page.locator(QUICK_INPUT).fill(prefix + text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 60000 });
  await page.keyboard.press('Enter');
}

export const command = (page: Page, title: string) => pick(page, 'F1', '>', title);
export const quickOpen = (page: Page, file: string) => pick(page, 'Control+P', '', file);

/**
 * Picks the tcpdump snippet from "Loadline: Insert Sysadmin Snippet" (after the catalog shows) and waits for it
 * in the editor; `shoot` runs while the QuickPick is open.
 */
export async function insertTcpdumpSnippet(page: Page, shoot: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
  await command(page, 'Loadline: Insert Sysadmin Snippet');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Free disk: largest directories here' }).first().waitFor({ timeout: 20000 });
  await page.locator(QUICK_INPUT).fill('tcpdump');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Network: capture HTTP request and response headers' })
    .first()
    .waitFor({ timeout: 20000 });
  await shoot();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'tcpdump' }).first().waitFor({ timeout: 20000 });
}

/**
 * Rests the mouse on the middle of `target`, which opens the editor's hover there. A squiggle lies under the text
 * layer, which takes the pointer events, so Playwright's own hover (which checks what receives them) refuses it.
 */
export async function pointAt(page: Page, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the element to point at is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

// Renders the extension's icon from its source: node scripts/render-icon.mjs (needs Debian's chromium, which
// `npm test` installs). images/icon.svg is the design; images/icon.png, 256×256, is what the Marketplace shows.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${readFileSync('images/icon.svg', 'utf8')}`);
await page.locator('svg').screenshot({ path: 'images/icon.png', omitBackground: true });
await browser.close();
console.log('rendered images/icon.png');

// Runs the extension's mocha suite in code-server's Node extension host. code-server's CLI rejects
// --extensionDevelopmentPath/--extensionTestsPath, but its workbench takes them from the URL's payload
// (when started with enable-smoke-test-driver) and reports the result through window.codeAutomationExit.
// Usage: node runExtensionTests.js BASE_URL EXTENSION_DIR TESTS_MODULE FOLDER
import * as util from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../ui/browser';

const [base, extensionDir, testsModule, folder] = process.argv.slice(2);
/** The workbench's own chatter: marketplace lookups (no network here) and connection set-up. */
const WORKBENCH_NOISE =
  /open-vsx\.org|^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\])/;
const TIMEOUT_MS = Number(process.env.EXT_TEST_TIMEOUT_MS ?? 240000);

async function main(): Promise<number> {
  if (!base || !extensionDir || !testsModule || !folder) {
    console.error('usage: runExtensionTests.js BASE_URL EXTENSION_DIR TESTS_MODULE FOLDER');
    return 2;
  }
  const remote = (p: string) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsModule)],
  ];
  const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    let finish: (code: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(args ?? []));
      if (!WORKBENCH_NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    const timer = setTimeout(() => {
      console.error(`extension tests: no result after ${TIMEOUT_MS} ms`);
      finish(124);
    }, TIMEOUT_MS);
    await page.goto(url);
    const code = await finished;
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`extension tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

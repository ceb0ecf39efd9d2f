// The usual @vscode/test-electron entry point. Where VS Code cannot be downloaded, test/run.sh sets
// VSCODE_EXECUTABLE to host/code-test-shim.sh and the same suite runs inside code-server instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { localMariadb } from '../support/mariadb';
import { prepareWorkspace } from './workspace';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const workspace = prepareWorkspace();
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'suite', 'index'),
      launchArgs: [workspace.folder, '--disable-extensions'],
      extensionTestsEnv: { ...workspace.env, MYSQL_PWD: localMariadb().password },
    });
  } finally {
    fs.rmSync(workspace.folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`end-to-end tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

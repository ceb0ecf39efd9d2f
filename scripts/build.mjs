// The one bundle step: the extension, the language server (+ its validation worker), the CLI and the ingest worker.
import { build } from 'esbuild';
import { copyFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

// Some dependencies ship only ESM that reads import.meta.url; give the CommonJS bundle its own.
const importMetaUrl = { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" };
const common = { bundle: true, mainFields: ['module', 'main'], define: { 'import.meta.url': '__importMetaUrl' }, banner: importMetaUrl, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const shebang = { js: `#!/usr/bin/env node\n${importMetaUrl.js}` };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: shebang }),
  build({ ...common, entryPoints: ['server/src/validateWorkerMain.ts'], outfile: 'dist/validate-worker.js' }),
  build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: shebang }),
  build({ ...common, entryPoints: ['shared/src/ingest/worker.ts'], outfile: 'dist/ingest-worker.js' }),
]);

// Editor snippets are generated from the catalog in shared/, so the two cannot drift apart.
const catalog = await build({ ...common, entryPoints: ['shared/src/snippets/codeSnippetsFile.ts'], write: false, outfile: 'catalog.js', sourcemap: false });
const module = { exports: {} };
new Function('module', 'exports', 'require', '__filename', catalog.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url), 'catalog.js');
mkdirSync('dist', { recursive: true });
writeFileSync('dist/shellscript.code-snippets', module.exports.codeSnippetsFileText());
// The contract's JSON Schema, for VS Code's JSON language features (package.json's jsonValidation).
copyFileSync('shared/src/contract/loadline.schema.json', 'dist/loadline.schema.json');

// The one bundle step: the extension, the language server (+ its validation worker), the CLI and the ingest
// worker, then the generated snippets and the contract schema. `--watch` rebuilds the bundles on every change.
import { build, context } from 'esbuild';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const { version, publisher, name } = JSON.parse(readFileSync('package.json', 'utf8'));

/** The exports of a CommonJS bundle built in memory. */
function evaluate(code, filename) {
  const module = { exports: {} };
  new Function('module', 'exports', 'require', '__filename', code)(module, module.exports, createRequire(import.meta.url), filename);
  return module.exports;
}

// Some dependencies ship only ESM that reads import.meta.url; give the CommonJS bundle its own.
const importMetaUrl = { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" };
const shebang = { js: `#!/usr/bin/env node\n${importMetaUrl.js}` };
// The server's flags (client/src/extension.ts passes the same when VS Code starts it; a test checks the two):
// a 1 MB young generation keeps a long session's RSS flat (npm run bench:soak).
const serverShebang = { js: `#!/usr/bin/env -S node --max-semi-space-size=1\n${importMetaUrl.js}` };
/** Says when a rebuild starts and ends, for the watch task's problem matcher in .vscode/tasks.json. */
const announce = {
  name: 'announce',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log(`[watch] build started: ${build.initialOptions.outfile}`));
    build.onEnd((result) => console.log(`[watch] build finished: ${build.initialOptions.outfile}, ${result.errors.length} errors`));
  },
};
/** The bin entries run through their shebangs, as editors and shells start them: executable as they are written. */
const executable = {
  name: 'executable',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) chmodSync(build.initialOptions.outfile, 0o755);
    });
  },
};
/**
 * The CLI's ingest command, with the ingest code and mysql2, is a bundle of its own that cli.js loads only
 * when the command runs: `validate` starts without reading them (test/cli/validateStartup.test.ts).
 */
const INGEST_COMMAND = 'dist/cli-ingest.js';
const ingestApart = {
  name: 'ingest-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/ingestCommand$/ }, () => ({ path: `./${INGEST_COMMAND.slice('dist/'.length)}`, external: true }));
  },
};
/**
 * Made in a process that runs the bundle, as the bin does, through `validate` of a 3-line file: the cache then
 * holds the functions a check compiles as well as the top level (a start took 0.12-0.13 s of CPU against
 * 0.14-0.15 s with a cache of the top level alone). Its first line is the SHA-256 of the text it was made from.
 */
const CACHE_WRITER = `
const [file, out] = process.argv.slice(1);
const fs = require('fs'), path = require('path'), vm = require('vm'), Module = require('module'), { createHash } = require('crypto');
const source = fs.readFileSync(file, 'utf8');
const script = new vm.Script(Module.wrap(source), { filename: file });
process.argv = [process.execPath, file, 'validate', 'shops.csv'];
process.on('exit', () => fs.writeFileSync(out, Buffer.concat([Buffer.from(createHash('sha256').update(source).digest('hex') + '\\n', 'latin1'), script.createCachedData()])));
const main = { exports: {} };
script.runInThisContext().call(main.exports, main.exports, Module.createRequire(file), main, file, path.dirname(file));
`;
/**
 * V8's code cache of the CLI's bundle, which its bin (cli/src/cachedStart.ts) compiles with; the bin checks the
 * SHA-256, since V8 itself checks only the text's length.
 */
const codeCache = {
  name: 'code-cache',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const file = path.resolve(build.initialOptions.outfile);
      const dir = mkdtempSync(path.join(tmpdir(), 'loadline-code-cache-'));
      writeFileSync(path.join(dir, 'shops.csv'), 'id,name\n1,a\n2,b\n');
      writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { id: { required: true } } }] }));
      rmSync(`${file}.cache`, { force: true });
      const run = spawnSync(process.execPath, ['-e', CACHE_WRITER, file, `${file}.cache`], { cwd: dir, encoding: 'utf8' });
      rmSync(dir, { recursive: true, force: true });
      if (run.status !== 0 || !existsSync(`${file}.cache`)) {
        console.error(`the code cache of ${build.initialOptions.outfile} was not made: ${run.stderr}`);
        process.exitCode = 1;
      }
    });
  },
};
/**
 * commander requires child_process (and with it net and streams: about 4 ms of every start) for subcommands that
 * are programs of their own, which the CLI has none of: it gets a stand-in that requires the module when used.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) =>
      importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};
const common = {
  bundle: true,
  mainFields: ['module', 'main'],
  // From package.json, for `loadline --version` and the reports that name the tool (cli/src/version.ts).
  define: {
    'import.meta.url': '__importMetaUrl',
    LOADLINE_VERSION: JSON.stringify(version),
    LOADLINE_INFORMATION_URI: JSON.stringify(`https://marketplace.visualstudio.com/items?itemName=${publisher}.${name}`),
  },
  banner: importMetaUrl,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Smaller bundles load faster and keep the .vsix small; the source maps beside them keep stack traces readable,
  // and keepNames keeps the class and function names that libraries and error messages read.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  plugins: [announce],
  // The core's public entry, from source (tests under out/ reach the compiled one through node_modules).
  alias: { '@loadline/shared': './shared/src/index.ts' },
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: serverShebang, plugins: [announce, executable] },
  { entryPoints: ['server/src/validateWorkerMain.ts'], outfile: 'dist/validate-worker.js' },
  // The bin is a small loader that runs the CLI's bundle from its code cache. The bundle's import() of the ingest
  // bundle becomes a require(): a script compiled by the vm module has no loader for import().
  { entryPoints: ['cli/src/cachedStart.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [announce, executable] },
  {
    entryPoints: ['cli/src/main.ts'],
    outfile: 'dist/cli-main.js',
    plugins: [announce, ingestApart, lazyChildProcess, codeCache],
    supported: { 'dynamic-import': false },
  },
  { entryPoints: ['cli/src/ingestCommand.ts'], outfile: INGEST_COMMAND },
  { entryPoints: ['cli/src/checkRangeWorker.ts'], outfile: 'dist/check-range-worker.js' },
  // Without keepNames: its helper ran for every closure a row created (issue 24's profile), and nothing in the
  // worker reads a class's or a function's name (errors cross to the main thread as kinds and messages).
  { entryPoints: ['shared/src/ingest/run/rangeWorker.ts'], outfile: 'dist/ingest-worker.js', keepNames: false },
];
// The browser build (vscode.dev, github.dev): the extension and the language server in a Web Worker. Node's
// built-ins are left unresolved so that the ingest half of the core, which the tree-shaking drops, needs no
// stand-ins; `browserOnly` then fails the build if any of them is still imported.
const builtins = builtinModules.flatMap((name) => [name, `node:${name}`]);
const browserOnly = {
  name: 'browser-only',
  setup(build) {
    build.onEnd((result) => {
      const output = result.metafile?.outputs[build.initialOptions.outfile];
      if (!output) return;
      const leaked = output.imports.filter((i) => i.path !== 'vscode').map((i) => i.path);
      if (leaked.length > 0) {
        // An error an onEnd callback adds does not fail a rebuild (esbuild still writes the bundle): fail the build here.
        console.error(`${build.initialOptions.outfile} imports Node modules a browser lacks: ${[...new Set(leaked)].join(', ')}`);
        process.exitCode = 1;
      } else console.log(`browser bundle ${build.initialOptions.outfile}: ${(output.bytes / 1024).toFixed(0)} KB, no Node built-ins`);
    });
  },
};
const web = {
  platform: 'browser',
  target: 'es2022',
  banner: {},
  define: { LOADLINE_VERSION: common.define.LOADLINE_VERSION },
  mainFields: ['browser', 'module', 'main'],
  metafile: true,
  external: builtins,
};
const webBundles = [
  { ...web, entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode', ...builtins] },
  { ...web, entryPoints: ['server/src/browserServer.ts'], outfile: 'dist/web/server.js', format: 'iife' },
].map((options) => ({ ...options, plugins: [announce, browserOnly] }));

// The config's JSON Schema validators, compiled here rather than at every start (Ajv's standalone code, the same
// checks and messages). Build output beside the source so that tsc (out/) and the bundles both take it.
const VALIDATORS = 'shared/src/contract/parse/configValidators.ts';
const configSchema = await build({
  ...common,
  plugins: [],
  entryPoints: ['shared/src/contract/parse/configSchema.ts'],
  write: false,
  outfile: 'schema.js',
  sourcemap: false,
});
const { inlinedSchema, VALIDATOR_REFS } = evaluate(configSchema.outputFiles[0].text, 'schema.js');
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, code: { source: true, esm: true } });
ajv.addSchema(inlinedSchema);
const validatorCode = standaloneCode(ajv, VALIDATOR_REFS);
const validatorText = `// @ts-nocheck\n// Generated by scripts/build.mjs from loadline.schema.json: do not edit.\n${validatorCode}\n`;
if (!existsSync(VALIDATORS) || readFileSync(VALIDATORS, 'utf8') !== validatorText) writeFileSync(VALIDATORS, validatorText);

const contexts = await Promise.all([...bundles, ...webBundles].map((options) => context({ ...common, ...options })));

// Editor snippets are generated from the catalog in shared/, so the two cannot drift apart.
const catalogContext = await context({
  ...common,
  plugins: [],
  entryPoints: ['shared/src/snippets/codeSnippetsFile.ts'],
  write: false,
  outfile: 'catalog.js',
  sourcemap: false,
});
const catalog = await catalogContext.rebuild();
await catalogContext.dispose();
mkdirSync('dist', { recursive: true });
writeFileSync('dist/shellscript.code-snippets', evaluate(catalog.outputFiles[0].text, 'catalog.js').codeSnippetsFileText());
// The contract's JSON Schema, for VS Code's JSON language features (package.json's jsonValidation).
copyFileSync('shared/src/contract/loadline.schema.json', 'dist/loadline.schema.json');

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching client/, server/, cli/ and shared/ (Ctrl+C to stop)');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

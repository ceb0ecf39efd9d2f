// Packs the built CLI and language server (run npm run build first) into dist/loadline-<version>.tgz: an npm
// package with the bins `loadline` and `loadline-ls`, the esbuild bundles only, so it installs offline
// (`npm install -g dist/loadline-<version>.tgz`) with no runtime dependencies and no VS Code packages.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// What the two bins load at run time, beside them: the CLI's bundle and its code cache (cli/src/cachedStart.ts), the
// ingest command's bundle, the CLI's range threads, and the workers both start (shared/src/childScripts.ts). The
// source maps stay out: nothing installed reads them.
const CLI_PACKAGE_FILES = [
  'cli.js',
  'cli-main.js',
  'cli-main.js.cache',
  'cli-ingest.js',
  'check-range-worker.js',
  'server.js',
  'validate-worker.js',
  'ingest-worker.js',
];

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const missing = CLI_PACKAGE_FILES.filter((file) => !existsSync(path.join(dist, file)));
if (missing.length > 0) {
  console.error(`package-cli: dist/ lacks ${missing.join(', ')}: run npm run build first`);
  process.exit(1);
}

const stage = path.join(root, '.cache', 'package-cli');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const file of CLI_PACKAGE_FILES) copyFileSync(path.join(dist, file), path.join(stage, file));
copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
writeFileSync(
  path.join(stage, 'README.md'),
  `# loadline\n\n${manifest.description}\n\nThe \`loadline\` CLI (\`loadline validate\`, \`loadline ingest\`, \`loadline infer\`) and the ` +
    `\`loadline-ls\` language server (\`loadline-ls --stdio\`), bundled with no runtime dependencies.\n`,
);
const cliManifest = {
  name: manifest.name,
  version: manifest.version,
  description: manifest.description,
  license: manifest.license,
  keywords: manifest.keywords,
  engines: { node: manifest.engines.node },
  bin: { loadline: 'cli.js', 'loadline-ls': 'server.js' },
  files: CLI_PACKAGE_FILES,
};
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(cliManifest, null, 2)}\n`);

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dist], { cwd: stage, encoding: 'utf8' }))[0];
console.log(`packaged dist/${packed.filename}: ${(packed.size / 1024 / 1024).toFixed(2)} MiB, ${packed.entryCount} files`);

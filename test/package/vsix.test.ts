// Packages the built extension and lists the .vsix: every file the manifest names must be inside it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { childScripts } from '../../shared/src/childScripts';
import { isRelative, linksOf, target } from '../support/markdownLinks';
import { REPO_ROOT } from '../support/run';

interface Manifest {
  main: string;
  browser: string;
  icon: string;
  contributes: { grammars: { path: string }[]; snippets: { path: string }[]; jsonValidation: { url: string }[] };
}

describe('the packaged .vsix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-vsix-'));
  const vsix = path.join(dir, 'loadline.vsix');
  let entries: Set<string>;
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const inPackage = (p: string) => `extension/${path.posix.normalize(p.replace(/^\.\//, ''))}`;

  before(() => {
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'package.sh'), vsix], { cwd: REPO_ROOT, stdio: 'pipe' });
    entries = new Set(execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds every path the manifest names: main, browser, grammars, snippets, jsonValidation, icon', () => {
    const named = [
      manifest.main,
      manifest.browser,
      ...manifest.contributes.grammars.map((g) => g.path),
      ...manifest.contributes.snippets.map((s) => s.path),
      ...manifest.contributes.jsonValidation.map((j) => j.url).filter((u) => !/^https?:/.test(u)),
      manifest.icon,
    ];
    assert.ok(named.length >= 7);
    const missing = named.filter((p) => !entries.has(inPackage(p)));
    assert.deepEqual(missing, [], `not in the .vsix: ${missing.join(', ')}`);
  });

  it('holds the scripts the extension starts: the server and both workers', () => {
    const dist = path.join(REPO_ROOT, 'dist');
    for (const script of Object.values(childScripts(dist))) assert.ok(entries.has(inPackage(path.relative(REPO_ROOT, script))), script);
  });

  it('holds only what runs: the bundles VS Code starts, and no CLI', () => {
    const bundles = [...entries].filter((e) => e.startsWith('extension/dist/')).sort();
    assert.deepEqual(
      bundles,
      [
        'extension.js',
        'ingest-worker.js',
        'loadline.schema.json',
        'server.js',
        'shellscript.code-snippets',
        'validate-worker.js',
        'web/extension.js',
        'web/server.js',
      ].map((file) => `extension/dist/${file}`),
    );
  });

  // 2.08 MiB since patterns run on RE2 (re2js, about 140 KB in each bundle that checks a contract), 2.39 MiB
  // since the README shows a log's and a foreign key's hover (two screenshots of about 125 KB), 2.60 MiB since a
  // mapping's JSON Schema is checked with Ajv in both servers (about 160 KB each): the budget still fails on a
  // stray source map or dependency, which weigh megabytes.
  it('is small: under 3 MiB, its size printed', (t) => {
    const bytes = fs.statSync(vsix).size;
    t.diagnostic(`loadline.vsix: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes), ${entries.size} files`);
    assert.ok(bytes < 3 * 1024 * 1024, `${bytes} bytes`);
  });

  it('has a PNG icon of at least 128×128', () => {
    const png = fs.readFileSync(path.join(REPO_ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `${png.readUInt32BE(16)}×${png.readUInt32BE(20)}`);
  });

  // The README is the marketplace page, and VS Code shows it with its relative links resolved inside the
  // installed extension (scripts/package.sh keeps them relative): what it and the docs it links to name must be
  // packaged too. vsce stores README.md and CHANGELOG.md under lower-case names.
  it('resolves every relative link and image of its Markdown documents inside the package', () => {
    const renamed: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md' };
    const packaged = (file: string) => inPackage(renamed[file] ?? file);
    const inRepo = (entry: string) => Object.keys(renamed).find((file) => packaged(file) === entry) ?? entry.replace(/^extension\//, '');
    const documents = [...entries].filter((e) => e.endsWith('.md')).map((e) => path.join(REPO_ROOT, inRepo(e)));
    assert.ok(documents.includes(path.join(REPO_ROOT, 'README.md')), documents.join(', '));
    const outside = documents
      .flatMap(linksOf)
      .filter((link) => isRelative(link.href) && !entries.has(packaged(path.relative(REPO_ROOT, target(link, REPO_ROOT).file))))
      .map((link) => `${path.relative(REPO_ROOT, link.file)}:${link.line}: ${link.href}`);
    assert.deepEqual(outside, []);
  });

  it('holds no sources, tests or maps', () => {
    const stray = [...entries].filter((e) => /\.(ts|map)$/.test(e) || /^extension\/(test|shared|server|client|cli|node_modules)\//.test(e));
    assert.deepEqual(stray, []);
  });
});

describe('the server is started with the same Node flags everywhere', () => {
  it("dist/server.js's shebang carries the flags the extension passes", () => {
    const shebang = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'server.js'), 'utf8').split('\n')[0];
    const source = fs.readFileSync(path.join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    const flags = JSON.parse(/SERVER_NODE_FLAGS = (\[.*\]);/.exec(source)![1].replace(/'/g, '"')) as string[];
    assert.equal(shebang, `#!/usr/bin/env -S node ${flags.join(' ')}`);
    assert.ok(fs.statSync(path.join(REPO_ROOT, 'dist', 'server.js')).mode & 0o100, 'executable');
  });
});

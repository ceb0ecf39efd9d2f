import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './run';

export const { version: VERSION } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/** Packs the CLI and language server (scripts/package-cli.mjs, as `npm run package:cli` after its build); returns the tarball. */
export function packCli(): string {
  const tarball = path.join(REPO_ROOT, 'dist', `loadline-${VERSION}.tgz`);
  fs.rmSync(tarball, { force: true });
  execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'package-cli.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
  return tarball;
}

/** Packs the CLI and installs it offline into `prefix`, as `npm install -g` does; returns the folder of the installed bins. */
export function installCliPackage(prefix: string): string {
  // An absolute path: npm reads `dist/x.tgz` as a GitHub repository.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', packCli()], { cwd: path.dirname(prefix), stdio: 'pipe' });
  return path.join(prefix, 'bin');
}

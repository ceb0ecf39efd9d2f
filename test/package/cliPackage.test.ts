// Packs the CLI and language server (npm run package:cli), installs the tarball offline into an empty prefix,
// and runs what it put on PATH, far from this repository's node_modules: the CLI on the examples (the ingest
// bundle and both kinds of worker included), and `loadline-ls --stdio` through a real LSP exchange.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { childScripts } from '../../shared/src/childScripts';
import { LspClient, TEST_SETTINGS } from '../support/lspClient';
import { installCliPackage, VERSION } from '../support/cliPackage';
import { COMPILED_SCRIPTS, compiledScripts } from '../support/compiledScripts';
import { REPO_ROOT } from '../support/run';

interface PackedManifest {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies?: unknown;
  optionalDependencies?: unknown;
  peerDependencies?: unknown;
}

describe('the CLI package (npm run package:cli), installed offline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-cli-package-'));
  const prefix = path.join(dir, 'prefix');
  const work = path.join(dir, 'examples');
  const bin = (name: string) => path.join(prefix, 'bin', name);
  /** Runs an installed bin through its shebang, as a shell would, with only the prefix's bin/ added to PATH. */
  const run = (name: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(bin(name), args, {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, ...env, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}` },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(() => {
    installCliPackage(prefix);
    fs.cpSync(path.join(REPO_ROOT, 'examples'), work, { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is named loadline, has the two bins and no runtime dependencies, and holds no VS Code package', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'loadline');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackedManifest;
    assert.equal(manifest.name, 'loadline');
    assert.equal(manifest.version, VERSION);
    assert.deepEqual(manifest.bin, { loadline: 'cli.js', 'loadline-ls': 'server.js' });
    assert.deepEqual([manifest.dependencies, manifest.optionalDependencies, manifest.peerDependencies], [undefined, undefined, undefined]);
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'the install brought node_modules');
    // The ingest worker runs only against a database: that it is where the CLI looks for it is checked here.
    for (const script of Object.values(childScripts(installed))) assert.ok(fs.existsSync(script), script);
    for (const file of fs.readdirSync(installed).filter((f) => f.endsWith('.js'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(installed, file), 'utf8'), /require\(["']vscode["']\)/, file);
    }
  });

  it('loadline --version prints the version of package.json, started from the code cache installed beside the bundle', () => {
    const hook = path.join(dir, 'compiledScripts.js');
    fs.writeFileSync(hook, COMPILED_SCRIPTS);
    const result = run('loadline', ['--version'], { NODE_OPTIONS: `--require ${hook}` });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), VERSION);
    assert.deepEqual(compiledScripts(result.stderr), [{ cached: true, rejected: false }]);
  });

  it('loadline validate exits 1 on the examples, 0 on a clean file, 2 on a missing path', () => {
    const failing = run('loadline', ['validate']);
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /^imports\/missing-header\.csv:1:1: error missing-label /m);
    assert.match(failing.stdout, /^typed\/orders\.csv:4:5: error type-error /m);
    const clean = run('loadline', ['validate', 'imports/shops.csv']);
    assert.deepEqual([clean.status, clean.stdout], [0, ''], clean.stderr);
    const missing = run('loadline', ['validate', 'imports/nowhere.csv']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere\.csv/);
  });

  it('loadline validate checks a large file on range threads (check-range-worker.js)', () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i + 1},Shop number ${i + 1},yes\n`);
    fs.writeFileSync(path.join(work, 'imports', 'large.csv'), `shop_id,shop_name,platinum_member\n${rows.join('')},No id,no\n`);
    assert.ok(fs.statSync(path.join(work, 'imports', 'large.csv')).size > 8 << 20, 'smaller than the parallel check needs');
    const result = run('loadline', ['validate', '--workers', '2', 'imports/large.csv']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, 'imports/large.csv:400002:1: error required Missing required value shop_id for row 400002\n');
  });

  it('loadline ingest --dry-run maps the example log (cli-ingest.js) and accounts for every line', () => {
    const result = run('loadline', ['ingest', '--dry-run', 'logs/orders.jsonl']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /lines {7}7\n {2}inserted {4}3\n {2}updated {5}1\n/);
    assert.match(result.stdout, /every line accounted for/);
  });

  it('loadline-ls --stdio answers initialize and publishes the diagnostics of a bad CSV (validate-worker.js)', async () => {
    const client = new LspClient({ ...TEST_SETTINGS }, { server: bin('loadline-ls'), cwd: work });
    try {
      const result = (await client.initialize(pathToFileURL(work).href)) as { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
      assert.ok(result.capabilities.textDocumentSync !== undefined, JSON.stringify(result));
      const uri = pathToFileURL(path.join(work, 'imports', 'missing-header.csv')).href;
      const published = client.nextDiagnostics(uri, (d) => d.diagnostics.length > 0);
      await client.open(uri, fs.readFileSync(path.join(work, 'imports', 'missing-header.csv'), 'utf8'));
      const codes = (await published).diagnostics.map((d) => d.code);
      assert.ok(codes.includes('missing-label'), codes.join(', '));
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
  });
});

// `loadline validate` starts without the ingest command's code: the ingest code and mysql2 are a bundle of their
// own (dist/cli-ingest.js) that cli.js reads only when `ingest` runs, and the config's JSON Schema is compiled at
// build time (a log's own JSON Schema, when a log needs it). Checked by what the process loads and what the bundles hold, not by time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { THREADS_PER_CORE } from '../../shared/src/csv/parallel/defaultThreads';
import { RANGE_BYTES } from '../../shared/src/csv/parallel/parallelCheck';
import { CLI, REPO_ROOT } from '../support/run';

/** Preloaded into the CLI: prints every module the main thread asked for, and the files it read as modules. */
const HOOK = `
const Module = require('module');
const { isMainThread } = require('worker_threads');
const requested = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { requested.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => {
  if (isMainThread) process.stderr.write('LOADED=' + JSON.stringify({ requested: [...requested], files: Object.keys(require.cache) }) + '\\n');
});
`;

function loadedBy(args: string[], cwd: string): { status: number | null; requested: string[]; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-startup-'));
  const hook = path.join(dir, 'hook.js');
  fs.writeFileSync(hook, HOOK);
  const result = spawnSync(process.execPath, ['--require', hook, CLI, ...args], { cwd, encoding: 'utf8' });
  const line = /^LOADED=(.*)$/m.exec(result.stderr);
  assert.ok(line, `no module list in: ${result.stderr}`);
  return { status: result.status, ...(JSON.parse(line[1]) as { requested: string[]; files: string[] }) };
}

// mysql2 asks for these when its code runs; nothing `validate` needs does.
const MYSQL_TRANSPORT = ['net', 'tls', 'node:net', 'node:tls'];
const INGEST_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli-ingest.js');

/** Preloaded into the CLI: counts the worker threads it starts. */
const COUNT_THREADS =
  "const threads = require('worker_threads'); const Worker = threads.Worker; let started = 0;\n" +
  'threads.Worker = class extends Worker { constructor(...args) { super(...args); started++; } };\n' +
  "process.on('exit', () => process.stderr.write(`THREADS=${started}\\n`));\n";

/** Preloaded into the CLI: counts the functions its main thread builds from source text (as Ajv's compiler does). */
const COUNT_FUNCTIONS =
  'const Original = Function; let built = 0;\n' +
  'globalThis.Function = new Proxy(Original, { construct: (t, a) => (built++, Reflect.construct(t, a)), apply: (t, s, a) => (built++, Reflect.apply(t, s, a)) });\n' +
  "process.on('exit', () => process.stderr.write(`FUNCTIONS=${built}\\n`));\n";

/** How many threads `loadline validate` starts to check `csv` under a contract of `headers`. */
function threadsFor(csv: string, headers: object, args: string[] = []): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-startup-'));
  fs.writeFileSync(path.join(dir, 'threads.js'), COUNT_THREADS);
  fs.writeFileSync(path.join(dir, 'shops.csv'), csv);
  fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers }] }));
  const result = spawnSync(process.execPath, ['--require', path.join(dir, 'threads.js'), CLI, 'validate', ...args, 'shops.csv'], {
    cwd: dir,
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(result.status, 0, result.stderr);
  return Number(/THREADS=(\d+)/.exec(result.stderr)?.[1]);
}

describe('loadline validate starts light', () => {
  it('loads neither mysql2 nor the ingest code for a 3-line file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-startup-'));
    fs.writeFileSync(path.join(dir, 'shops.csv'), 'id,name\n1,a\n2,b\n');
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { id: { required: true } } }] }));
    const loaded = loadedBy(['validate', 'shops.csv'], dir);
    assert.equal(loaded.status, 0);
    assert.deepEqual(
      loaded.requested.filter((m) => MYSQL_TRANSPORT.includes(m)),
      [],
    );
    assert.deepEqual(
      loaded.files.filter((f) => f === INGEST_BUNDLE || f.includes(`${path.sep}mysql2${path.sep}`)),
      [],
    );
  });

  it('compiles no JSON Schema at start: the config validators are compiled at build time', () => {
    // Ajv compiles a schema into a function (new Function); a log's own JSON Schema is compiled when a log needs it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-startup-'));
    fs.writeFileSync(path.join(dir, 'functions.js'), COUNT_FUNCTIONS);
    const functionsFor = (folder: string, file: string, text: string, config: object) => {
      fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, folder, file), text);
      fs.writeFileSync(path.join(dir, folder, '.loadline.json'), JSON.stringify(config));
      const args = ['--require', path.join(dir, 'functions.js'), CLI, 'validate', file];
      const result = spawnSync(process.execPath, args, { cwd: path.join(dir, folder), encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return Number(/FUNCTIONS=(\d+)/.exec(result.stderr)?.[1]);
    };
    assert.equal(functionsFor('csv', 'shops.csv', 'id,name\n1,a\n2,b\n', { contracts: [{ files: ['*.csv'], headers: { id: { required: true } } }] }), 0);
    // The count can tell: a mapping's JSON Schema is compiled (Ajv builds functions) when its config is checked.
    const ingest = [{ name: 'e', files: ['*.jsonl'], table: 'e', key: 'id', columns: { id: { from: 'id' } }, schema: { type: 'object' } }];
    assert.ok(functionsFor('log', 'events.jsonl', '{"id":"a"}\n', { ingest }) > 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks a short file on its own thread unless its contract has a watched rule (a pattern, a strptime format)', () => {
    const short = 'id,name\n2020,a\n2021,b\n';
    assert.equal(threadsFor(short, { id: { required: true }, name: { type: 'string', constraints: { maxLength: 3 } } }), 0);
    // A pattern's or a format's test has a budget, which only a thread can keep.
    assert.equal(threadsFor(short, { name: { type: 'string', constraints: { pattern: '[a-z]+' } } }), 1);
    assert.equal(threadsFor(short, { id: { type: 'date', format: '%Y' } }), 1);
  });

  it('starts no thread for a large file under a contract with no watched rule, and one fewer than --workers asks', () => {
    // Past SMALLEST_PARALLEL_FILE (8 MiB), so that --workers 2 checks it in ranges; the main thread checks one at a time.
    const large = `id,name\n${Array.from({ length: 800_000 }, (_, i) => `${i},name ${i}`).join('\n')}\n`;
    const untyped = { id: { required: true }, name: {} };
    assert.equal(threadsFor(large, untyped, ['--workers', '1']), 0);
    assert.equal(threadsFor(large, untyped, ['--workers', '2']), 1);
    assert.equal(threadsFor(large, { name: { type: 'string', constraints: { pattern: 'name [0-9]+' } } }, ['--workers', '2']), 2);
  });

  it('starts at most THREADS_PER_CORE threads per core and one per range, whatever --workers asks (hp24 02)', () => {
    const large = `id,name\n${Array.from({ length: 800_000 }, (_, i) => `${i},name ${i}`).join('\n')}\n`;
    const ranges = Math.ceil(Buffer.byteLength(large) / RANGE_BYTES);
    const watched = { name: { type: 'string', constraints: { pattern: 'name [0-9]+' } } };
    assert.equal(threadsFor(large, watched, ['--workers', '64']), Math.min(ranges, THREADS_PER_CORE * os.availableParallelism()));
  });

  it('checks a large file on one thread by default when nothing is typed, unique or keyed, and on every core otherwise', () => {
    const large = `id,name\n${Array.from({ length: 800_000 }, (_, i) => `${i},name ${i}`).join('\n')}\n`;
    // A second thread costs more CPU than it saves on a check that is little more than the parse (defaultThreads).
    assert.equal(threadsFor(large, { id: { required: true }, name: {} }), 0);
    // The main thread is one of the range threads: one per core, less one.
    assert.equal(threadsFor(large, { id: { type: 'integer' }, name: {} }), os.availableParallelism() - 1);
    assert.equal(threadsFor(large, { id: { required: true, constraints: { unique: true } }, name: {} }), os.availableParallelism() - 1);
  });

  it('loads the ingest bundle when ingest runs', () => {
    const rejects = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-startup-')), 'rejects.jsonl');
    const loaded = loadedBy(['ingest', 'examples/logs/orders.jsonl', '--dry-run', '--rejects', rejects], REPO_ROOT);
    assert.equal(loaded.status, 0);
    assert.ok(loaded.files.includes(INGEST_BUNDLE), loaded.files.join('\n'));
  });
});

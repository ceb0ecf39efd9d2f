import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

// A pre-commit hook passes every staged file, logs included: a log read as CSV failed with "Malformed quoted field".
describe('loadline validate given a JSON-lines log', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-logs-'));
    fs.writeFileSync(path.join(dir, 'events.jsonl'), '{"id":1,"msg":"say \\"hi\\", then go"}\n{"id":2}\n');
    fs.writeFileSync(path.join(dir, 'good.csv'), 'id,name\n1,a\n');
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists a log no mapping matches as not checked, never as a CSV with problems, and exits 0 when the rest is clean', () => {
    const result = runCli(['validate', 'events.jsonl', 'good.csv'], { cwd: dir });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, 'events.jsonl: information unchecked not checked: no mapping in its .loadline.json matches this log\n');
    assert.match(result.stderr, /^1 file checked \(1 JSON-lines log not checked: no mapping matches it\): 0 errors/m);
    const json = runCli(['validate', '--format', 'json', 'events.jsonl'], { cwd: dir });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [
      { file: 'events.jsonl', severity: 'information', code: 'unchecked', message: 'not checked: no mapping in its .loadline.json matches this log' },
    ]);
  });

  it('is a skipped test case in JUnit, and is not counted as checked in the step summary', () => {
    const summary = path.join(dir, 'summary.md');
    const result = runCli(['validate', '--format', 'junit', 'events.jsonl', 'good.csv'], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /<testcase name="events\.jsonl" classname="[^"]*">\s*<skipped message="no mapping in its \.loadline\.json matches this log"\/>/,
    );
    assert.match(result.stdout, /<testsuite [^>]*tests="2"[^>]*skipped="1"/);
    const text = fs.readFileSync(summary, 'utf8');
    assert.match(text, /^1 file checked: 0 errors, 0 warnings\.$/m);
    assert.match(text, /^- events\.jsonl: not checked, no mapping in its \.loadline\.json matches this log$/m);
  });
});

// A dry run writes its rejects beside the log, where the mapping's glob names them too (hp2527c 02).
describe("loadline validate on a folder that holds Loadline's own rejects files", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-rejects-'));
    fs.mkdirSync(path.join(dir, 'logs'));
    const mapping = {
      name: 'app',
      files: ['logs/*.jsonl'],
      table: 'app',
      key: 'id',
      columns: { id: { from: 'id', required: true }, n: { from: 'n', type: 'integer' } },
    };
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
    fs.writeFileSync(path.join(dir, 'logs', 'app.jsonl'), '{"id":"a","n":1}\n{"id":"b","n":"x"}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists them as not checked, and checks only the log', () => {
    const dry = runCli(['ingest', 'logs/app.jsonl', '--dry-run'], { cwd: dir });
    assert.equal(dry.status, 0, dry.stderr);
    // A later run moves the earlier rejects aside under a dated name: that one is not a log either.
    fs.writeFileSync(path.join(dir, 'logs', 'app.jsonl.app.1a2b3c4d.loadline-rejects.2026-12-06T12-30-00.jsonl'), '{"line":2}\n');
    const result = runCli(['validate', 'logs'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.stdout.split('\n').filter(Boolean).sort(), [
      'logs/app.jsonl.app.1a2b3c4d.loadline-rejects.2026-12-06T12-30-00.jsonl: information unchecked not checked: it is a rejects file that Loadline wrote, not a log',
      'logs/app.jsonl.app.dry-run.loadline-rejects.jsonl: information unchecked not checked: it is a rejects file that Loadline wrote, not a log',
      'logs/app.jsonl:2:15: error value-error wrong type for n: expected an integer, got string "x"',
    ]);
    assert.match(result.stderr, /^1 file checked \(2 rejects files of Loadline's own not checked\): 1 error, 0 other problems$/m);
  });
});

// hp25 02: `app.log`, which only a mapping's glob names, was read as a CSV and passed CI while the dry run and the
// editor rejected its line.
describe('loadline validate given a log that only a mapping names', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-named-log-'));
    const mapping = { name: 'app', files: ['**/*.log'], table: 'app', key: 'n', columns: { n: { from: 'n', type: 'integer' } } };
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
    fs.mkdirSync(path.join(dir, 'd'));
    fs.writeFileSync(path.join(dir, 'd', 'app.log'), '{"n":"bad"}\n{"n":2}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks it through that mapping, line for line as the dry run', () => {
    const result = runCli(['validate', '--format', 'json', 'd/app.log'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { line: number; code: string }[]).map((p) => [p.line, p.code]),
      [[1, 'value-error']],
    );
  });
});

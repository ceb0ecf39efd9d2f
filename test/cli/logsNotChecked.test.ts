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

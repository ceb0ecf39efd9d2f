// The reports word the same fault the same way: a CSV no contract applies to is "not checked" in the step summary
// as it is skipped in JUnit, never a clean row (hp26 12); a log under a broken .loadline.json is an invalid-config
// error like the CSV beside it, with that reason (hp26 17); a CSV under a broken Table Schema is a JUnit error
// of type invalid-config, as under a broken .loadline.json, not a failure of its data (hp26 08).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('reports of files under no contract or a broken one', () => {
  let dir: string;
  const folder = (name: string, files: Record<string, string>) => {
    const at = path.join(dir, name);
    fs.mkdirSync(at);
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(at, file), text);
    return at;
  };
  /** The JUnit test case of `file`, from its opening tag to its first child's. */
  const testCase = (xml: string, file: string) => xml.match(new RegExp(`<testcase name="${file.replace('.', '\\.')}"[^>]*>\\s*<[^>]*>`))?.[0] ?? xml;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-broken-reports-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists a CSV with no contract as not checked in the step summary, not as a row of 0 errors', () => {
    const cwd = folder('none', { 'a.csv': 'id\n1\n' });
    const summary = path.join(dir, 'summary.md');
    const result = runCli(['validate', 'a.csv'], { cwd, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
    assert.equal(result.status, 0, result.stderr);
    const text = fs.readFileSync(summary, 'utf8');
    assert.doesNotMatch(text, /\| a\.csv \|/, text);
    assert.match(text, /^- a\.csv: not checked, no contract applies to this file$/m);
  });

  it('makes a log under a broken .loadline.json an invalid-config error, as the CSV beside it, and says why', () => {
    const cwd = folder('log', {
      '.loadline.json': '{"ingest":[{"name":"m","files":["*.jsonl"],"table":"t","key":["id"],"columns":{"id":{"from":"id","type":"strin"}}}]}',
      'l.jsonl': '{"id":"a"}\n',
      'c.csv': 'id\n1\n',
    });
    const junit = runCli(['validate', '--format', 'junit'], { cwd });
    assert.equal(junit.status, 2, junit.stderr);
    assert.match(testCase(junit.stdout, 'c.csv'), /<error message="[^"]*\.loadline\.json is broken" type="invalid-config">/);
    assert.match(testCase(junit.stdout, 'l.jsonl'), /<error message="[^"]*\.loadline\.json is broken" type="invalid-config">/);
    const text = runCli(['validate'], { cwd });
    assert.match(text.stderr, /\(1 JSON-lines log not checked: its \.loadline\.json is broken\)/);
  });

  it('makes a CSV under a broken Table Schema a JUnit error of type invalid-config, as under a broken .loadline.json', () => {
    const cwd = folder('schema', {
      '.loadline.json': '{"contracts":[{"files":["*.csv"],"schema":"s.json"}]}',
      's.json': '{"fields":[{"name":"id",',
      'a.csv': 'id\n1\n',
    });
    const junit = runCli(['validate', '--format', 'junit'], { cwd });
    assert.equal(junit.status, 2, junit.stderr);
    assert.match(testCase(junit.stdout, 'a.csv'), /<error message="its contract cannot be read: the contract file s\.json is broken" type="invalid-config">/);
  });
});

// hp26's findings on the CI reports: SARIF past GitHub's limit of results per run, JUnit that stayed green or
// skipped when the run failed, names and cell values that forged lines, links or math in a report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { REPO_ROOT, runCli } from '../support/run';

const REQUIRED_ID = '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true }, "x": { "required": true } } } ] }';
const junit = (text: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => name === 'testcase' }).parse(text) as {
    testsuites: { testsuite: { tests: string; failures: string; errors: string; skipped: string; testcase: JunitCase[] } };
  };
interface JunitCase {
  name: string;
  failure?: { message: string; '#text'?: string };
  error?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
}

function multitoolErrors(dir: string, sarif: string): unknown[] {
  const file = path.join(dir, 'out.sarif');
  fs.writeFileSync(file, sarif);
  const checked = path.join(dir, 'multitool.sarif');
  const run = spawnSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool'),
    ['validate', file, '-o', checked, '--log', 'ForceOverwrite', '--max-file-size-in-kb', '100000'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return (JSON.parse(fs.readFileSync(checked, 'utf8')) as { runs: { results: { level?: string }[] }[] }).runs[0].results.filter((f) => f.level === 'error');
}

describe('reports past their limits', () => {
  let dir: string;
  before(() => {
    // 26 files of 1,500 errors, 1,000 listed and a too-many-problems note each: 26,026 problems listed.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-limits-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "type": "integer" } } } ] }');
    for (let k = 0; k < 26; k++) fs.writeFileSync(path.join(dir, `f${String(k).padStart(2, '0')}.csv`), 'id\n' + 'x\n'.repeat(1500));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("SARIF holds at most GitHub code scanning's 25,000 results per run, the errors first, and says how many it left out", () => {
    const result = runCli(['validate', '--format', 'sarif'], { cwd: dir, maxBuffer: 1 << 30 });
    assert.equal(result.status, 1, result.stderr);
    const run = (JSON.parse(result.stdout) as { runs: SarifRun[] }).runs[0];
    assert.equal(run.results.length, 25_000);
    assert.ok(run.results.every((r) => r.level === 'error'));
    assert.deepEqual(run.properties, { resultsLeftOut: 1026, resultsLeftOutByLevel: { error: 1000, warning: 0, note: 26 } });
    assert.match(
      run.invocations[0].toolExecutionNotifications[0].message.text,
      /^1026 more results left out: GitHub code scanning takes at most 25000 per run/,
    );
    assert.deepEqual(multitoolErrors(dir, result.stdout), []);
  });

  it('JUnit lists at most 25,000 problem lines, and says how many more each failing file has', () => {
    const result = runCli(['validate', '--format', 'junit'], { cwd: dir, maxBuffer: 1 << 30 });
    assert.equal(result.status, 1, result.stderr);
    const cases = junit(result.stdout).testsuites.testsuite.testcase;
    assert.equal(cases.length, 26);
    assert.ok(cases.every((c) => c.failure?.message === '1500 errors, 0 warnings'));
    const lines = cases.flatMap((c) => c.failure!['#text']!.split('\n').filter((l) => /^f\d\d\.csv:\d+:\d+: /.test(l)));
    assert.equal(lines.length, 25_000);
    // Each file lists 1,000 problems and a too-many-problems note: the 25th has room for 976 lines, the 26th for none.
    // The notes count every problem found past those lines, those past --max-problems too.
    assert.match(cases[24].failure!['#text']!, /\n…and 524 more problems, left out: the report lists at most 25000\./);
    assert.match(cases[25].failure!['#text']!, /^…and 1500 more problems, left out/);
  });
});

describe('JUnit when the run fails for a reason of its own', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-junit-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), REQUIRED_ID);
    fs.writeFileSync(path.join(dir, 'warnings.csv'), 'id,x\n1,2,extra\n');
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', '.loadline.json'), '{"contracts":[{"files":["*.csv"],"headers":{"id":{"required":"yes"}}}]}');
    fs.writeFileSync(path.join(dir, 'broken', 'b.csv'), 'id\n\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('more warnings than --max-warnings: exit 1 and a failing test case that says so', () => {
    const result = runCli(['validate', '--format', 'junit', '--max-warnings', '0', 'warnings.csv'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    const suite = junit(result.stdout).testsuites.testsuite;
    assert.deepEqual([suite.tests, suite.failures, suite.errors, suite.skipped], ['2', '1', '0', '0']);
    assert.equal(suite.testcase[1].name, '--max-warnings 0');
    assert.equal(suite.testcase[1].failure?.message, '1 warning, more than --max-warnings 0 allows');
  });

  it('a CSV under a broken contract file is an error that names the fault, never skipped', () => {
    const result = runCli(['validate', '--format', 'junit', path.join('broken', 'b.csv')], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    const suite = junit(result.stdout).testsuites.testsuite;
    const csv = suite.testcase.find((c) => c.name === 'broken/b.csv')!;
    assert.equal(csv.skipped, undefined);
    assert.equal(csv.error?.type, 'invalid-config');
    assert.equal(csv.error?.message, 'its contract cannot be read: the contract file broken/.loadline.json is broken');
    assert.match(csv.error['#text'], /^broken\/\.loadline\.json:1:\d+: error invalid-config .*required must be boolean/);
    assert.deepEqual([suite.failures, suite.errors, suite.skipped], ['1', '1', '0']);
  });
});

describe('names and values that would forge report lines, links or math', () => {
  let dir: string;
  const forged = 'x\nforged.csv:9:9: error required FORGED\ny.csv';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-forged-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), REQUIRED_ID);
    fs.writeFileSync(path.join(dir, forged), 'id,x\n,1\n');
    fs.mkdirSync(path.join(dir, 'typed'));
    fs.writeFileSync(
      path.join(dir, 'typed', '.loadline.json'),
      '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "type": "integer" }, "x": { "type": "integer" } } } ] }',
    );
    fs.writeFileSync(path.join(dir, 'typed', 'links.csv'), 'id,x\nhttps://evil.example/login,www.evil.example\n$x^2$,mail@evil.example\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: a file name with a line break stays on its problem line, escaped', () => {
    const result = runCli(['validate', forged], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.stdout.split('\n'), [
      'x\\nforged.csv:9:9: error required FORGED\\ny.csv:2:1: error required Missing required value id for row 2',
      '',
    ]);
  });

  it('JUnit: the test case is named by the file name, line break and all', () => {
    const result = runCli(['validate', '--format', 'junit', forged], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    // A raw line break in an attribute reads as a space (XML attribute normalisation): a character reference keeps it.
    assert.ok(result.stdout.includes('<testcase name="x&#10;forged.csv:9:9: error required FORGED&#10;y.csv"'), result.stdout);
    assert.equal(junit(result.stdout).testsuites.testsuite.testcase[0].name, forged);
  });

  it('a name that is not UTF-8 is reported as such, not as missing', () => {
    const name = Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.csv')]);
    fs.writeFileSync(name, 'id,x\n1,2\n');
    try {
      const result = runCli(['validate', '--format', 'junit'], { cwd: dir });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^loadline: cannot read caf\uFFFD\.csv: its name is not valid UTF-8 .*rename the file/m);
      assert.doesNotMatch(result.stderr, /ENOENT/);
    } finally {
      fs.rmSync(name);
    }
  });

  it('the step summary: URLs, e-mail addresses and $…$ in values are text, never links or math', () => {
    const summary = path.join(dir, 'summary.md');
    const result = runCli(['validate', path.join('typed', 'links.csv')], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
    assert.equal(result.status, 1, result.stderr);
    const text = fs.readFileSync(summary, 'utf8');
    for (const value of ['https\\://evil.example/login', 'www\\.evil.example', '\\$x^2\\$', 'mail\\@evil.example'])
      assert.ok(text.includes(value), `${value} in ${text}`);
    assert.doesNotMatch(text, /(?<!\\)\$/);
    assert.doesNotMatch(new MarkdownIt({ linkify: true }).render(text), /<a /);
  });
});

describe('SARIF columns', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-columns-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), REQUIRED_ID);
    // U+1F600 is one code point and two UTF-16 code units: the empty x starts at UTF-16 column 4 (code point column 3).
    fs.writeFileSync(path.join(dir, 'emoji.csv'), 'id,x\n\u{1F600},\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('count UTF-16 code units, and the run says so (columnKind), which the SARIF Multitool accepts', () => {
    const result = runCli(['validate', '--format', 'sarif', 'emoji.csv'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    const run = (JSON.parse(result.stdout) as { runs: (SarifRun & { columnKind?: string })[] }).runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startColumn]),
      [['required', 4]],
    );
    assert.deepEqual(multitoolErrors(dir, result.stdout), []);
  });
});

interface SarifRun {
  results: { level: string; ruleId: string; locations: { physicalLocation: { region: { startColumn: number } } }[] }[];
  properties?: Record<string, unknown>;
  invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
}

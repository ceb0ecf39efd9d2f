import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { REPO_ROOT, runCli } from '../support/run';

/** A contract file with a fault (an unknown key) beside CSVs with errors, warnings, none, and no contract. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-formats-'));
  fs.mkdirSync(path.join(dir, 'imports'));
  fs.writeFileSync(
    path.join(dir, '.loadline.json'),
    '{ "contracts": [ { "files": ["imports/*.csv"], "headers": { "shop_id": { "required": true }, "x<&\\"]]>\\u0001": { "required": true } } } ] }\n',
  );
  fs.mkdirSync(path.join(dir, 'broken'));
  fs.writeFileSync(path.join(dir, 'broken', '.loadline.json'), '{\n  "contracts": [],\n  "bogus": 3\n}\n');
  fs.writeFileSync(path.join(dir, 'broken', 'a.csv'), 'a\n1\n');
  fs.writeFileSync(path.join(dir, 'imports', 'bad & <odd> ü.csv'), 'shop_id,name,x<&"]]>\u0001\n1,a,b\n,b,c\n3\n');
  fs.writeFileSync(path.join(dir, 'imports', 'good.csv'), 'shop_id,name,x<&"]]>\u0001\n1,a,b\n');
  fs.writeFileSync(path.join(dir, 'imports', 'nolabel.csv'), 'shop_id,name\n1,a\n');
  fs.writeFileSync(path.join(dir, 'free.csv'), 'a,b\n1,2\n');
  return dir;
}

describe('loadline validate --format sarif and junit', () => {
  let dir: string;
  before(() => (dir = workspace()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes SARIF 2.1.0 that the SARIF Multitool validates without errors, a result per problem at 1-based positions', () => {
    const result = runCli(['validate', '--format', 'sarif'], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    const sarif = path.join(dir, 'out.sarif');
    fs.writeFileSync(sarif, result.stdout);
    const checked = path.join(dir, 'multitool.sarif');
    const multitool = spawnSync(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool'),
      ['validate', sarif, '-o', checked, '--log', 'ForceOverwrite'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(multitool.status, 0, multitool.stdout + multitool.stderr);
    const findings = (JSON.parse(fs.readFileSync(checked, 'utf8')) as { runs: { results: { level?: string; ruleId: string }[] }[] }).runs[0].results;
    assert.deepEqual(
      findings.filter((f) => f.level === 'error'),
      [],
    );

    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'loadline');
    assert.equal(driver.version, version);
    assert.match(driver.informationUri, /^https:\/\//);
    const ruleIds = driver.rules.map((r) => r.id);
    for (const rule of driver.rules) assert.ok(rule.shortDescription.text && rule.help.text, rule.id);
    const located = log.runs[0].results.map((r) => {
      assert.equal(r.ruleId, ruleIds[r.ruleIndex]);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return `${artifactLocation.uri} ${region.startLine}:${region.startColumn}-${region.endLine}:${region.endColumn} ${r.level} ${r.ruleId}`;
    });
    assert.deepEqual(located.sort(), [
      'broken/.loadline.json 3:3-3:10 error invalid-config',
      'imports/bad%20%26%20%3Codd%3E%20%C3%BC.csv 3:1-3:1 error required',
      'imports/bad%20%26%20%3Codd%3E%20%C3%BC.csv 4:2-4:2 error required',
      'imports/bad%20%26%20%3Codd%3E%20%C3%BC.csv 4:2-4:2 warning missing-cell',
      'imports/nolabel.csv 1:1-1:13 error missing-label',
    ]);
    assert.ok(log.runs[0].results.every((r) => r.message.text.length > 0));
  });

  it('writes JUnit XML: one suite, a test case per file, a failure listing the problems, skipped without a contract', () => {
    const result = runCli(['validate', '--format', 'junit'], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(XMLValidator.validate(result.stdout), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(
      result.stdout,
    ) as { testsuites: { testsuite: JunitSuite[] } };
    const suites = parsed.testsuites.testsuite;
    assert.equal(suites.length, 1);
    const [suite] = suites;
    const cases = Object.fromEntries(suite.testcase.map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(cases).sort(), [
      'broken/.loadline.json',
      'broken/a.csv',
      'free.csv',
      'imports/bad & <odd> ü.csv',
      'imports/good.csv',
      'imports/nolabel.csv',
    ]);
    assert.deepEqual([suite.tests, suite.failures, suite.errors, suite.skipped], ['6', '3', '1', '1']);
    assert.equal(cases['free.csv'].skipped?.message, 'no contract applies to this file');
    // Its contract may be in the broken file: an error that names the fault, never "skipped" (hp26).
    assert.equal(cases['broken/a.csv'].skipped, undefined);
    assert.equal(cases['broken/a.csv'].error?.message, 'its contract cannot be read: the contract file broken/.loadline.json is broken');
    assert.equal(cases['imports/good.csv'].failure, undefined);
    assert.equal(cases['imports/good.csv'].skipped, undefined);
    const bad = cases['imports/bad & <odd> ü.csv'].failure!;
    assert.equal(bad.message, '2 errors, 1 warning');
    assert.match(bad['#text'], /^imports\/bad & <odd> ü\.csv:3:1: error required .*\nimports\/bad & <odd> ü\.csv:4:2: warning missing-cell /);
    assert.match(cases['imports/nolabel.csv'].failure!['#text'], /:1:1: error missing-label .*x<&"\]\]>\\x01/);
    assert.match(cases['broken/.loadline.json'].failure!['#text'], /^broken\/\.loadline\.json:3:3: error invalid-config /);
  });
});

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; help: { text: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<'startLine' | 'startColumn' | 'endLine' | 'endColumn', number> } }[];
    }[];
  }[];
}

interface JunitSuite {
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: { name: string; failure?: { message: string; '#text': string }; error?: { message: string }; skipped?: { message: string } }[];
}

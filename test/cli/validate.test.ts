import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../support/run';

describe('loadline validate', () => {
  let dir: string;
  const cwd = () => ({ cwd: dir });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-cli-'));
    fs.mkdirSync(path.join(dir, 'imports'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["imports/*.csv"], "headers": { "shop_id": { "required": true } } }, ] }');
    fs.writeFileSync(path.join(dir, 'imports', 'bad.csv'), 'shop_id,name\n1,a\n,b\n3\n');
    fs.writeFileSync(path.join(dir, 'imports', 'good.csv'), 'shop_id,name\n1,a\n');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "contracts": 3 }');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:col: severity code message and exits 1 on errors', () => {
    const result = runCli(['validate', 'imports/bad.csv'], cwd());
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      'imports/bad.csv:3:1: error required Missing required value shop_id for row 3\n' +
        'imports/bad.csv:4:2: warning missing-cell Row 4 has 1 cell, the header has 2: name is missing\n',
    );
    assert.equal(result.stderr, '1 file checked: 1 error, 1 other problem\n');
  });

  it('is read by the $loadline problem matcher VS Code tasks use: file, line, column, severity, code, message', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { problemMatchers: { name: string; pattern: Record<string, string | number> }[] };
    };
    const { pattern } = manifest.contributes.problemMatchers.find((m) => m.name === 'loadline')!;
    const regexp = new RegExp(String(pattern.regexp));
    const read = (line: string) => {
      const match = regexp.exec(line);
      assert.ok(match, `the matcher misses: ${line}`);
      return ['file', 'line', 'column', 'severity', 'code', 'message'].map((field) => match[Number(pattern[field])]);
    };
    const all = runCli(['validate', 'imports/bad.csv'], cwd()).stdout.trim().split('\n');
    const limited = runCli(['validate', '--max-problems', '1', 'imports/bad.csv'], cwd()).stdout.trim().split('\n');
    // VS Code's severities are error, warning and info: "information" is read as "info".
    assert.deepEqual([...all, ...limited].map(read), [
      ['imports/bad.csv', '3', '1', 'error', 'required', 'Missing required value shop_id for row 3'],
      ['imports/bad.csv', '4', '2', 'warning', 'missing-cell', 'Row 4 has 1 cell, the header has 2: name is missing'],
      ['imports/bad.csv', '3', '1', 'error', 'required', 'Missing required value shop_id for row 3'],
      ['imports/bad.csv', '4', '2', 'info', 'too-many-problems', '1 more problem not shown (limit 1); raise --max-problems to see them'],
    ]);
    assert.equal(regexp.exec('1 file checked: 1 error, 1 other problem'), null, 'the summary is not a problem');
  });

  it('exits 0 with no output for a clean file', () => {
    const result = runCli(['validate', 'imports/good.csv'], cwd());
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
  });

  it('prints one JSON array with --format json', () => {
    const result = runCli(['validate', '--format', 'json', 'imports/*.csv'], cwd());
    assert.equal(result.status, 1);
    const problems = JSON.parse(result.stdout);
    assert.deepEqual(problems[0], {
      file: 'imports/bad.csv',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 1,
      severity: 'error',
      code: 'required',
      message: 'Missing required value shop_id for row 3',
    });
    assert.equal(problems.length, 2);
    assert.equal(result.stderr, '');
  });

  it('prints GitHub Actions annotations with --format github', () => {
    const result = runCli(['validate', '--format', 'github', 'imports/bad.csv'], cwd());
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      '::error file=imports/bad.csv,line=3,col=1,endLine=3,endColumn=1,title=loadline required::Missing required value shop_id for row 3',
      '::warning file=imports/bad.csv,line=4,col=2,endLine=4,endColumn=2,title=loadline missing-cell::Row 4 has 1 cell%2C the header has 2: name is missing'.replace(
        '%2C',
        ',',
      ),
    ]);
  });

  it('checks every CSV below the folder when given no paths', () => {
    const result = runCli(['validate', '--format', 'json'], cwd());
    assert.deepEqual([...new Set(JSON.parse(result.stdout).map((p: { file: string }) => p.file))], ['imports/bad.csv']);
    assert.equal(result.status, 1);
  });

  it('reports a broken --config file as errors on that file', () => {
    const result = runCli(['validate', '--config', 'broken.json', 'imports/good.csv'], cwd());
    assert.equal(result.status, 2);
    assert.match(result.stdout, /^broken\.json:1:16: error invalid-config \/contracts must be array/);
  });

  for (const [name, args, message] of [
    ['an unreadable path', ['validate', 'missing.csv'], /^loadline: cannot read missing\.csv: no such file\n$/],
    ['a glob matching nothing', ['validate', 'nothing/*.csv'], /^loadline: no files match nothing\/\*\.csv\n$/],
    ['an unknown format', ['validate', '--format', 'xml'], /^loadline: option '--format <format>' argument 'xml' is invalid/],
    ['an unknown option', ['validate', '--frobnicate'], /^loadline: unknown option '--frobnicate'\n$/],
    ['an unknown command', ['frobnicate'], /^loadline: unknown command 'frobnicate'\n$/],
  ] as const) {
    it(`exits 2 with one line for ${name}`, () => {
      const result = runCli([...args], cwd());
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.equal(result.stdout, '');
    });
  }
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

// docs/contracts.md's exit code table: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage,
// unreadable input or a contract file that cannot be used, whatever the --format.
const FORMATS = ['text', 'json', 'github', 'sarif', 'junit'];

describe('loadline validate exit codes, in every format', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-exit-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    fs.writeFileSync(path.join(dir, 'clean.csv'), 'id,name\n1,a\n');
    fs.writeFileSync(path.join(dir, 'errors.csv'), 'id,name\n,a\n');
    fs.writeFileSync(path.join(dir, 'warnings.csv'), 'id,name\n1\n2\n');
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": 7 } ] }');
    fs.writeFileSync(path.join(dir, 'broken', 'a.csv'), 'id\n1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string[], number][] = [
    ['no problems', ['clean.csv'], 0],
    ['errors', ['errors.csv'], 1],
    ['warnings alone', ['warnings.csv'], 0],
    ['as many warnings as --max-warnings allows', ['warnings.csv', '--max-warnings', '2'], 0],
    ['more warnings than --max-warnings', ['warnings.csv', '--max-warnings', '1'], 1],
    ['a path that is not there', ['missing.csv'], 2],
    ['a path that is not there beside errors', ['errors.csv', 'missing.csv'], 2],
    ['a wrong --max-warnings', ['clean.csv', '--max-warnings', '-1'], 2],
    ['a contract file that cannot be used', [path.join('broken', 'a.csv')], 2],
    ['a contract file that cannot be used beside errors', ['errors.csv', path.join('broken', 'a.csv')], 2],
  ];
  for (const format of FORMATS) {
    for (const [what, args, code] of cases) {
      it(`--format ${format}, ${what}: exit ${code}`, () => {
        const result = runCli(['validate', '--format', format, ...args], { cwd: dir });
        assert.equal(result.status, code, result.stderr);
        if (what.startsWith('more warnings')) assert.match(result.stderr, /^loadline: 2 warnings, more than --max-warnings 1 allows$/m);
      });
    }
  }
});

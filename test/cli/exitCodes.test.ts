import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, copyCliAlone, runCli } from '../support/run';

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
    fs.mkdirSync(path.join(dir, 'watched'));
    fs.writeFileSync(path.join(dir, 'watched', 'a.csv'), 'id\n1\n');
    // A pattern is a watched rule: the file is checked on the check thread, not in place.
    fs.writeFileSync(
      path.join(dir, 'watched', '.loadline.json'),
      '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "constraints": { "pattern": "[0-9]+" } } } } ] }',
    );
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

  // hp26: a report lost (the disk full) exited 1, which CI reads as "the data has errors".
  for (const format of FORMATS) {
    it(`--format ${format}, the report cannot be written (stdout on /dev/full): exit 2`, () => {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [CLI, 'validate', '--format', format, 'clean.csv'], {
          cwd: dir,
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        assert.equal(result.status, 2, result.stderr);
        assert.match(result.stderr, /^loadline: cannot write the output: ENOSPC/m);
      } finally {
        fs.closeSync(full);
      }
    });
  }

  // A defect of Loadline's own (here an install without its check thread's script) never reads as 0, 1 or 2.
  for (const format of FORMATS) {
    it(`--format ${format}, an internal error (the check thread's script missing): exit 3`, () => {
      const install = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-broken-install-'));
      try {
        copyCliAlone(install);
        const result = spawnSync(process.execPath, [path.join(install, 'cli.js'), 'validate', '--format', format, path.join('watched', 'a.csv')], {
          cwd: dir,
          encoding: 'utf8',
        });
        assert.equal(result.status, 3, result.stderr);
        assert.match(result.stderr, /^loadline: internal error while checking watched\/a\.csv: .* \(please report it\)$/m);
      } finally {
        fs.rmSync(install, { recursive: true, force: true });
      }
    });
  }
});

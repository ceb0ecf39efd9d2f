// `loadline validate` of a log whose keys pass their memory budget (LOADLINE_KEY_BUDGET_MB, forced tiny here): the
// keys spill to a temporary folder under TMPDIR, and every output format, the exit code and the --max-problems
// count stay exactly those of the check held in memory; the folder is gone after, and a full disk is one message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { OUTPUT_FORMATS } from '../../cli/src/formatProblems';
import { KEY_BUDGET_VARIABLE } from '../../shared/src/ingest/keys/budgetedKeys';
import { runCli } from '../support/run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-cli-keybudget-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const mapping = (name: string, onDuplicate: string) => ({
  name,
  files: [`${name}/*.jsonl`],
  table: name,
  key: 'id',
  onDuplicate,
  columns: { id: { from: 'id', type: 'string', maxLength: 8 }, n: { from: 'n', type: 'integer' } },
});
fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ ingest: [mapping('errors', 'error'), mapping('kept', 'skip')] }));
/** 3,000 lines: 2,000 keys, a third of them repeated, a bad value every 37th line and broken JSON every 101st. */
const LOG = Array.from({ length: 3000 }, (_, i) => (i % 101 === 100 ? '{oops' : `{"id":"k${(i * 7) % 2000}","n":${i % 37 === 36 ? '"x"' : i}}`)).join('\n');
for (const folder of ['errors', 'kept']) {
  fs.mkdirSync(path.join(dir, folder));
  fs.writeFileSync(path.join(dir, folder, 'app.jsonl'), LOG);
}

describe('validate of a log whose keys spill to disk', () => {
  for (const format of OUTPUT_FORMATS)
    it(`prints exactly what the check held in memory prints, --format ${format}`, () => {
      for (const args of [['errors/app.jsonl'], ['kept/app.jsonl'], ['--max-problems', '25', 'errors/app.jsonl', 'kept/app.jsonl']]) {
        const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
        const whole = runCli(['validate', '--format', format, ...args], { cwd: dir, env: { ...process.env, TMPDIR: tmp } });
        const spilled = runCli(['validate', '--format', format, ...args], { cwd: dir, env: { ...process.env, TMPDIR: tmp, [KEY_BUDGET_VARIABLE]: '0.001' } });
        assert.equal(spilled.stderr, whole.stderr);
        assert.equal(spilled.stdout, whole.stdout, `validate --format ${format} ${args.join(' ')}`);
        assert.equal(spilled.status, whole.status);
        assert.deepEqual(fs.readdirSync(tmp), []);
      }
    });

  it('refuses a budget that is not a number of MB from 0.001 on, in one line, exit 2 (hp25b 01, 04)', () => {
    for (const value of ['abc', '64MB', '-5', '0', 'Infinity', '0x1', '1e-300', '0.00001']) {
      const result = runCli(['validate', 'errors/app.jsonl'], { cwd: dir, env: { ...process.env, [KEY_BUDGET_VARIABLE]: value } });
      assert.equal(result.status, 2, `${value}: ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(`${KEY_BUDGET_VARIABLE} must be a number of MB from 0\\.001 on, such as 96 \\(it is "${value.replace('.', '\\.')}"\\)`),
      );
    }
  });

  it('checks that the budget was passed (the spilled check is what the comparison above compared)', () => {
    // 1,000 unique keys need more than 1 KiB of index: with a TMPDIR that cannot be written, only a spill fails.
    const tmp = path.join(dir, 'not-a-folder');
    fs.writeFileSync(tmp, '');
    const result = runCli(['validate', 'errors/app.jsonl'], { cwd: dir, env: { ...process.env, TMPDIR: tmp, [KEY_BUDGET_VARIABLE]: '0.001' } });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /cannot check errors\/app\.jsonl: cannot write the key index's temporary files in .*not-a-folder \(ENOTDIR\)/);
  });

  it('on a full disk, exits 2 with one message naming the folder and the fix, and leaves nothing there', (t) => {
    const tmp = fs.mkdtempSync(path.join(dir, 'full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tmp], { stdio: 'ignore' });
    } catch {
      return t.skip('mounting a small tmpfs needs root');
    }
    try {
      fs.writeFileSync(path.join(dir, 'errors', 'big.jsonl'), Array.from({ length: 200_000 }, (_, i) => `{"id":"k${i}","n":1}`).join('\n'));
      const result = runCli(['validate', '--format', 'json', 'errors/big.jsonl'], {
        cwd: dir,
        env: { ...process.env, TMPDIR: tmp, [KEY_BUDGET_VARIABLE]: '0.001' },
      });
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        /^loadline: cannot check errors\/big\.jsonl: cannot write the key index's temporary files in \S+ \(ENOSPC\)\. Free some space there, or set TMPDIR to a folder with room\.\n/,
      );
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      execFileSync('umount', [tmp]);
      fs.rmSync(path.join(dir, 'errors', 'big.jsonl'));
    }
  });
});

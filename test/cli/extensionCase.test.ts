// The folder walk and the default globs find `*.CSV`, `*.Tsv`, `*.JSONL` as they find `*.csv`: a file named
// explicitly was checked, the same file under a folder was passed over in silence (hp26b 06).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('file extensions in any case', () => {
  let dir: string;
  const run = (args: string[]) => runCli(['validate', '--format', 'json', ...args], { cwd: dir });
  const files = (stdout: string) => [...new Set((JSON.parse(stdout) as { file: string }[]).map((p) => p.file))].sort();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-extension-case-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', '.loadline.json'), '{"contracts":[{"files":["**/*"],"headers":{"id":{"required":true}}}]}');
    for (const name of ['EXPORT.CSV', 'Mixed.Csv', 'lower.csv']) fs.writeFileSync(path.join(dir, 'data', name), 'id,x\n,1\n');
    fs.writeFileSync(path.join(dir, 'data', 'TABS.TSV'), 'id\tx\n\t1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder argument checks every CSV and TSV whatever the case of its extension', () => {
    const result = run(['data']);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(files(result.stdout), ['data/EXPORT.CSV', 'data/Mixed.Csv', 'data/TABS.TSV', 'data/lower.csv']);
  });

  it('the default globs do too', () => {
    const result = run([]);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(files(result.stdout), ['data/EXPORT.CSV', 'data/Mixed.Csv', 'data/TABS.TSV', 'data/lower.csv']);
  });

  it('a JSON-lines log named .JSONL is found under a folder', () => {
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs', 'APP.JSONL'), '{}\n');
    const result = runCli(['validate', 'logs'], { cwd: dir });
    assert.match(result.stderr, /1 JSON-lines log not checked/, result.stderr);
  });
});

// The scan took EXPORT.CSV as a CSV, but the contract's `*.csv` did not match it: the file was checked against no
// contract, and a type error in it passed with exit 0 (hp22b 07).
describe('contract globs in any case', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-glob-case-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{"contracts":[{"files":["*.csv"],"headers":{"c":{"type":"integer","required":true}}}]}');
    fs.writeFileSync(path.join(dir, 'EXPORT.CSV'), 'c\nnot-a-number\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('*.csv applies to the EXPORT.CSV that the scan finds', () => {
    const result = runCli(['validate', '--format', 'json'], { cwd: dir });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { file: string; line: number; code: string }[]).map(({ file, line, code }) => `${file}:${line} ${code}`),
      ['EXPORT.CSV:2 type-error'],
    );
  });
});

// Folders as inputs: a folder whose name ends in .csv (Spark's `df.write.csv("export.csv")`) is a folder to scan
// for CSVs, not a glob match whose every file is read as a CSV (hp26 10); a folder named on the command line with
// nothing to check is exit 2, as an empty glob is, not a green run of 0 files (hp26 11).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('folders as inputs', () => {
  let dir: string;
  const run = (args: string[], cwd = dir) => runCli(['validate', ...args], { cwd });
  const checked = (stdout: string) => [...stdout.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]).sort();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-folder-inputs-'));
    fs.mkdirSync(path.join(dir, 'export.csv'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{"contracts":[{"files":["export.csv/**"],"headers":{"id":{"type":"integer","required":true}}}]}');
    fs.writeFileSync(path.join(dir, 'export.csv', 'part-00000.csv'), 'id\n1\n');
    fs.writeFileSync(path.join(dir, 'export.csv', 'README.md'), '# notes\n');
    fs.writeFileSync(path.join(dir, 'export.csv', '_SUCCESS'), '');
    fs.writeFileSync(path.join(dir, 'export.csv', 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff]));
    fs.mkdirSync(path.join(dir, 'empty', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'empty', 'deeper', 'notes.txt'), 'no data here\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scans a folder named export.csv for the CSVs in it, by the default scan, by name and by a glob', () => {
    for (const args of [[], ['export.csv'], ['**/*.csv']]) {
      const result = run([...args, '--format', 'junit']);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.deepEqual(checked(result.stdout), ['export.csv/part-00000.csv'], args.join(' '));
    }
  });

  it('fails a folder named on the command line that holds nothing to check, as an empty glob fails', () => {
    const folder = run(['empty', '--format', 'junit']);
    assert.equal(folder.status, 2, folder.stderr);
    assert.equal(folder.stderr, 'loadline: no files match empty: it holds no .csv, .tsv, .jsonl, .ndjson or .jsonlines file\n');
    assert.match(folder.stdout, /<testcase [^>]*name="empty"[^>]*>\s*<error [^>]*type="unreadable"/);
    const glob = run(['empty/*.csv']);
    assert.equal(glob.status, 2, glob.stderr);
    assert.equal(glob.stderr, 'loadline: no files match empty/*.csv\n');
  });

  it('still passes the default scan of a tree with nothing to check (a pre-commit hook on a repository without data)', () => {
    const result = run([], path.join(dir, 'empty'));
    assert.equal(result.status, 0, result.stderr);
  });
});

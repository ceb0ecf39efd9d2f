// loadline validate on files a hostile or unlucky workspace holds: special files, odd names, other encodings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('loadline validate on hostile and unlucky files', () => {
  let dir: string;
  const run = (args: string[]) => runCli(['validate', ...args], { cwd: dir, timeout: 20000 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-hostile-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['**/*.csv'], headers: { shop_id: { required: true } } }] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a FIFO named *.csv in one line and still checks the other files (it never blocks on it)', () => {
    fs.mkdirSync(path.join(dir, 'fifo'));
    execFileSync('mkfifo', [path.join(dir, 'fifo', 'pipe.csv')]);
    fs.writeFileSync(path.join(dir, 'fifo', 'real.csv'), 'shop_id,x\n,1\n');
    const named = run(['fifo/pipe.csv', 'fifo/real.csv']);
    assert.equal(named.status, 2, named.stderr);
    assert.match(named.stderr, /^loadline: cannot read fifo\/pipe\.csv: not a regular file$/m);
    assert.match(named.stdout, /^fifo\/real\.csv:2:1: error required/m, 'the regular file was checked');
    const scanned = run(['fifo']);
    assert.equal(scanned.status, 2, 'a folder scan reports the FIFO too');
    assert.match(scanned.stderr, /^loadline: cannot read fifo\/pipe\.csv: not a regular file$/m);
    assert.match(scanned.stderr, /^1 file checked \(1 could not be read\)/m);
  });

  it('reports a FIFO named .loadline.json in a parent folder as a broken config, never blocking on it', () => {
    fs.mkdirSync(path.join(dir, 'fifo-config', 'sub'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'fifo-config', '.loadline.json')]);
    fs.writeFileSync(path.join(dir, 'fifo-config', 'sub', 'x.csv'), 'name\nAnn\n');
    const result = run(['fifo-config/sub/x.csv']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /^fifo-config\/\.loadline\.json:1:1: error invalid-config Loadline cannot read .*: it is not a regular file/m);
  });

  for (const name of ['report (1).csv', '{a,b}.csv', '!x.csv', '[x].csv', 'dir (2)/inside.csv']) {
    it(`takes an existing path that looks like a glob literally: ${name}`, () => {
      fs.mkdirSync(path.dirname(path.join(dir, 'odd', name)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'odd', name), 'shop_id\n1\n');
      const result = run([path.join('odd', name)]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '1 file checked: 0 errors, 0 other problems\n');
    });
  }

  it('checks every CSV below a folder whose name looks like a glob', () => {
    const result = run(['odd/dir (2)']);
    assert.equal(result.stderr, '1 file checked: 0 errors, 0 other problems\n');
  });

  it('reads Windows-1252 and UTF-16 files correctly and says they are not UTF-8', () => {
    fs.mkdirSync(path.join(dir, 'enc'));
    fs.writeFileSync(path.join(dir, 'enc', '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { café: { required: true } } }] }));
    fs.writeFileSync(path.join(dir, 'enc', 'latin1.csv'), Buffer.from('caf\xe9,prix\n1,2\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'enc', 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('café,prix\n1,2\n', 'utf16le')]));
    const result = run(['enc', '--format', 'json']);
    assert.equal(result.status, 0, result.stdout);
    const problems = JSON.parse(result.stdout) as { file: string; code: string; message: string }[];
    assert.deepEqual(
      problems.map((p) => [p.file, p.code, p.message]),
      [
        ['enc/latin1.csv', 'encoding', 'Not UTF-8: read as Windows-1252 (Latin-1)'],
        ['enc/utf16.csv', 'encoding', 'Not UTF-8: read as UTF-16 LE (it starts with that byte order mark)'],
      ],
      'no false "Missing required header café"',
    );
  });

  it('tells the CLI user to raise --max-problems, not an editor setting', () => {
    fs.mkdirSync(path.join(dir, 'many'));
    fs.writeFileSync(path.join(dir, 'many', 'm.csv'), 'shop_id,x\n' + ',1\n'.repeat(5));
    const result = run(['many', '--max-problems', '2']);
    assert.match(result.stdout, /too-many-problems 3 more problems not shown \(limit 2\); raise --max-problems to see them$/m);
  });

  it('checks structure only, and reports the config, when a glob in it would match too slowly', () => {
    fs.mkdirSync(path.join(dir, 'slow'));
    fs.writeFileSync(
      path.join(dir, 'slow', '.loadline.json'),
      JSON.stringify({ contracts: [{ files: ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'], headers: { id: { required: true } } }] }),
    );
    fs.writeFileSync(path.join(dir, 'slow', 'a'.repeat(60) + '.csv'), 'name\nAnn\n');
    const result = run(['slow']);
    assert.equal(result.status, 2);
    assert.match(result.stdout, /slow\/\.loadline\.json:1:\d+: error invalid-config "\*a\*a\*a.*" has 15 wildcards in one path segment/);
    assert.doesNotMatch(result.stdout, /missing-label/);
  });
});

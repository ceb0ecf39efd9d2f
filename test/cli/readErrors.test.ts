// A read the system refuses (EIO: a failing disk or network mount) is input that cannot be read, exit 2 with
// "cannot read", not Loadline's own bug (exit 3, "please report it", hp26 05). /proc/self/mem stands for such
// a file: stat says it is a regular file, and reading it at offset 0 fails with EIO.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('a file whose read fails with EIO', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-read-errors-'));
    fs.symlinkSync('/proc/self/mem', path.join(dir, 'mem.csv'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is exit 2, "cannot read", and a JUnit error of type unreadable', () => {
    const text = runCli(['validate', 'mem.csv'], { cwd: dir });
    assert.equal(text.status, 2, text.stderr);
    assert.match(text.stderr, /^loadline: cannot read mem\.csv: EIO: i\/o error, read$/m);
    assert.doesNotMatch(text.stderr, /internal error|please report/);
    const junit = runCli(['validate', 'mem.csv', '--format', 'junit'], { cwd: dir });
    assert.equal(junit.status, 2, junit.stderr);
    assert.match(junit.stdout, /<error message="cannot read mem\.csv: EIO: i\/o error, read" type="unreadable"\/>/);
  });
});

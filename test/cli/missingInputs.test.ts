// One missing path or empty glob among the arguments is reported, and the other files are still checked.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('validate: a missing input among others', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-missing-'));
    fs.mkdirSync(path.join(dir, 'e'));
    fs.writeFileSync(path.join(dir, 'e', 'bad.csv'), 'id,name\n1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing path does not cancel the others', () => {
    const result = runCli(['validate', 'nope.csv', 'e/bad.csv'], { cwd: dir });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: cannot read nope\.csv: no such file$/m);
    assert.match(result.stdout, /^e\/bad\.csv:2:/m);
    assert.match(result.stderr, /1 file checked/);
  });

  it('an empty glob does not cancel the others', () => {
    const result = runCli(['validate', 'none/*.csv', 'e/bad.csv'], { cwd: dir });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^loadline: no files match none\/\*\.csv$/m);
    assert.match(result.stdout, /^e\/bad\.csv:2:/m);
  });
});

// The guides say what `loadline validate` exits with when a contract file cannot be used: the exit code table
// says 2 and the CLI exits 2, but two guides said 1 in their prose (hp26 07). Each such sentence must name the
// code the CLI gives.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../support/run';

describe('the exit code the guides give for an unusable contract file', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-contract-exit-'));
    for (const name of ['broken', 'missing']) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, '.loadline.json'), '{"contracts":[{"files":["*.csv"],"schema":"s.json"}]}');
      fs.writeFileSync(path.join(dir, name, 'a.csv'), 'id\n1\n');
    }
    fs.writeFileSync(path.join(dir, 'broken', 's.json'), '{"fields":[{"name":"id",');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the one the CLI exits with, for a broken Table Schema and a schema path naming no file', () => {
    const codes = ['broken', 'missing'].map((name) => runCli(['validate'], { cwd: path.join(dir, name) }).status);
    assert.deepEqual(codes, [2, 2]);
    for (const guide of ['docs/contracts.md', 'docs/contracts-reference.md']) {
      // The paragraphs about contract files that cannot be used (each names `invalid-config`).
      const paragraphs = fs
        .readFileSync(path.join(REPO_ROOT, guide), 'utf8')
        .split(/\n\s*\n/)
        .filter((p) => p.includes('invalid-config'));
      const said = paragraphs.flatMap((p) => [...p.replace(/\s+/g, ' ').matchAll(/loadline validate`? \(?exits? (\d)/g)].map((m) => `${guide}: exit ${m[1]}`));
      assert.ok(said.length > 0, `${guide} no longer says what validate exits with`);
      assert.deepEqual(
        said.filter((s) => !s.endsWith('exit 2')),
        [],
      );
    }
  });
});

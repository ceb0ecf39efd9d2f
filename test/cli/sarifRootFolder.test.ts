// Run from `/` (a container's WORKDIR), SARIF's SRCROOT is `file:///`, not `file:////`: relative results resolved
// against it named a path with `//` (hp26b 11).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('SARIF run from the root folder', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-sarif-root-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{"contracts":[{"files":["*.csv"],"headers":{"id":{"required":true}}}]}');
    fs.writeFileSync(path.join(dir, 'a.csv'), 'id,x\n,1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('SRCROOT is file:/// and a result resolves to the file', () => {
    const result = runCli(['validate', '--format', 'sarif', path.join(dir, 'a.csv')], { cwd: '/' });
    assert.equal(result.status, 1, result.stderr);
    const run0 = (
      JSON.parse(result.stdout) as {
        runs: { originalUriBaseIds: { SRCROOT: { uri: string } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0];
    const base = run0.originalUriBaseIds.SRCROOT.uri;
    assert.equal(base, 'file:///');
    const uri = run0.results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.equal(new URL(uri, base).pathname, path.join(dir, 'a.csv'));
  });
});

// A file whose name starts with two dots (`..data.csv`) is inside the folder validate runs in: the reports name it
// by its relative path, as any other file there. It was shown absolute.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('names that start with two dots', () => {
  let dir: string;
  const names = ['..data.csv', '...', '.. x.csv'];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-dot-dot-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*"], "headers": { "id": { "required": true } } } ] }');
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'id,name\n,x\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: each by its relative name', () => {
    const result = runCli(['validate', ...names], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      result.stdout.trimEnd().split('\n'),
      names.map((name) => `${name}:2:1: error required Missing required value id for row 2`),
    );
  });

  it('SARIF: a relative artifact location', () => {
    const result = runCli(['validate', '--format', 'sarif', '..data.csv'], { cwd: dir });
    const sarif = JSON.parse(result.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: '..data.csv', uriBaseId: 'SRCROOT' });
  });
});

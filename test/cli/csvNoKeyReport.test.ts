// A key-less CSV's text report says "no key" once, in its own line, not again in the "through" line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/run';

describe('the text report of a CSV whose contract has no key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-nokey-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says "no key" once', () => {
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify({ contracts: [{ files: ['*.csv'], headers: { name: { required: true } } }] }));
    const file = path.join(dir, 'stock.csv');
    fs.writeFileSync(file, 'name\na\na\n');
    const result = runCli(['ingest', file, '--dry-run']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.match(/no key/g)?.length, 1, result.stdout);
    assert.match(result.stdout, /\n {2}no key: repeats are loaded as they come\n/);
  });
});

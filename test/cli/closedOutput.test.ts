import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../support/run';

describe('loadline validate | head', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-closed-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    // Far more problem lines than a pipe holds, so that the CLI is still writing when its reader leaves.
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'id,name\n' + ',x\n'.repeat(50000));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ends quietly with 141, as a shell reports SIGPIPE, when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [CLI, 'validate', 'bad.csv', '--max-problems', '100000'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /);
    assert.equal(code, 141);
  });
});

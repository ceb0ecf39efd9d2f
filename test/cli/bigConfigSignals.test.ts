// SIGTERM and Ctrl+C end `loadline validate` within 2 s while it parses a 7 MB .loadline.json (issue 22, class 4).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bigConfig } from '../support/bigConfig';
import { busyFor } from '../support/processCpu';
import { endBySignal, startCli } from '../support/run';

describe('loadline validate ends on a signal during a long config parse', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-big-config-signals-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), bigConfig());
    fs.writeFileSync(path.join(dir, 'a.csv'), 'id\nx\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} 300 ms of work into the run ends it within 2 s`, async () => {
      const child = startCli(['validate', 'a.csv'], { cwd: dir, stdio: 'ignore' });
      await busyFor(child.pid!, 300);
      assert.equal(child.exitCode, null, 'still parsing');
      const { code, received, waited } = await endBySignal(child, signal);
      console.log(`${signal}: ended ${waited.toFixed(0)} ms after the signal`);
      assert.ok(waited < 2_000, `ended ${waited.toFixed(0)} ms after ${signal}`);
      assert.ok(received === signal || code === 130 || code === 143, `exit ${code}, signal ${received}`);
    });
  }
});

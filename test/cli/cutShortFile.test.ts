// A file cut short while a parallel check reads it (`validate --workers 2`) is the input's fault: exit 2 and
// "cannot read FILE: … check it again once nothing writes to it" in every format, never exit 3, "internal error".
import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { startCli } from '../support/run';

const MESSAGE = /^loadline: cannot read big\.csv: it was cut short while it was checked \(something wrote to it\); check it again once nothing writes to it$/m;

describe('a file cut short during a parallel check', () => {
  let dir: string;
  let original: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-cut-short-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    // 24 MiB: past the size a parallel check starts at (8 MiB), with ranges left to read after the cut.
    original = path.join(dir, 'original.txt');
    const rows = Array.from({ length: 10_000 }, (_, i) => `${i},name ${i},a note on the row\n`).join('');
    fs.writeFileSync(original, 'id,name,note\n' + rows.repeat(Math.ceil((24 << 20) / rows.length)));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs validate, and cuts big.csv to 2 MiB as soon as the CLI has it open (the check has taken its size). */
  async function cutWhileChecked(format: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const big = path.join(dir, 'big.csv');
    fs.copyFileSync(original, big);
    const child = startCli(['validate', '--workers', '2', '--format', format, 'big.csv'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = once(child, 'exit');
    const fds = `/proc/${child.pid}/fd`;
    const holdsIt = () => {
      try {
        return fs.readdirSync(fds).some((fd) => fs.readlinkSync(path.join(fds, fd)) === big);
      } catch {
        return false;
      }
    };
    while (!holdsIt() && child.exitCode === null) await turn();
    fs.truncateSync(big, 2 << 20);
    const [status] = (await exited) as [number | null];
    return { status, stdout, stderr };
  }

  for (const format of ['text', 'json', 'github']) {
    it(`exit 2 with the file, why and the fix (--format ${format})`, async () => {
      const result = await cutWhileChecked(format);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, MESSAGE);
      assert.doesNotMatch(result.stderr, /internal error/);
    });
  }

  it('SARIF: a notification located in the file, in a run that did not succeed', async () => {
    const result = await cutWhileChecked('sarif');
    assert.equal(result.status, 2, result.stderr);
    const invocation = (
      JSON.parse(result.stdout) as {
        runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; locations: unknown[] }[] }[] }[];
      }
    ).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(`loadline: ${invocation.toolExecutionNotifications[0].message.text}`, MESSAGE);
    assert.deepEqual(invocation.toolExecutionNotifications[0].locations, [
      { physicalLocation: { artifactLocation: { uri: 'big.csv', uriBaseId: 'SRCROOT' } } },
    ]);
  });

  it('JUnit: an error test case of type unreadable', async () => {
    const result = await cutWhileChecked('junit');
    assert.equal(result.status, 2, result.stderr);
    const testcase = (
      new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(result.stdout) as {
        testsuites: { testsuite: { testcase: { name: string; error?: { message: string; type: string } } } };
      }
    ).testsuites.testsuite.testcase;
    assert.equal(testcase.name, 'big.csv');
    assert.equal(testcase.error?.type, 'unreadable');
    assert.match(`loadline: ${testcase.error.message}`, MESSAGE);
  });
});

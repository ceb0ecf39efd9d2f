// Every input that cannot be read is named once in every report, and the run exits 2 (docs/contracts.md's exit
// table): a JSON `[]`, a job with no annotation or a green JUnit suite would hide why it failed (hp26 04 and 09).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { CLI } from '../support/run';

/** Tests run as root, whom permission bits do not stop: the CLI runs as `nobody` (setpriv). */
const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
const skip = !canDrop && 'needs root and setpriv to run the CLI as nobody';

interface Run {
  stdout: string;
  stderr: string;
}
interface SarifRun {
  invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}
interface JunitCase {
  name: string;
  error?: { type: string };
}

/** How many times the report of `format` names `name` as not read (text: on stderr, where it says so). */
const REPORTED: Record<string, (run: Run, name: string) => number> = {
  text: ({ stderr }, name) =>
    stderr.split('\n').filter((l) => l.startsWith(`loadline: cannot read ${name}: `) || l.startsWith(`loadline: cannot read folder ${name}: `)).length,
  json: ({ stdout }, name) => (JSON.parse(stdout) as { file: string; code: string }[]).filter((e) => e.file === name && e.code === 'unreadable').length,
  github: ({ stdout }, name) => stdout.split('\n').filter((l) => l.startsWith(`::error file=${name},title=loadline unreadable::cannot read `)).length,
  sarif: ({ stdout }, name) => {
    const invocation = (JSON.parse(stdout) as { runs: SarifRun[] }).runs[0].invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false, stdout);
    return invocation.toolExecutionNotifications.filter((n) => n.locations?.[0].physicalLocation.artifactLocation.uri === name).length;
  },
  junit: ({ stdout }, name) => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (tag) => tag === 'testcase' }).parse(stdout) as {
      testsuites: { testsuite: { testcase?: JunitCase[] } };
    };
    return (parsed.testsuites.testsuite.testcase ?? []).filter((c) => c.name === name && c.error?.type === 'unreadable').length;
  },
};

describe('an input that cannot be read, in every format', () => {
  let dir: string;
  const env = { ...process.env, NODE_V8_COVERAGE: '' };
  const asNobody = (args: string[], cwd: string) =>
    spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, ...args], { cwd, encoding: 'utf8', env });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-unreadable-formats-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["**/*.csv"], "headers": { "id": { "type": "integer" } } } ] }');
    fs.writeFileSync(path.join(dir, 'secret.csv'), 'id\nx\n', { mode: 0o600 });
    execFileSync('mkfifo', [path.join(dir, 'fifo.csv')]);
    fs.mkdirSync(path.join(dir, 'locked'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'locked', 'bad.csv'), 'id\nx\n');
    // The default scan meets the folder once per glob (csv, tsv, jsonl, ndjson): still one report of it.
    fs.mkdirSync(path.join(dir, 'scan'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'scan', 'ok.csv'), 'id\n1\n');
    fs.mkdirSync(path.join(dir, 'scan', 'locked'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'scan', 'locked', 'bad.csv'), 'id\nx\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const inputs: [string, string[], string, string][] = [
    ['a file without read permission', ['secret.csv'], '', 'secret.csv'],
    ['a missing path', ['missing.csv'], '', 'missing.csv'],
    ['a FIFO', ['fifo.csv'], '', 'fifo.csv'],
    ['a folder that cannot be listed', ['locked'], '', 'locked'],
    ['a folder the default scan cannot list', [], 'scan', 'locked'],
  ];
  for (const format of Object.keys(REPORTED)) {
    for (const [what, args, cwd, name] of inputs) {
      it(`--format ${format}, ${what}: named once, exit 2`, { skip }, () => {
        const result = asNobody(['validate', '--format', format, ...args], path.join(dir, cwd));
        assert.equal(result.status, 2, result.stdout + result.stderr);
        assert.equal(REPORTED[format](result, name), 1, result.stdout + result.stderr);
        // stderr says it once too, whatever the format.
        assert.equal(result.stderr.split('\n').filter((l) => l.startsWith('loadline: cannot read')).length, 1, result.stderr);
      });
    }
  }
});

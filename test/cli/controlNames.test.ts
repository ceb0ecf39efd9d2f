// File names with control characters (a line break, \r, ESC), `|` and backticks, and names that are not UTF-8:
// each format escapes them its own way, so that no name breaks a line, a table or a terminal, and none crashes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/run';

const NAMES = ['nl\nx.csv', 'cr\rx.csv', 'esc\u001b[31mred.csv', 'pipe|x.csv', 'back`tick`.csv'];
const PROBLEM = ':2:1: error required Missing required value id for row 2';

describe('file names with control characters', () => {
  let dir: string;
  const run = (format: string, summary: string) =>
    runCli(['validate', '--format', format], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: path.join(dir, '..', summary) } });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-control-names-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), '{ "contracts": [ { "files": ["*.csv"], "headers": { "id": { "required": true } } } ] }');
    for (const name of NAMES) fs.writeFileSync(path.join(dir, name), 'id,name\n,x\n');
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of ['github', 'text', 'json'].map((format) => path.join(dir, '..', `${path.basename(dir)}-${format}.md`))) fs.rmSync(f, { force: true });
  });

  it('text: one line each, the control characters as escapes', () => {
    const result = run('text', `${path.basename(dir)}-text.md`);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      result.stdout.trimEnd().split('\n').sort(),
      ['back`tick`.csv', 'cr\\rx.csv', 'esc\\x1b[31mred.csv', 'nl\\nx.csv', 'pipe|x.csv'].map((name) => name + PROBLEM).sort(),
    );
  });

  it('github: line breaks as %0A and %0D, as the runner unescapes them, ESC as \\x1b', () => {
    const result = run('github', `${path.basename(dir)}-github.md`);
    assert.equal(result.status, 1, result.stderr);
    const files = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => /^::error file=([^,]*),line=2,/.exec(line)?.[1]);
    assert.deepEqual(files.sort(), ['back`tick`.csv', 'cr%0Dx.csv', 'esc\\x1b[31mred.csv', 'nl%0Ax.csv', 'pipe|x.csv'].sort());
    assert.ok(!result.stdout.includes('\u001b'), 'no raw ESC');
  });

  it('step summary: each name one table row of three cells, control characters shown as \\n, \\r, \\x1b', () => {
    run('json', `${path.basename(dir)}-json.md`);
    const text = fs.readFileSync(path.join(dir, '..', `${path.basename(dir)}-json.md`), 'utf8');
    const rows = text.split('\n').filter((l) => l.startsWith('|'));
    assert.deepEqual(
      rows.slice(2).sort(),
      ['back\\`tick\\`.csv', 'cr\\\\rx.csv', 'esc\\\\x1b\\[31mred.csv', 'nl\\\\nx.csv', 'pipe\\|x.csv'].map((name) => `| ${name} | 1 | 0 |`).sort(),
    );
    // eslint-disable-next-line no-control-regex -- the characters that must not reach the Markdown raw.
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f]/);
  });

  for (const format of ['text', 'json', 'github', 'sarif', 'junit']) {
    it(`a name that is not UTF-8: reported readably, exit 2, no crash (--format ${format})`, () => {
      const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-not-utf8-'));
      try {
        fs.writeFileSync(Buffer.concat([Buffer.from(`${bad}/bad`), Buffer.from([0xff]), Buffer.from('.csv')]), 'id\n1\n');
        const summary = path.join(bad, 'summary.md');
        const result = runCli(['validate', '--format', format], { cwd: bad, env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
        assert.equal(result.status, 2, result.stderr);
        assert.match(
          result.stderr,
          /^loadline: cannot read bad\uFFFD\.csv: its name is not valid UTF-8 \(shown with U\+FFFD\), which Loadline cannot open: rename the file to UTF-8$/m,
        );
        assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
        assert.match(fs.readFileSync(summary, 'utf8'), /^- bad\uFFFD\.csv: not checked, cannot read bad\uFFFD\.csv: its name is not valid UTF\\-8/m);
      } finally {
        fs.rmSync(bad, { recursive: true, force: true });
      }
    });
  }
});

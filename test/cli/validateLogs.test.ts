// `loadline validate` on JSON-lines logs (issue 25): a log a mapping matches is checked line for line as
// `loadline ingest --dry-run` rejects it, in every output format; a log no mapping matches is listed as unchecked.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LiveLog } from '../../shared/src/ingest/liveLog/liveLog';
import { compileMapping } from '../../shared/src/mapping/compileMapping';
import { DeclaredMapping } from '../../shared/src/mapping/declaredMapping';
import { runCli } from '../support/run';

const CONFIG: { ingest: DeclaredMapping[] } = {
  ingest: [
    {
      name: 'events',
      files: ['logs/*.jsonl', 'logs/*.ndjson'],
      table: 'events',
      key: 'id',
      onDuplicate: 'error',
      when: { path: 'type', in: ['click', 'view'] },
      columns: {
        id: { from: 'id', type: 'string', maxLength: 8 },
        at: { from: 'ts', type: 'unix-seconds', required: true },
        c: { from: 'c', type: 'integer' },
      },
    },
    { name: 'kept', files: ['kept/*.jsonl'], table: 'kept', key: 'id', onDuplicate: 'skip', columns: { id: { from: 'id', type: 'string' } } },
  ],
};
const BAD_LOG = [
  '{"id":"a","type":"click","ts":1700000000,"c":1}',
  '{"id":"b","type":"click","ts":1700000000,"c":"warm"}',
  '{oops',
  '{"id":"a","type":"view","ts":1700000001}',
  '{"id":"c","type":"buy","ts":1}',
  '',
  '{"id":"d","type":"view"}',
].join('\n');

describe('loadline validate on logs', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-validate-logs-'));
    fs.writeFileSync(path.join(dir, '.loadline.json'), JSON.stringify(CONFIG));
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.mkdirSync(path.join(dir, 'kept'));
    fs.writeFileSync(path.join(dir, 'logs', 'bad.jsonl'), BAD_LOG + '\n');
    fs.writeFileSync(path.join(dir, 'logs', 'good.ndjson'), '{"id":"a","type":"click","ts":1}\n{"id":"b","type":"view","ts":2}\n');
    fs.writeFileSync(path.join(dir, 'kept', 'repeats.jsonl'), '{"id":"a"}\n{"id":"a"}\n');
    fs.writeFileSync(path.join(dir, 'stray.jsonl'), '{"anything":1}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports exactly the dry run's rejects, with their codes and reasons, and exits 1", () => {
    const rejects = path.join(dir, 'rejects.jsonl');
    const dry = runCli(['ingest', '--dry-run', 'logs/bad.jsonl', '--rejects', rejects], { cwd: dir });
    assert.equal(dry.status, 0, dry.stderr);
    const expected = fs
      .readFileSync(rejects, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { line: number; code: string; reason: string });
    fs.rmSync(rejects);
    const result = runCli(['validate', '--format', 'json', 'logs/bad.jsonl'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    const problems = JSON.parse(result.stdout) as {
      file: string;
      line: number;
      column: number;
      endColumn: number;
      severity: string;
      code: string;
      message: string;
    }[];
    assert.deepEqual(
      problems.map(({ line, code, message }) => ({ line, code, reason: message })),
      expected.map(({ line, code, reason }) => ({ line, code, reason })),
    );
    // Where the editor squiggles each line (the same core function places both), in 1-based columns.
    const editor = new LiveLog(compileMapping(CONFIG.ingest[0])).check(BAD_LOG);
    assert.deepEqual(
      problems.map((p) => [p.file, p.severity, p.line, p.column, p.endColumn]),
      editor.map((f) => ['logs/bad.jsonl', 'error', f.line + 1, f.start + 1, f.end + 1]),
    );
    // A wrong-typed value is its token, "warm", not the line.
    const warm = BAD_LOG.split('\n')[1].indexOf('"warm"') + 1;
    assert.deepEqual([problems[0].column, problems[0].endColumn], [warm, warm + '"warm"'.length]);
  });

  it('finds logs under a folder, checks the matched ones, lists the others as unchecked, and passes clean ones', () => {
    const result = runCli(['validate', '.'], { cwd: dir });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^logs\/bad\.jsonl:2:46: error value-error wrong type for c: expected an integer, got string "warm"$/m);
    assert.match(result.stdout, /^kept\/repeats\.jsonl:2:7: information duplicate-key repeats the key of line 1; onDuplicate "skip" keeps line 1/m);
    assert.doesNotMatch(result.stdout, /good\.ndjson/);
    assert.match(result.stdout, /^stray\.jsonl: information unchecked not checked: no mapping in its \.loadline\.json matches this log$/m);
    assert.match(result.stderr, /^3 files checked \(1 JSON-lines log not checked: no mapping matches it\): 5 errors, 1 other problem$/m);
    const clean = runCli(['validate', 'logs/good.ndjson', 'kept/repeats.jsonl'], { cwd: dir });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  });

  it('finds a .jsonlines log under a folder, as by name, and names the extensions it looks for', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-jsonlines-'));
    const mapping = { name: 'ev', files: ['**/*.jsonlines'], table: 'ev', key: 'id', columns: { id: { from: 'id', type: 'string' } } };
    fs.writeFileSync(path.join(folder, '.loadline.json'), JSON.stringify({ ingest: [mapping] }));
    fs.mkdirSync(path.join(folder, 'd'));
    fs.mkdirSync(path.join(folder, 'empty'));
    fs.writeFileSync(path.join(folder, 'd', 'broken.jsonlines'), 'not json\n');
    const result = runCli(['validate', 'd'], { cwd: folder });
    const empty = runCli(['validate', 'empty'], { cwd: folder });
    fs.rmSync(folder, { recursive: true, force: true });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^d\/broken\.jsonlines:1:1: error invalid-json /m);
    assert.equal(empty.stderr, 'loadline: no files match empty: it holds no .csv, .tsv, .jsonl, .ndjson or .jsonlines file\n');
  });

  it('gives every output format and the step summary, the unchecked log a skipped case', () => {
    const summary = path.join(dir, 'summary.md');
    const junit = runCli(['validate', '--format', 'junit', 'logs/bad.jsonl', 'stray.jsonl'], {
      cwd: dir,
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
    assert.equal(junit.status, 1, junit.stderr);
    assert.match(junit.stdout, /<testcase name="logs\/bad\.jsonl" classname="[^"]*">\s*<failure message="5 errors, 0 warnings"/);
    assert.match(junit.stdout, /<testcase name="stray\.jsonl" classname="[^"]*">\s*<skipped message="no mapping in its \.loadline\.json matches this log"\/>/);
    const text = fs.readFileSync(summary, 'utf8');
    assert.match(text, /^1 file checked: 5 errors, 0 warnings\.$/m);
    assert.match(text, /^- stray\.jsonl: not checked, no mapping in its \.loadline\.json matches this log$/m);
    assert.match(text, /^- 3:2 error `invalid-json` invalid JSON/m);

    const sarif = runCli(['validate', '--format', 'sarif', 'logs/bad.jsonl'], { cwd: dir });
    assert.equal(sarif.status, 1, sarif.stderr);
    const results = (
      JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }
    ).runs[0].results;
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine]),
      [
        ['value-error', 2],
        ['invalid-json', 3],
        ['duplicate-key', 4],
        ['unsupported-event', 5],
        ['required', 7],
      ],
    );
    const github = runCli(['validate', '--format', 'github', 'logs/bad.jsonl'], { cwd: dir });
    assert.match(
      github.stdout,
      /^::error file=logs\/bad\.jsonl,line=4,col=7,endLine=4,endColumn=10,title=loadline duplicate-key::duplicate key id "a": the first one is line 1$/m,
    );
  });

  it('names a log no mapping matches as unchecked in json, sarif, github and text, never as passed, and exits 0', () => {
    const format = (name: string) => {
      const run = runCli(['validate', '--format', name, 'stray.jsonl'], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout;
    };
    const reason = 'not checked: no mapping in its .loadline.json matches this log';
    assert.deepEqual(JSON.parse(format('json')), [{ file: 'stray.jsonl', severity: 'information', code: 'unchecked', message: reason }]);
    const sarif = JSON.parse(format('sarif')) as {
      runs: {
        results: unknown[];
        invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    assert.deepEqual(sarif.runs[0].results, []);
    assert.equal(sarif.runs[0].invocations?.[0].executionSuccessful, true);
    assert.deepEqual(
      sarif.runs[0].invocations?.[0].toolExecutionNotifications.map((n) => [n.level, n.message.text]),
      [['note', reason]],
    );
    assert.equal(format('github'), `::notice file=stray.jsonl,title=loadline unchecked::${reason}\n`);
    assert.equal(format('text'), `stray.jsonl: information unchecked ${reason}\n`);
  });

  it('past --max-problems, counts the hidden problems and still fails on a hidden error', () => {
    const log = path.join(dir, 'kept', 'many.jsonl');
    fs.writeFileSync(log, '{"id":"a"}\n{"id":"a"}\n{"id":"a"}\n[1]\n');
    const result = runCli(['validate', '--format', 'json', '--max-problems', '2', 'kept/many.jsonl'], { cwd: dir });
    fs.rmSync(log);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { line: number; severity: string; code: string }[]).map((p) => [p.line, p.severity, p.code]),
      [
        [2, 'information', 'duplicate-key'],
        [3, 'information', 'duplicate-key'],
        [4, 'error', 'too-many-problems'],
      ],
    );
  });

  it('refuses a UTF-16 log as the dry run does, with one error', () => {
    const log = path.join(dir, 'kept', 'wide.jsonl');
    fs.writeFileSync(log, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"id":"a"}\n', 'utf16le')]));
    const result = runCli(['validate', '--format', 'json', 'kept/wide.jsonl'], { cwd: dir });
    fs.rmSync(log);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { line: number; code: string; message: string }[]).map((p) => [
        p.line,
        p.code,
        /UTF-16LE/.test(p.message),
        /, for example: iconv -f UTF-16 -t UTF-8 \S*wide\.jsonl > utf8-copy$/.test(p.message),
      ]),
      [[1, 'encoding-error', true, true]],
    );
  });
});

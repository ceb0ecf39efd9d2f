// Hostile probe of issue 21: a run writes only a rejects file it creates or that a checkpoint of this load records.
// An existing empty file (another program's, perhaps hard-linked) and an earlier, finished run's rejects file at the
// default path are refused and left as they were.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dryRejectsPath, ingest, ingestWorkspace, loadRejectsPath } from '../support/ingestFixtures';
import { runCli } from '../support/run';

const { dir, database, writeGeneratedLog } = ingestWorkspace();
const dryRun = (file: string, args: string[] = []) => runCli(['ingest', file, '--dry-run', '--json', ...args]);

/** An empty 0644 file with a second name, as another program might keep it. */
function emptyLinkedFile(name: string): { file: string; link: string } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '', { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const link = `${file}.link`;
  fs.linkSync(file, link);
  return { file, link };
}

const assertUntouched = (file: string, link: string) => {
  const [a, b] = [fs.statSync(file), fs.statSync(link)];
  assert.equal(a.size, 0, 'still empty');
  assert.equal(a.mode & 0o777, 0o644, 'its permission bits are kept');
  assert.equal(b.ino, a.ino, 'the other name is still the same file');
};

describe('an existing empty file that Loadline did not create', () => {
  it('--rejects naming it is refused on a real run and a dry run, and the file, its bits and its other name are kept', () => {
    const db = database();
    const log = writeGeneratedLog('empty-rejects.jsonl', 2000, 41, 0.05);
    const { file, link } = emptyLinkedFile('someone-elses.jsonl');
    for (const result of [ingest(log, db.url, ['--rejects', file]), dryRun(log, ['--rejects', file])]) {
      assert.equal(result.status, 2, result.stderr);
      assert.equal(
        result.stderr,
        `loadline: ${file} exists and no checkpoint of this load records it, so Loadline leaves it alone: name another place for the rejects file with --rejects\n`,
      );
      assertUntouched(file, link);
    }
  });

  it('--checkpoint naming it is refused, and the file is kept', () => {
    const db = database();
    const log = writeGeneratedLog('empty-checkpoint.jsonl', 2000, 42, 0.05);
    const { file, link } = emptyLinkedFile('someone-elses.json');
    const result = ingest(log, db.url, ['--checkpoint', file]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /someone-elses\.json exists and is not a Loadline checkpoint, so Loadline leaves it alone: name another place/);
    assert.doesNotMatch(result.stderr, /delete|remove/);
    assertUntouched(file, link);
  });
});

describe('the default rejects file of an earlier, finished run', () => {
  for (const how of ['a real run', 'a dry run']) {
    it(`is not replaced by ${how} again: one message says how to go on, and the user's edits are kept`, () => {
      const db = database();
      const log = writeGeneratedLog(`again-${how.replace(' ', '-')}.jsonl`, 2000, 43, 0.05);
      const run = (args: string[] = []) => (how === 'a real run' ? ingest(log, db.url, args) : dryRun(log, args));
      const first = run();
      assert.equal(first.status, 0, first.stderr);
      const rejects = how === 'a real run' ? loadRejectsPath(log) : dryRejectsPath(log);
      fs.appendFileSync(rejects, '{"line":1,"reason":"my note on this reject"}\n');
      const edited = fs.readFileSync(rejects, 'utf8');

      const again = run();
      assert.equal(again.status, 2, again.stderr);
      assert.equal(
        again.stderr,
        `loadline: ${rejects} holds the rejects of an earlier run, which a new run does not replace: move it aside to keep it, or give this run another file with --rejects PATH\n`,
      );
      assert.equal(fs.readFileSync(rejects, 'utf8'), edited, 'the edits are kept');

      const elsewhere = path.join(dir, `elsewhere-${how.replace(' ', '-')}.jsonl`);
      const moved = run(['--rejects', elsewhere]);
      assert.equal(moved.status, 0, moved.stderr);
      assert.equal(fs.readFileSync(rejects, 'utf8'), edited);
      fs.renameSync(rejects, `${rejects}.kept`);
      const afterMove = run();
      assert.equal(afterMove.status, 0, afterMove.stderr);
      assert.equal(fs.readFileSync(rejects, 'utf8'), fs.readFileSync(elsewhere, 'utf8'));
    });
  }
});
